package vigil.watchdog.summary;

import static vigil.watchdog.render.Html.escape;

import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import vigil.inventory.Workflow;
import vigil.inventory.audit.AuditEvidence;
import vigil.inventory.audit.Finding;
import vigil.inventory.audit.Severity;
import vigil.inventory.load.Durations;
import vigil.watchdog.render.Html;

/** The HTML part: the same content as the text, the grid in colour and symbol, inline styles only. */
public final class SummaryHtml {
    private static final String CELL = "padding:2px 1px;text-align:center;border-bottom:1px solid " + Html.RULE + ";";
    private static final String NUM = "padding:2px 3px;text-align:right;border-bottom:1px solid " + Html.RULE
            + ";font-variant-numeric:tabular-nums;";

    private SummaryHtml() {}

    public static String render(TeamSummary s) {
        StringBuilder b = new StringBuilder();
        b.append(Html.section(Html.muted("VIGIL WEEKLY SUMMARY · "
                        + escape(s.team().equals(Summaries.INDIVIDUALS) ? "workflows owned by individuals" : s.team()))
                + Html.muted("Week " + escape(s.week().describe()) + " ("
                        + escape(s.week().zone().getId()) + ")")
                + "<h1 style=\"font-size:20px;line-height:1.35;margin:10px 0 0;font-weight:600;\">"
                + escape(s.headline()) + "</h1>"));
        if (s.likelyCause() != null) {
            b.append(Html.section(Html.notice(escape(s.likelyCause()), Mark.FAILED.ink, Mark.FAILED.paper)));
        }
        if (!s.durable()) {
            b.append(Html.section(Html.notice(escape(SummaryText.fallbackNotice(s)), "#f79009", "#fffaeb")));
        }
        b.append(Html.section(grid(s)));
        List<WorkflowWeek> attention =
                s.workflows().stream().filter(WorkflowWeek::needsAttention).toList();
        if (!attention.isEmpty()) {
            StringBuilder a = new StringBuilder(
                    "<h2 style=\"font-size:16px;margin:0 0 4px;font-weight:600;\">Runs that need attention</h2>");
            for (WorkflowWeek w : attention) {
                a.append(workflow(w, s.week()));
            }
            b.append(Html.section(a.toString()));
        }
        List<String> anomalies = SummaryText.anomalyLines(s);
        if (!anomalies.isEmpty()) {
            StringBuilder a = new StringBuilder("<h2 style=\"font-size:16px;margin:0 0 4px;font-weight:600;\">"
                    + "Beyond normal this week (" + anomalies.size() + ")</h2><ul style=\"margin:6px 0 0;"
                    + "padding-left:18px;\">");
            for (String line : anomalies) {
                a.append("<li>").append(escape(line)).append("</li>");
            }
            b.append(Html.section(a.append("</ul>").toString()));
        }
        if (!s.findings().isEmpty()) {
            b.append(Html.section(findings(s)));
        }
        if (!s.strays().isEmpty()) {
            b.append(Html.section(strays(s)));
        }
        b.append(Html.section(Html.muted("Sent by Vigil. The grid counts runs by day in "
                + escape(s.week().zone().getId()) + "; <code>vigil status</code> shows each workflow now.")));
        return Html.page(s.subject(), s.headline(), b.toString());
    }

    /**
     * Each workflow is a row of its own above its days, so the grid needs no name column and fits a
     * 400 px mail client: seven day cells and four counts, about 330 px.
     */
    private static String grid(TeamSummary s) {
        StringBuilder t = new StringBuilder("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\""
                + " style=\"width:100%;border-collapse:collapse;font-size:12px;\">\n<tr style=\"color:" + Html.MUTED
                + ";font-size:11px;\">");
        for (LocalDate d : s.week().days()) {
            t.append("<th style=\"padding:2px 1px;font-weight:500;\">")
                    .append(d.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH))
                    .append("<br>")
                    .append(d.getDayOfMonth())
                    .append("</th>");
        }
        for (String h : List.of("exp", "ok", "fail", "miss")) {
            t.append("<th align=\"right\" style=\"padding:2px 3px;font-weight:500;\">")
                    .append(h)
                    .append("</th>");
        }
        t.append("</tr>\n");
        for (WorkflowWeek w : s.workflows()) {
            Workflow wf = w.workflow();
            t.append("<tr><td colspan=\"11\" style=\"padding:8px 0 2px;\"><span style=\"font-family:")
                    .append(Html.MONO)
                    .append(";\">")
                    .append(escape(wf.id()))
                    .append("</span>");
            if (wf.name() != null && !wf.name().equals(wf.id())) {
                t.append(" <span style=\"color:")
                        .append(Html.MUTED)
                        .append(";\">")
                        .append(escape(wf.name()))
                        .append("</span>");
            }
            t.append("</td></tr>\n<tr>");
            for (Day d : w.grid().days()) {
                Mark m = d.mark();
                t.append("<td style=\"")
                        .append(CELL)
                        .append("\"><span title=\"")
                        .append(escape(title(d)))
                        .append("\" style=\"display:inline-block;min-width:26px;padding:2px 0;border-radius:4px;")
                        .append("font-weight:600;color:")
                        .append(m.ink)
                        .append(";background:")
                        .append(m.paper)
                        .append(";\">")
                        .append(escape(SummaryText.cell(d)))
                        .append("</span></td>");
            }
            DayGrid g = w.grid();
            t.append(num(g.expected(), null))
                    .append(num(g.succeeded(), null))
                    .append(num(g.failed(), g.failed() > 0 ? Mark.FAILED.ink : null))
                    .append(num(g.missed(), g.missed() > 0 ? Mark.MISSED.ink : null))
                    .append("</tr>\n");
        }
        t.append("</table>\n<div style=\"margin-top:8px;font-size:12px;color:")
                .append(Html.MUTED)
                .append(";\">");
        for (Mark m : Mark.values()) {
            t.append("<span style=\"display:inline-block;margin-right:12px;\"><span style=\"color:")
                    .append(m.ink)
                    .append(";background:")
                    .append(m.paper)
                    .append(";padding:0 4px;border-radius:3px;font-weight:600;\">")
                    .append(escape(m.symbol))
                    .append("</span> ")
                    .append(m.meaning)
                    .append("</span>");
        }
        return t.append(" A number is how many runs reported that day.</div>").toString();
    }

    private static String title(Day d) {
        return d.expected() + " expected, " + d.succeeded() + " succeeded, " + d.failed() + " failed, " + d.missed()
                + " missed" + (d.paused() ? " (paused)" : "");
    }

    private static String num(int n, String colour) {
        return "<td style=\"" + NUM + (colour == null ? "" : "color:" + colour + ";font-weight:600;") + "\">" + n
                + "</td>";
    }

    private static String workflow(WorkflowWeek w, Week week) {
        Workflow wf = w.workflow();
        StringBuilder b = new StringBuilder("<div style=\"margin-top:14px;padding-top:10px;border-top:1px solid ")
                .append(Html.RULE)
                .append(";\"><div style=\"font-weight:600;\"><span style=\"font-family:")
                .append(Html.MONO)
                .append(";\">")
                .append(escape(wf.id()))
                .append("</span>");
        if (wf.name() != null && !wf.name().equals(wf.id())) {
            b.append(" <span style=\"font-weight:400;color:")
                    .append(Html.MUTED)
                    .append(";\">")
                    .append(escape(wf.name()))
                    .append("</span>");
        }
        b.append("</div>")
                .append(Html.muted(
                        escape(wf.schedule().describe() + " (" + wf.timezone().getId() + "), grace "
                                + Durations.format(wf.grace()) + ", owner " + wf.owner())))
                .append("<div>")
                .append(escape(SummaryText.totals(w, week)))
                .append("</div>");
        if (!w.grid().failures().isEmpty()) {
            b.append("<div style=\"margin-top:4px;\">Last failure ")
                    .append("<code style=\"font-family:")
                    .append(Html.MONO)
                    .append(";font-size:12px;background:#f2f4f7;padding:1px 4px;border-radius:3px;\">")
                    .append(escape(SummaryText.failureLine(w.grid().failures().get(0), week)))
                    .append("</code></div>");
        }
        return b.append("</div>").toString();
    }

    private static String findings(TeamSummary s) {
        StringBuilder b = new StringBuilder(
                "<h2 style=\"font-size:16px;margin:0 0 4px;font-weight:600;\">Findings, each with its fix</h2>");
        for (TeamSummary.FindingGroup g : s.findings()) {
            Finding f = g.finding();
            boolean error = f.severity() == Severity.ERROR;
            b.append("<div style=\"margin-top:10px;\">")
                    .append(Html.badge(
                            f.severity().toString(),
                            error ? Mark.FAILED.ink : Mark.MISSED.ink,
                            error ? Mark.FAILED.paper : Mark.MISSED.paper))
                    .append(" <span style=\"font-family:")
                    .append(Html.MONO)
                    .append(";font-size:12px;\">")
                    .append(escape(f.rule()))
                    .append("</span> ")
                    .append(escape(f.message()))
                    .append(Html.muted("concerns " + escape(SummaryText.workflows(g.workflows()))))
                    .append("</div>");
        }
        return b.toString();
    }

    private static String strays(TeamSummary s) {
        StringBuilder b = new StringBuilder(
                "<h2 style=\"font-size:16px;margin:0 0 4px;font-weight:600;\">Stray pings this week</h2>"
                        + Html.muted("Automation nobody inventoried: pings for ids that are in no workflow.")
                        + "<ul style=\"margin:6px 0 0;padding-left:18px;\">");
        List<AuditEvidence.Stray> shown = s.strays()
                .subList(0, Math.min(SummaryText.MAX_STRAYS, s.strays().size()));
        for (AuditEvidence.Stray stray : shown) {
            b.append("<li><span style=\"font-family:")
                    .append(Html.MONO)
                    .append(";font-size:12px;\">")
                    .append(escape(stray.id()))
                    .append("</span>: ")
                    .append(stray.count())
                    .append(" ping(s), last ")
                    .append(escape(SummaryText.when(stray.lastSeen(), s.week())))
                    .append("</li>");
        }
        if (s.strays().size() > shown.size()) {
            b.append("<li>… and ")
                    .append(s.strays().size() - shown.size())
                    .append(" more (<code>vigil audit</code> lists all)</li>");
        }
        return b.append("</ul>").toString();
    }
}
