package vigil.inventory.load;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vigil.inventory.Alias;

/** Finds aliases that contain themselves through nested membership; each cycle is reported once. */
final class AliasCycles {
    private AliasCycles() {}

    static void report(
            Map<String, Located<Alias>> aliases, Map<String, List<Located<String>>> members, Problems problems) {
        Set<String> done = new HashSet<>();
        for (String start : aliases.keySet()) {
            if (!done.contains(start)) {
                walk(start, aliases, members, new ArrayList<>(), new HashSet<>(), done, problems);
            }
        }
    }

    private static void walk(
            String alias,
            Map<String, Located<Alias>> aliases,
            Map<String, List<Located<String>>> members,
            List<String> path,
            Set<String> onPath,
            Set<String> done,
            Problems problems) {
        path.add(alias);
        onPath.add(alias);
        for (Located<String> written : members.getOrDefault(alias, List.of())) {
            String member = written.value();
            if (!aliases.containsKey(member)) {
                continue;
            }
            if (onPath.contains(member)) {
                List<String> cycle = new ArrayList<>(path.subList(path.indexOf(member), path.size()));
                cycle.add(member);
                written.problem(problems, "alias membership cycle: " + String.join(" -> ", cycle));
            } else if (!done.contains(member)) {
                walk(member, aliases, members, path, onPath, done, problems);
            }
        }
        path.remove(path.size() - 1);
        onPath.remove(alias);
        done.add(alias);
    }
}
