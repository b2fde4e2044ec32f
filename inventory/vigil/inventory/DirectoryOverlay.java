package vigil.inventory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The inventory with the directories' truth laid over it (docs/directory.md): a person the
 * directory knows takes its {@code active} state, name and manager — unless the inventory writes
 * that key, which then wins, and a disagreement is a {@link Conflict}; a person only the directory
 * knows joins the inventory. An alias takes the members of the directory group mapped to it (the
 * group whose mail is the alias's address, or the group the alias names with {@code group:}),
 * nested groups followed, unless the alias lists members itself; a group with a mail address that
 * no alias has becomes one.
 */
public final class DirectoryOverlay {
    private DirectoryOverlay() {}

    /**
     * Where the inventory and a directory disagree and the inventory's explicit value won: {@code
     * subject} is the person or alias, {@code field} one of {@code active}, {@code name}, {@code
     * manager}, {@code members}.
     */
    public record Conflict(String subject, String field, String inventory, String directory, String source) {}

    public record Overlaid(Inventory inventory, List<Conflict> conflicts) {}

    public static Overlaid apply(Inventory inventory, DirectoryFacts facts) {
        if (facts.people().isEmpty() && facts.groups().isEmpty()) {
            return new Overlaid(inventory, List.of());
        }
        List<Conflict> conflicts = new ArrayList<>();
        Map<String, DirectoryFacts.PersonFact> byEmail = new HashMap<>();
        facts.people().forEach(f -> byEmail.put(f.email(), f));

        Map<String, Person> people = new LinkedHashMap<>();
        for (Person p : inventory.people()) {
            DirectoryFacts.PersonFact f = byEmail.remove(p.email());
            people.put(p.email(), f == null ? p : person(p, f, conflicts));
        }
        for (DirectoryFacts.PersonFact f : byEmail.values()) {
            if (inventory.alias(f.email()).isEmpty()) {
                people.put(f.email(), new Person(f.email(), f.name(), f.manager(), f.activeNow(), Set.of()));
            }
        }

        Map<String, DirectoryFacts.GroupFact> groupsByKey = new HashMap<>();
        Map<String, DirectoryFacts.GroupFact> groupsByMail = new HashMap<>();
        Map<String, DirectoryFacts.GroupFact> groupsByName = new HashMap<>();
        for (DirectoryFacts.GroupFact g : facts.groups()) {
            groupsByKey.put(g.source() + '\u0000' + g.key(), g);
            if (g.mail() != null) {
                groupsByMail.putIfAbsent(g.mail(), g);
            }
            groupsByName.putIfAbsent(g.name().toLowerCase(Locale.ROOT), g);
        }
        Map<DirectoryFacts.GroupFact, String> aliasOf = new HashMap<>();
        for (Alias a : inventory.aliases()) {
            DirectoryFacts.GroupFact g = a.group() != null
                    ? groupsByName.get(a.group().toLowerCase(Locale.ROOT))
                    : groupsByMail.get(a.email());
            if (g != null) {
                aliasOf.putIfAbsent(g, a.email());
            }
        }
        for (DirectoryFacts.GroupFact g : facts.groups()) {
            if (g.mail() != null && !aliasOf.containsKey(g) && !people.containsKey(g.mail())) {
                aliasOf.put(g, g.mail());
            }
        }

        Map<String, Alias> aliases = new LinkedHashMap<>();
        for (Alias a : inventory.aliases()) {
            DirectoryFacts.GroupFact g = a.group() != null
                    ? groupsByName.get(a.group().toLowerCase(Locale.ROOT))
                    : groupsByMail.get(a.email());
            if (g == null || !a.email().equals(aliasOf.get(g))) {
                aliases.put(a.email(), a);
                continue;
            }
            List<String> fromDirectory = members(g, groupsByKey, aliasOf, new HashSet<>());
            if (a.members().isEmpty()) {
                aliases.put(a.email(), new Alias(a.email(), a.name(), fromDirectory, a.group()));
            } else {
                aliases.put(a.email(), a);
                if (!new TreeSet<>(a.members()).equals(new TreeSet<>(fromDirectory))) {
                    conflicts.add(new Conflict(
                            a.email(),
                            "members",
                            String.join(", ", new TreeSet<>(a.members())),
                            String.join(", ", new TreeSet<>(fromDirectory)),
                            g.source()));
                }
            }
        }
        for (Map.Entry<DirectoryFacts.GroupFact, String> e : aliasOf.entrySet()) {
            if (!aliases.containsKey(e.getValue())
                    && inventory.alias(e.getValue()).isEmpty()) {
                DirectoryFacts.GroupFact g = e.getKey();
                aliases.put(
                        e.getValue(),
                        new Alias(e.getValue(), g.name(), members(g, groupsByKey, aliasOf, new HashSet<>())));
            }
        }
        return new Overlaid(
                new Inventory(
                        people.values(),
                        aliases.values(),
                        inventory.credentials(),
                        inventory.workflows(),
                        inventory.channelOwners()),
                conflicts);
    }

    private static Person person(Person p, DirectoryFacts.PersonFact f, List<Conflict> conflicts) {
        boolean active = p.active();
        if (!p.written().contains("active")) {
            active = f.activeNow();
        } else if (p.active() != f.activeNow()) {
            conflicts.add(new Conflict(
                    p.email(),
                    "active",
                    Boolean.toString(p.active()),
                    f.removed() ? "removed" : Boolean.toString(f.active()),
                    f.source()));
        }
        String name = pick(p, "name", p.name(), f.name(), f, conflicts);
        String manager = pick(p, "manager", p.manager(), f.manager(), f, conflicts);
        return new Person(p.email(), name, manager, active, p.written());
    }

    private static String pick(
            Person p,
            String field,
            String inventory,
            String directory,
            DirectoryFacts.PersonFact f,
            List<Conflict> conflicts) {
        if (!p.written().contains(field)) {
            return directory != null ? directory : inventory;
        }
        if (directory != null && !Objects.equals(inventory, directory)) {
            conflicts.add(new Conflict(p.email(), field, inventory, directory, f.source()));
        }
        return inventory;
    }

    /**
     * A group's members as inventory members: people's addresses, and each nested group as its
     * alias, or, when no alias stands for it, as its own members.
     */
    private static List<String> members(
            DirectoryFacts.GroupFact g,
            Map<String, DirectoryFacts.GroupFact> groupsByKey,
            Map<DirectoryFacts.GroupFact, String> aliasOf,
            Set<DirectoryFacts.GroupFact> seen) {
        Set<String> out = new LinkedHashSet<>();
        if (!seen.add(g)) {
            return List.of();
        }
        for (String m : g.members()) {
            if (!m.startsWith("group:")) {
                out.add(m);
                continue;
            }
            DirectoryFacts.GroupFact nested = groupsByKey.get(g.source() + '\u0000' + m.substring("group:".length()));
            if (nested == null || seen.contains(nested)) {
                continue; // unknown, or a cycle back to a group being expanded
            }
            String alias = aliasOf.get(nested);
            if (alias != null) {
                out.add(alias);
            } else {
                out.addAll(members(nested, groupsByKey, aliasOf, seen));
            }
        }
        return List.copyOf(out);
    }
}
