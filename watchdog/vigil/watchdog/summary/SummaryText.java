package vigil.watchdog.summary;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import vigil.inventory.Workflow;
import vigil.inventory.audit.AuditEvidence;
import vigil.inventory.audit.Finding;
import vigil.inventory.load.Durations;
import vigil.watchdog.render.Text;
import vigil.watchdog.runs.Run;
import vigil.watchdog.runs.RunLog;

/** The plain-text part: at most 80 columns, symbols that read without colour. */
public final class SummaryText {
    static final int WIDTH = Text.WIDTH;
    static final int NAME = 22;
    static final int MAX_STRAYS = 10;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);

    private SummaryText() {}

    public static String render(TeamSummary s) {
        StringBuilder t = new StringBuilder();
        wrap(
                t,
                "Vigil weekly summary for "
                        + (s.team().equals(Summaries.INDIVIDUALS) ? "workflows owned by individuals" : s.team()),
                "",
                "");
        t.append("Week ")
                .append(s.week().describe())
                .append(" (")
                .append(s.week().zone().getId())
                .append(")\n\n");
        wrap(t, s.headline(), "", "");
        t.append('\n');
        if (s.likelyCause() != null) {
            wrap(t, s.likelyCause(), "", "");
            t.append('\n');
        }
        if (!s.durable()) {
            wrap(t, fallbackNotice(s), "", "");
            t.append('\n');
        }
        t.append(String.format("%-" + NAME + "s ", ""));
        for (java.time.LocalDate d : s.week().days()) {
            t.append(String.format(
                    "%-5s", d.getDayOfWeek().getDisplayName(java.time.format.TextStyle.SHORT, Locale.ENGLISH)));
        }
        t.append(String.format("%5s%5s%5s%5s%n", "exp", "ok", "fail", "miss"));
        boolean beyond = false;
        for (WorkflowWeek w : s.workflows()) {
            t.append(String.format("%-" + NAME + "s ", clip(w.workflow().id(), NAME)));
            java.util.Set<java.time.LocalDate> marked = new java.util.HashSet<>();
            w.anomalies()
                    .forEach(a -> marked.add(
                            java.time.LocalDate.ofInstant(a.at(), s.week().zone())));
            for (Day d : w.grid().days()) {
                boolean mark = marked.contains(d.date());
                beyond |= mark;
                t.append(String.format("%-5s", cell(d) + (mark ? "^" : "")));
            }
            DayGrid g = w.grid();
            t.append(String.format("%5d%5d%5d%5d%n", g.expected(), g.succeeded(), g.failed(), g.missed()));
        }
        t.append('\n');
        List<String> legend = new ArrayList<>();
        for (Mark m : Mark.values()) {
            legend.add(m.symbol + " " + m.meaning);
        }
        if (beyond) {
            legend.add("^ beyond normal (listed below)");
        }
        wrap(t, String.join("   ", legend) + ". A number is how many runs reported that day.", "");
        List<WorkflowWeek> attention =
                s.workflows().stream().filter(WorkflowWeek::needsAttention).toList();
        if (!attention.isEmpty()) {
            t.append("\nRuns that need attention\n------------------------\n");
            for (WorkflowWeek w : attention) {
                t.append('\n');
                workflow(t, w, s.week());
            }
        }
        anomalies(t, s);
        findings(t, s);
        strays(t, s);
        t.append("\n-- \nSent by Vigil. The grid counts runs by day in ")
                .append(s.week().zone().getId())
                .append(";\n'vigil status' shows each workflow now.\n");
        return t.toString();
    }

    static String fallbackNotice(TeamSummary s) {
        if (s.team().equals(Summaries.INDIVIDUALS)) {
            List<String> owners = s.workflows().stream()
                    .map(w -> w.workflow().owner())
                    .distinct()
                    .sorted()
                    .toList();
            return "These workflows are owned by individual people ("
                    + String.join(", ", owners.subList(0, Math.min(10, owners.size())))
                    + (owners.size() > 10 ? " and " + (owners.size() - 10) + " more" : "")
                    + "), not by a team alias, so their summary went to " + s.deliverTo()
                    + ". Hand each to a team alias with at least two active people.";
        }
        return "This summary was meant for " + s.team() + ", but " + s.notDurableBecause()
                + ", so it went to " + s.deliverTo()
                + " instead. Make the owner a team alias with at least two active people.";
    }

    private static void workflow(StringBuilder t, WorkflowWeek w, Week week) {
        Workflow wf = w.workflow();
        DayGrid g = w.grid();
        wrap(t, wf.id() + (wf.name() != null && !wf.name().equals(wf.id()) ? " (" + wf.name() + ")" : ""), "", "  ");
        wrap(
                t,
                wf.schedule().describe() + " (" + wf.timezone().getId() + "), grace " + Durations.format(wf.grace())
                        + ", owner " + wf.owner(),
                "  ");
        wrap(t, totals(w, week), "  ");
        if (!g.failures().isEmpty()) {
            Run last = g.failures().get(0);
            wrap(t, "last failure " + failureLine(last, week), "  ");
        }
    }

    /** One line per anomaly of the week (docs/baselines.md), in the order they were found. */
    static List<String> anomalyLines(TeamSummary s) {
        List<vigil.watchdog.baseline.Anomaly> all = new ArrayList<>();
        for (WorkflowWeek w : s.workflows()) {
            all.addAll(w.anomalies());
        }
        all.sort(java.util.Comparator.comparing(vigil.watchdog.baseline.Anomaly::at));
        List<String> lines = new ArrayList<>();
        for (vigil.watchdog.baseline.Anomaly a : all) {
            lines.add(a.workflow() + ", " + when(a.at(), s.week()) + ": " + vigil.watchdog.baseline.AnomalyText.what(a)
                    + " (" + vigil.watchdog.baseline.AnomalyText.limitLabel(a).toLowerCase(Locale.ROOT) + " "
                    + vigil.watchdog.baseline.AnomalyText.limit(a) + ")");
        }
        return lines;
    }

    private static void anomalies(StringBuilder t, TeamSummary s) {
        List<String> lines = anomalyLines(s);
        if (lines.isEmpty()) {
            return;
        }
        String title = "Beyond normal this week (" + lines.size() + ")";
        t.append('\n')
                .append(title)
                .append('\n')
                .append("-".repeat(title.length()))
                .append('\n');
        for (String line : lines) {
            wrap(t, line, "", "  ");
        }
    }

    private static void findings(StringBuilder t, TeamSummary s) {
        List<TeamSummary.FindingGroup> groups = s.findings();
        if (groups.isEmpty()) {
            return;
        }
        t.append("\nFindings, each with its fix\n---------------------------\n");
        for (TeamSummary.FindingGroup g : groups) {
            Finding f = g.finding();
            t.append('\n');
            wrap(t, f.severity() + " " + f.rule() + ": " + f.message(), "");
            wrap(t, "concerns " + workflows(g.workflows()), "  ");
        }
    }

    static String workflows(List<String> ids) {
        int shown = Math.min(ids.size(), 12);
        return (ids.size() == 1 ? "" : ids.size() + " workflows: ")
                + String.join(", ", ids.subList(0, shown))
                + (ids.size() > shown ? " and " + (ids.size() - shown) + " more" : "");
    }

    static String totals(WorkflowWeek w, Week week) {
        DayGrid g = w.grid();
        StringBuilder t = new StringBuilder();
        t.append("expected ")
                .append(g.expected())
                .append(": ")
                .append(g.succeeded())
                .append(" succeeded, ")
                .append(g.failed())
                .append(" failed, ")
                .append(g.missed())
                .append(" missed");
        if (g.silence() != null) {
            t.append("; longest silence ")
                    .append(duration(g.silence().length()))
                    .append(" from ")
                    .append(when(g.silence().from(), week));
        }
        t.append("; last success ").append(w.lastSuccess() == null ? "never" : when(w.lastSuccess(), week));
        return t.toString();
    }

    static String failureLine(Run run, Week week) {
        StringBuilder t = new StringBuilder(when(DayGrid.at(run), week));
        if (run.status().equals("started")) {
            t.append(": started, never completed (timeout)");
        } else if (run.exitStatus() != null) {
            t.append(", exit ").append(run.exitStatus());
        }
        if (run.body() != null && !run.body().isBlank()) {
            String line = RunLog.lastMeaningfulLine(run.body());
            t.append(": ").append(clip(line, 120));
        }
        return t.toString();
    }

    private static void strays(StringBuilder t, TeamSummary s) {
        if (s.strays().isEmpty()) {
            return;
        }
        t.append("\nStray pings this week (automation nobody inventoried)\n");
        for (AuditEvidence.Stray stray :
                s.strays().subList(0, Math.min(MAX_STRAYS, s.strays().size()))) {
            wrap(
                    t,
                    stray.count() + " ping(s) for '" + stray.id() + "', last " + when(stray.lastSeen(), s.week()),
                    "  ");
        }
        if (s.strays().size() > MAX_STRAYS) {
            t.append("  … and ").append(s.strays().size() - MAX_STRAYS).append(" more ids ('vigil audit' lists all)\n");
        }
    }

    static String cell(Day d) {
        Mark m = d.mark();
        if (m == Mark.PAUSED || m == Mark.NONE || m == Mark.UPCOMING) {
            return m.symbol;
        }
        if (d.expected() <= 1 && d.ran() <= 1) {
            return m.symbol;
        }
        return m.symbol + (d.ran() > 999 ? "1k+" : Integer.toString(d.ran()));
    }

    static String when(Instant at, Week week) {
        return WHEN.format(at.atZone(week.zone()));
    }

    static String duration(Duration d) {
        long minutes = d.toMinutes();
        if (minutes < 60) {
            return minutes + " min";
        }
        if (minutes < 48 * 60) {
            return minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
        }
        return minutes / (24 * 60) + " d " + (minutes / 60) % 24 + " h";
    }

    static String clip(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }

    /** Appends {@code text} word-wrapped at {@link #WIDTH}, every line starting with {@code indent}. */
    static void wrap(StringBuilder t, String text, String indent) {
        wrap(t, text, indent, indent + "  ");
    }

    /** As {@link #wrap(StringBuilder, String, String)}, with {@code hanging} before every line but the first. */
    static void wrap(StringBuilder t, String text, String indent, String hanging) {
        Text.wrap(t, text, indent, hanging);
    }
}
