package vigil.watchdog.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import vigil.inventory.Inventory;
import vigil.inventory.Workflow;
import vigil.inventory.load.Suggest;
import vigil.watchdog.http.ApiServer;
import vigil.watchdog.http.HttpError;
import vigil.watchdog.http.Params;
import vigil.watchdog.summary.Day;
import vigil.watchdog.summary.SummaryHtml;
import vigil.watchdog.summary.SummaryText;
import vigil.watchdog.summary.TeamSummary;
import vigil.watchdog.summary.Week;
import vigil.watchdog.summary.WeeklySummaries;
import vigil.watchdog.summary.WorkflowWeek;

/**
 * {@code GET /api/v1/summary} renders weekly summaries without sending them (JSON with both parts,
 * or one team's summary as HTML or text); {@code POST /api/v1/summary/send} queues them for
 * delivery now.
 */
public final class SummaryApi {
    private final WeeklySummaries summaries;
    private final Supplier<Inventory> inventory;
    private final Runnable afterSend;

    /** @param afterSend runs once summaries are queued (a dispatch round, so they go out at once) */
    public SummaryApi(WeeklySummaries summaries, Supplier<Inventory> inventory, Runnable afterSend) {
        this.summaries = summaries;
        this.inventory = inventory;
        this.afterSend = afterSend;
    }

    public ApiServer.Response get(ApiServer.Request request) {
        Week week = week(request);
        String team = team(request);
        String format = request.param("format").orElse("json");
        List<TeamSummary> built = summaries.build(week, team);
        switch (format) {
            case "html", "text" -> {
                if (team == null) {
                    throw new HttpError(400, "format=" + format + " renders one summary: add team=EMAIL");
                }
                TeamSummary s = built.get(0);
                return format.equals("html")
                        ? new ApiServer.Response(
                                200,
                                "text/html; charset=utf-8",
                                SummaryHtml.render(s).getBytes(StandardCharsets.UTF_8))
                        : ApiServer.Response.text(200, SummaryText.render(s));
            }
            case "json" -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("week_start", week.first());
                body.put("week_ending", week.ending());
                body.put("timezone", week.zone().getId());
                body.put("summaries", built.stream().map(SummaryApi::json).toList());
                return ApiServer.Response.json(200, body);
            }
            default -> throw new HttpError(400, "format must be html, text or json, not '" + format + "'");
        }
    }

    public ApiServer.Response send(ApiServer.Request request) {
        Week week = week(request);
        WeeklySummaries.Sent sent = summaries.send(week, team(request));
        afterSend.run();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("week_ending", sent.week());
        body.put("sent", sent.lines());
        return ApiServer.Response.json(200, body);
    }

    private Week week(ApiServer.Request request) {
        return request.param("week_ending")
                .map(s -> new Week(Params.date("week_ending", s), summaries.zone()))
                .orElseGet(summaries::defaultWeek);
    }

    /** The team asked for, which must own workflows; null when none was asked for. */
    private String team(ApiServer.Request request) {
        String team = request.param("team").map(String::trim).orElse(null);
        if (team == null || team.isEmpty()) {
            return null;
        }
        TreeSet<String> owners = new TreeSet<>();
        for (Workflow w : inventory.get().workflows()) {
            owners.add(w.owner());
        }
        String lower = team.toLowerCase(java.util.Locale.ROOT);
        owners.add(vigil.watchdog.summary.Summaries.INDIVIDUALS);
        if (!owners.contains(lower)) {
            throw new HttpError(
                    404,
                    "'" + team + "' owns no workflow, so it has no summary"
                            + (Suggest.closest(lower, owners).isPresent()
                                    ? Suggest.hint(lower, owners)
                                    : " (owners: "
                                            + String.join(
                                                    ", ",
                                                    owners.stream().limit(10).toList())
                                            + (owners.size() > 10 ? ", …" : "") + ")"));
        }
        return lower;
    }

    private static Map<String, Object> json(TeamSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("team", s.team());
        m.put("deliver_to", s.deliverTo());
        m.put("durable", s.durable());
        m.put("not_durable_because", s.notDurableBecause());
        m.put("subject", s.subject());
        m.put("headline", s.headline());
        List<Map<String, Object>> workflows = new ArrayList<>();
        for (WorkflowWeek w : s.workflows()) {
            Map<String, Object> wm = new LinkedHashMap<>();
            wm.put("id", w.workflow().id());
            wm.put("expected", w.grid().expected());
            wm.put("succeeded", w.grid().succeeded());
            wm.put("failed", w.grid().failed());
            wm.put("missed", w.grid().missed());
            wm.put(
                    "longest_silence_s",
                    w.grid().silence() == null
                            ? null
                            : w.grid().silence().length().toSeconds());
            wm.put("last_success", w.lastSuccess());
            List<Map<String, Object>> days = new ArrayList<>();
            for (Day d : w.grid().days()) {
                Map<String, Object> dm = new LinkedHashMap<>();
                dm.put("date", d.date());
                dm.put("expected", d.expected());
                dm.put("succeeded", d.succeeded());
                dm.put("failed", d.failed());
                dm.put("missed", d.missed());
                dm.put("mark", d.mark().name().toLowerCase(java.util.Locale.ROOT));
                days.add(dm);
            }
            wm.put("days", days);
            wm.put("findings", w.findings());
            workflows.add(wm);
        }
        m.put("workflows", workflows);
        m.put("text", SummaryText.render(s));
        m.put("html", SummaryHtml.render(s));
        return m;
    }
}
