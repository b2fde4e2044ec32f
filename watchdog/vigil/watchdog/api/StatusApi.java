package vigil.watchdog.api;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import vigil.inventory.Inventory;
import vigil.inventory.Workflow;
import vigil.inventory.store.InventoryStore;
import vigil.watchdog.evaluate.States;
import vigil.watchdog.evaluate.WorkflowStatus;
import vigil.watchdog.http.ApiServer;
import vigil.watchdog.http.HttpError;
import vigil.watchdog.http.Params;
import vigil.watchdog.runs.Evidence;
import vigil.watchdog.runs.Run;
import vigil.watchdog.runs.RunStore;

/**
 * {@code GET /api/v1/status[?at=]} — every workflow's state computed from stored evidence as of
 * any instant, past or future — and {@code GET /api/v1/workflows/{id}/runs}.
 */
public final class StatusApi {
    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 1_000;

    private final Supplier<Inventory> inventory;
    private final InventoryStore inventoryStore;
    private final RunStore runs;
    private final vigil.watchdog.baseline.AnomalyStore anomalies;
    private final Clock clock;

    public StatusApi(
            Supplier<Inventory> inventory,
            InventoryStore inventoryStore,
            RunStore runs,
            vigil.watchdog.baseline.AnomalyStore anomalies,
            Clock clock) {
        this.anomalies = anomalies;
        this.inventory = inventory;
        this.inventoryStore = inventoryStore;
        this.runs = runs;
        this.clock = clock;
    }

    public ApiServer.Response status(ApiServer.Request request) {
        Instant at = request.param("at").map(t -> Params.instant("at", t)).orElseGet(clock::instant);
        Map<String, Evidence> evidence = runs.evidenceAll(at);
        Map<String, Instant> firstSeen = inventoryStore.workflowsFirstSeen();
        Map<String, List<Map<String, Object>>> recent = new java.util.HashMap<>();
        for (vigil.watchdog.baseline.Anomaly a :
                anomalies.between(at.minus(java.time.Duration.ofDays(1)), at.plusMillis(1))) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("kind", a.kind().label());
            row.put("day", a.day().toString());
            row.put("value", a.value());
            row.put("normal", a.normal());
            row.put("factor", a.factor());
            row.put("limit", a.limit());
            row.put("run", a.run());
            row.put("at", a.at());
            row.put("text", vigil.watchdog.baseline.AnomalyText.what(a));
            recent.computeIfAbsent(a.workflow(), k -> new ArrayList<>()).add(row);
        }
        List<Map<String, Object>> workflows = new ArrayList<>();
        for (Workflow w : inventory.get().workflows()) {
            WorkflowStatus s =
                    States.at(w, firstSeen.getOrDefault(w.id(), at), evidence.getOrDefault(w.id(), Evidence.NONE), at);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", w.id());
            row.put("name", w.name());
            row.put("owner", w.owner());
            row.put("state", s.state().label());
            row.put("reason", s.reason());
            row.put("last_run", s.lastRun());
            row.put("last_success", s.lastSuccess());
            row.put("next_due", s.nextDue());
            row.put("deadline", s.deadline());
            row.put("anomalies", recent.getOrDefault(w.id(), List.of()));
            workflows.add(row);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("at", at);
        body.put("workflows", workflows);
        return ApiServer.Response.json(200, body);
    }

    public ApiServer.Response runs(ApiServer.Request request) {
        String rest = request.path().substring("/api/v1/workflows/".length());
        if (!rest.endsWith("/runs") || rest.indexOf('/') != rest.length() - "/runs".length()) {
            throw new HttpError(404, "not found");
        }
        String id = rest.substring(0, rest.length() - "/runs".length());
        if (inventory.get().workflow(id).isEmpty() && runs.countRuns(id) == 0) {
            throw new HttpError(404, "unknown workflow '" + id + "'");
        }
        int limit;
        try {
            limit = request.param("limit").map(Integer::parseInt).orElse(DEFAULT_LIMIT);
        } catch (NumberFormatException e) {
            throw new HttpError(400, "limit must be a whole number");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new HttpError(400, "limit must be between 1 and " + MAX_LIMIT);
        }
        List<Run> list = runs.runs(id, limit);
        Map<Long, List<String>> marked = list.isEmpty()
                ? Map.of()
                : anomalies.kindsByRun(
                        id, list.get(list.size() - 1).id(), list.get(0).id());
        List<com.fasterxml.jackson.databind.JsonNode> rows = new ArrayList<>();
        for (Run r : list) {
            com.fasterxml.jackson.databind.node.ObjectNode row = vigil.watchdog.http.Json.MAPPER.valueToTree(r);
            row.set("anomalies", vigil.watchdog.http.Json.MAPPER.valueToTree(marked.getOrDefault(r.id(), List.of())));
            rows.add(row);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", runs.countRuns(id));
        body.put("runs", rows);
        return ApiServer.Response.json(200, body);
    }
}
