package vigil.watchdog.sources;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import vigil.inventory.Definition;
import vigil.inventory.Definition.Handle;
import vigil.inventory.Definition.PlatformRoute;
import vigil.inventory.schedule.CronExpression;
import vigil.inventory.schedule.InvalidCronException;

/**
 * A GitHub Actions workflow file as a {@link Definition} ("Workflow syntax for GitHub Actions" and
 * "Events that trigger workflows", docs.github.com/actions):
 *
 * <ul>
 *   <li>schedules: each {@code on.schedule[].cron}, a 5-field POSIX cron (GitHub reads no macros).
 *       {@code on} may also be an event name or a list of them: no schedule then.
 *   <li>timezone: a schedule entry's {@code timezone} (an IANA name), else UTC, GitHub's default.
 *       A definition has one zone: entries in another zone than the first are left out, said in
 *       problems.
 *   <li>credentials: every secret an expression names ({@code secrets.NAME}, {@code
 *       secrets['NAME']}) in a {@code ${{ }}} or an {@code if:}, upper case as GitHub keeps secret
 *       names (they are not case-sensitive). {@code GITHUB_TOKEN} is left out: GitHub issues it to
 *       each run, it is nobody's credential to rotate or hand over. {@code secrets: inherit} hands
 *       all secrets to a reusable workflow not read here: a problem.
 *   <li>routes: the steps that mail or post to Slack when something failed, as {@link
 *       GitHubNotifyingSteps} finds them.
 * </ul>
 *
 * The owner is null: a workflow file names none.
 */
final class GitHubDefinitions {
    /**
     * YAML 1.2 (snakeyaml-engine underneath): {@code on} is a string there. YAML 1.1 parsers read a
     * bare {@code on:} key as the boolean true — the file would seem to have no triggers.
     */
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private static final Pattern SECRET =
            Pattern.compile("(?<![\\w.])secrets\\s*(?:\\.\\s*([A-Za-z_][A-Za-z0-9_]*)|\\[\\s*'([^']*)'\\s*\\])");

    private final String path;
    private final List<String> schedules = new ArrayList<>();
    private final Set<String> secrets = new LinkedHashSet<>();
    private final Set<PlatformRoute> routes = new LinkedHashSet<>();
    private final List<String> problems = new ArrayList<>();
    private String timezone = "UTC";

    private GitHubDefinitions(String path) {
        this.path = path;
    }

    /** The definition a workflow file gives; what it says in a way Vigil cannot read is in its problems. */
    static Definition read(String source, String ref, String name, boolean paused, String path, String text) {
        GitHubDefinitions file = new GitHubDefinitions(path);
        file.read(text);
        return new Definition(
                source,
                ref,
                name,
                file.schedules,
                file.timezone,
                paused,
                null,
                file.secrets.stream().map(s -> new Handle(s, null)).toList(),
                List.copyOf(file.routes),
                file.problems);
    }

    /** A workflow whose file could not be read: known by the list only, the reason its problem. */
    static Definition unread(String source, String ref, String name, boolean paused, String problem) {
        return new Definition(
                source, ref, name, List.of(), "UTC", paused, null, List.of(), List.of(), List.of(problem));
    }

    private void read(String text) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JacksonException e) {
            var at = e.getLocation();
            problems.add("the workflow file " + path + " is not YAML Vigil can read"
                    + (at == null || at.getLineNr() < 1
                            ? ""
                            : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
            return;
        }
        if (root == null || !root.isObject()) {
            problems.add("the workflow file " + path + " is not a YAML mapping");
            return;
        }
        JsonNode on = root.get("on");
        if (on == null) {
            problems.add("the workflow file " + path + " has no 'on:', so GitHub never starts it");
        } else {
            schedules(on);
        }
        secrets(root, "");
        new GitHubNotifyingSteps(routes, problems).read(root);
    }

    private void schedules(JsonNode on) {
        if (!on.isObject()) {
            boolean named = on.isArray()
                    ? on.valueStream().anyMatch(e -> "schedule".equals(text(e)))
                    : "schedule".equals(text(on));
            if (named) {
                problems.add("'on' names the schedule event without a cron, which GitHub does not accept");
            }
            return;
        }
        JsonNode schedule = on.get("schedule");
        if (schedule == null || schedule.isNull()) {
            return;
        }
        if (!schedule.isArray()) {
            problems.add("on.schedule is not a list of crons");
            return;
        }
        List<String> zones = new ArrayList<>();
        for (JsonNode entry : schedule) {
            String cron = text(entry.get("cron"));
            if (cron == null) {
                problems.add("an on.schedule entry has no cron");
                continue;
            }
            String written = cron.trim().replaceAll("\\s+", " ");
            String zone = zone(cron, text(entry.get("timezone")));
            if (written.split(" ").length != 5) {
                problems.add("schedule cron '" + cron + "' is not the 5-field cron GitHub reads");
                continue;
            }
            try {
                CronExpression.parse(written);
            } catch (InvalidCronException e) {
                problems.add("schedule cron '" + cron + "' is not a cron Vigil can read: " + e.getMessage());
                continue;
            }
            if (!zones.isEmpty() && !zones.get(0).equals(zone)) {
                problems.add("schedule cron '" + cron + "' in " + zone + " is left out: a definition has one time"
                        + " zone, and the first schedule's is " + zones.get(0));
                continue;
            }
            zones.add(zone);
            schedules.add(written);
        }
        if (!zones.isEmpty()) {
            timezone = zones.get(0);
        }
    }

    /** The entry's zone, UTC when it names none or one Vigil does not know (said in problems). */
    private String zone(String cron, String zone) {
        if (zone == null) {
            return "UTC";
        }
        try {
            return ZoneId.of(zone.trim()).getId();
        } catch (DateTimeException e) {
            problems.add("schedule cron '" + cron + "' names time zone '" + zone
                    + "', not an IANA zone Vigil knows; read in UTC");
            return "UTC";
        }
    }

    /** Every secret named in an expression anywhere in the file; {@code key} is the value's key. */
    private void secrets(JsonNode node, String key) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (e.getKey().equals("secrets") && "inherit".equals(text(e.getValue()))) {
                    problems.add("job '" + key + "' hands all its secrets to a reusable workflow (secrets: inherit);"
                            + " the ones that uses are not read");
                }
                secrets(e.getValue(), e.getKey());
            }
        } else if (node.isArray()) {
            for (JsonNode e : node) {
                secrets(e, key);
            }
        } else if (node.isString()) {
            for (String expression : expressions(node.asString(), key.equals("if"))) {
                Matcher m = SECRET.matcher(expression);
                while (m.find()) {
                    String name = (m.group(1) != null ? m.group(1) : m.group(2)).toUpperCase(Locale.ROOT);
                    if (!name.equals("GITHUB_TOKEN")) {
                        secrets.add(name);
                    }
                }
            }
        }
    }

    /** The {@code ${{ }}} expressions in a value; an {@code if:} is one even without them. */
    private static List<String> expressions(String text, boolean condition) {
        List<String> expressions = new ArrayList<>();
        int from = text.indexOf("${{");
        if (from < 0 && condition) {
            return List.of(text);
        }
        while (from >= 0) {
            int to = text.indexOf("}}", from + 3);
            expressions.add(text.substring(from + 3, to < 0 ? text.length() : to));
            from = to < 0 ? -1 : text.indexOf("${{", to + 2);
        }
        return expressions;
    }

    /** A scalar's text; null for no node, a YAML null, a mapping or a list. */
    static String text(JsonNode node) {
        return node == null || node.isNull() || node.isContainer() || node.isMissingNode() ? null : node.asString();
    }
}
