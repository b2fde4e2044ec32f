package vigil.inventory.discovery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import vigil.inventory.Definition;
import vigil.inventory.Observed;
import vigil.inventory.Workflow;
import vigil.inventory.schedule.CronExpression;
import vigil.inventory.schedule.InvalidCronException;

/**
 * Inventory YAML for a source's workflows that no inventory entry watches (docs/discovery.md):
 * {@code source}, name, schedule, time zone, paused, credentials (through the credentials'
 * {@code refs}) and notify filled in from the platform; what the platform cannot know (the owner)
 * and what does not map (an unknown credential, a chat route) are comments to act on. The same
 * definitions and inventory always give the same text: entries in the order of their refs, ids
 * made from names and kept apart from the inventory's.
 */
public final class Proposal {
    private Proposal() {}

    /**
     * How many entries {@link #yaml} proposes for {@code source}: its workflows nobody inventoried
     * that run on a schedule, paused ones too ({@code paused: true}); those on no schedule are
     * written commented out and not counted.
     */
    public static long entries(Observed observed, String source) {
        return observed.uninventoried().stream()
                .filter(d -> d.source().equals(source) && schedule(d.schedules()) != null)
                .count();
    }

    /** The proposal for {@code source}; {@code header} lines are written first as comments. */
    public static String yaml(Observed observed, String source, List<String> header) {
        List<Definition> todo = observed.uninventoried().stream()
                .filter(d -> d.source().equals(source))
                .sorted(Comparator.comparing(Definition::ref))
                .toList();
        StringBuilder b = new StringBuilder();
        for (String line : header) {
            b.append("# ").append(line).append('\n');
        }
        if (todo.isEmpty()) {
            b.append("# Every workflow ").append(source).append(" defines is in the inventory already.\n");
            b.append("workflows: []\n");
            return b.toString();
        }
        Set<String> taken = new HashSet<>();
        observed.inventory().workflows().stream().map(Workflow::id).forEach(taken::add);
        b.append("workflows:\n");
        for (Definition d : todo) {
            entry(b, d, id(d, taken), observed);
        }
        return b.toString();
    }

    private static void entry(StringBuilder b, Definition d, String id, Observed observed) {
        String schedule = schedule(d.schedules());
        boolean scheduled = schedule != null;
        String p = scheduled ? "  " : "  # ";
        if (!scheduled) {
            b.append("  # '")
                    .append(oneLine(d.name()))
                    .append("' runs on no schedule on the platform (a webhook, or by hand): Vigil cannot")
                    .append(" expect its runs, so it is left out\n");
        }
        b.append(p).append("- id: ").append(id).append('\n');
        String q = p + "  ";
        b.append(q).append("name: ").append(quote(d.name())).append('\n');
        if (d.owner() != null) {
            b.append(q).append("owner: ").append(d.owner()).append('\n');
        } else {
            b.append(q).append("# owner: the team alias that answers for it (required; the platform names none)\n");
        }
        if (scheduled) {
            if (schedule.startsWith("every ")) {
                b.append(q)
                        .append("every: ")
                        .append(schedule.substring("every ".length()))
                        .append('\n');
            } else {
                b.append(q).append("schedule: ").append(quote(schedule)).append('\n');
            }
            if (d.schedules().size() > 1 && d.schedules().stream().noneMatch(schedule::equals)) {
                b.append(q)
                        .append("# on the platform: ")
                        .append(String.join(" and ", d.schedules()))
                        .append('\n');
            } else if (d.schedules().size() > 1) {
                b.append(q)
                        .append("# it also runs ")
                        .append(String.join(
                                " and ",
                                d.schedules().stream()
                                        .filter(s -> !s.equals(schedule))
                                        .toList()))
                        // not "an entry per schedule": a platform workflow's runs are pulled into one entry
                        // (one watermark per ref, each run stored once), a second entry would see none
                        .append(", which no one cron joins to the one above: Vigil expects runs on that one only,"
                                + " and the audit reports the difference (inventory-drift)\n");
            }
        }
        if (d.timezone() != null) {
            b.append(q).append("timezone: ").append(d.timezone()).append('\n');
        } else {
            b.append(q).append("# timezone: the platform's default zone applies; write it if it is not vigil.yaml's\n");
        }
        List<String> mapped = observed.mappedCredentials(d);
        if (!mapped.isEmpty()) {
            b.append(q)
                    .append("credentials: [")
                    .append(String.join(", ", mapped))
                    .append("]\n");
        }
        for (Definition.Handle h : d.credentials()) {
            if (observed.credential(d.source(), h).isEmpty()) {
                b.append(q)
                        .append("# uses ")
                        .append(Observed.ref(d.source(), h))
                        .append(h.label() == null ? "" : " (" + oneLine(h.label()) + ")")
                        .append(", no inventory credential: add one with refs: [\"")
                        .append(Observed.ref(d.source(), h))
                        .append("\"]\n");
            }
        }
        List<String> mails = new ArrayList<>();
        for (Definition.PlatformRoute r : d.routes()) {
            String target = r.target().toLowerCase(Locale.ROOT);
            if (r.mail() && !mails.contains(target)) {
                mails.add(target);
            }
        }
        if (!mails.isEmpty()) {
            b.append(q).append("notify: [").append(String.join(", ", mails)).append("]\n");
        } else {
            b.append(q).append("# notify: the platform mails no one when it fails; name a team alias\n");
        }
        for (Definition.PlatformRoute r : d.routes()) {
            b.append(q)
                    .append("# errors go to ")
                    .append(oneLine(r.target()))
                    .append(" (")
                    .append(oneLine(r.where()))
                    .append(")")
                    .append(r.mail() ? "" : ": not a mail address; a Vigil channel can stand for it in notify")
                    .append('\n');
        }
        b.append(q)
                .append("source: { server: ")
                .append(d.source())
                .append(", ref: ")
                .append(quote(d.ref()))
                .append(" }\n");
        if (d.paused()) {
            b.append(q).append("paused: true\n");
        }
        for (String problem : d.problems()) {
            b.append(q).append("# not understood: ").append(oneLine(problem)).append('\n');
        }
    }

    /**
     * The one schedule to watch: the only one, or crons that differ in one field only joined into
     * one ({@code 0 6 * * *} and {@code 0 18 * * *} → {@code 0 6,18 * * *}), else the first; null
     * for none.
     */
    static String schedule(List<String> schedules) {
        if (schedules.isEmpty()) {
            return null;
        }
        if (schedules.size() == 1 || schedules.stream().anyMatch(s -> s.startsWith("every "))) {
            return schedules.get(0);
        }
        List<String[]> fields =
                schedules.stream().map(s -> s.trim().split("\\s+")).toList();
        int differing = -1;
        for (int i = 0; i < 5; i++) {
            Set<String> values = new java.util.LinkedHashSet<>();
            for (String[] f : fields) {
                if (f.length != 5) {
                    return schedules.get(0);
                }
                values.add(f[i]);
            }
            if (values.size() > 1) {
                if (differing >= 0) {
                    return schedules.get(0);
                }
                differing = i;
            }
        }
        if (differing < 0) {
            return schedules.get(0);
        }
        String[] merged = fields.get(0).clone();
        Set<String> values = new java.util.LinkedHashSet<>();
        for (String[] f : fields) {
            values.add(f[differing]);
        }
        merged[differing] = String.join(",", values);
        String joined = String.join(" ", merged);
        try {
            CronExpression.parse(joined);
            return joined;
        } catch (InvalidCronException e) {
            return schedules.get(0);
        }
    }

    /** An inventory id from the workflow's name (else its ref), not yet taken. */
    static String id(Definition d, Set<String> taken) {
        String base = slug(d.name());
        if (base.isEmpty()) {
            base = slug(d.ref());
        }
        if (base.isEmpty()) {
            base = "workflow";
        }
        base = base.length() > 60 ? base.substring(0, 60).replaceAll("-+$", "") : base;
        String id = base;
        for (int n = 2; !taken.add(id); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    private static String slug(String text) {
        if (text == null) {
            return "";
        }
        String s = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-");
        return s.replaceAll("^-+|-+$", "");
    }

    /** A YAML double-quoted scalar. */
    static String quote(String text) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : oneLine(text).toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append('"').toString();
    }

    /**
     * Text from the platform (a name, a label, where a route is set, a problem) on one line that
     * YAML reads back as written: each run of line breaks and tabs becomes a space — YAML 1.1 also
     * breaks lines at NEL, LS and PS, which would end a comment mid-text — and characters a YAML
     * file may not hold (controls, lone surrogates, U+FFFE/U+FFFF) are left out.
     */
    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        text.replaceAll("[\\r\\n\\t\\u0085\\u2028\\u2029]+", " ")
                .codePoints()
                .filter(Proposal::printable)
                .forEach(b::appendCodePoint);
        return b.toString();
    }

    /** The characters YAML 1.1 allows in a stream, less tab and line breaks. */
    private static boolean printable(int c) {
        return (c >= 0x20 && c <= 0x7E)
                || (c >= 0xA0 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }
}
