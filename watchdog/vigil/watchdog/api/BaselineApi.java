package vigil.watchdog.api;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import vigil.inventory.Inventory;
import vigil.inventory.Workflow;
import vigil.inventory.load.Suggest;
import vigil.watchdog.baseline.Proposal;
import vigil.watchdog.baseline.RunValues;
import vigil.watchdog.http.ApiServer;
import vigil.watchdog.http.HttpError;
import vigil.watchdog.runs.Run;
import vigil.watchdog.runs.RunStore;

/**
 * {@code GET /api/v1/baseline[?workflow=ID…][&weeks=N]}: what normal looked like over the last
 * {@code weeks} whole weeks up to yesterday (docs/baselines.md), as {@code normal:} figures to
 * review — for the workflows named, or every workflow that has finished runs.
 */
public final class BaselineApi {
    public static final int DEFAULT_WEEKS = 4;
    public static final int MAX_WEEKS = 52;

    private final Supplier<Inventory> inventory;
    private final RunStore runs;
    private final Clock clock;

    public BaselineApi(Supplier<Inventory> inventory, RunStore runs, Clock clock) {
        this.inventory = inventory;
        this.runs = runs;
        this.clock = clock;
    }

    public ApiServer.Response propose(ApiServer.Request request) {
        int weeks = request.param("weeks").map(BaselineApi::weeks).orElse(DEFAULT_WEEKS);
        Inventory inv = inventory.get();
        List<Workflow> asked = new ArrayList<>();
        List<String> ids = request.params("workflow");
        for (String id : ids) {
            asked.add(inv.workflow(id)
                    .orElseThrow(() -> new HttpError(
                            404,
                            "unknown workflow '" + id + "'"
                                    + Suggest.hint(
                                            id,
                                            inv.workflows().stream()
                                                    .map(Workflow::id)
                                                    .toList()))));
        }
        Instant now = clock.instant();
        List<Map<String, Object>> rows = new ArrayList<>();
        StringBuilder yaml = new StringBuilder("# Proposed by 'vigil baseline' from the last " + weeks
                + " week(s) of stored runs. Review each figure, then copy the normal: block into the\n"
                + "# workflow's entry (docs/baselines.md). A figure from too little history is not proposed.\n");
        int without = 0;
        for (Workflow w : ids.isEmpty() ? List.copyOf(inv.workflows()) : asked) {
            ZoneId zone = w.timezone();
            LocalDate to = LocalDate.ofInstant(now, zone).minusDays(1);
            LocalDate from = to.minusDays(7L * weeks - 1);
            List<Run> finished = runs.completed(w.id(), start(from, zone), start(to.plusDays(1), zone));
            if (finished.isEmpty() && ids.isEmpty()) {
                without++;
                continue;
            }
            List<RunValues> values = new ArrayList<>();
            for (Run r : finished) {
                values.add(new RunValues(r.id(), r.finished(), r.durationMs(), r.count(), r.cost()));
            }
            // history starts with the first run it ever reported: days before it were no normal
            LocalDate since = runs.firstCompleted(w.id())
                    .map(first -> LocalDate.ofInstant(first, zone))
                    .orElse(to.plusDays(1));
            Proposal p = Proposal.of(w, values, from, to, since);
            yaml.append('\n').append(p.yaml());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", w.id());
            row.put("from", p.from().toString());
            row.put("to", p.to().toString());
            row.put("runs", p.runs());
            List<Map<String, Object>> figures = new ArrayList<>();
            for (Proposal.Figure f : p.figures()) {
                Map<String, Object> fig = new LinkedHashMap<>();
                fig.put("key", f.key());
                fig.put("value", f.value());
                fig.put("rests_on", f.restsOn());
                fig.put("spread", f.spread());
                fig.put("refused", f.refused());
                figures.add(fig);
            }
            row.put("figures", figures);
            rows.add(row);
        }
        if (without > 0) {
            yaml.append("\n# ")
                    .append(without)
                    .append(" workflow(s) had no finished run in the window: nothing to propose for them.\n");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("weeks", weeks);
        body.put("workflows", rows);
        body.put("without_runs", without);
        body.put("yaml", yaml.toString());
        return ApiServer.Response.json(200, body);
    }

    private static int weeks(String text) {
        try {
            int weeks = Integer.parseInt(text);
            if (weeks >= 1 && weeks <= MAX_WEEKS) {
                return weeks;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new HttpError(400, "weeks: expected a whole number from 1 to " + MAX_WEEKS + ", found '" + text + "'");
    }

    private static Instant start(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).toInstant();
    }
}
