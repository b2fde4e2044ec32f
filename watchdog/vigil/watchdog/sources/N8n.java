package vigil.watchdog.sources;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import vigil.inventory.Definition;

/**
 * n8n's public API v1 (docs.n8n.io/api/api-reference, "Execution"): {@code GET
 * /api/v1/executions?workflowId=…&includeData=true}, newest first, paged by {@code nextCursor},
 * authenticated by the {@code X-N8N-API-KEY} header. Execution ids grow, so the watermark is an
 * id: below the oldest execution still running, else the newest seen. n8n leaves most executions it
 * is still running out of that list (seen with n8n 1.123), so each pull also asks for them with
 * {@code status=running}: an older execution that finishes after a newer one is read, not skipped.
 */
public final class N8n implements Platform {
    static final int PAGE = 100;

    private final PlatformHttp http;

    /** @param http to the n8n server, authenticating with its {@code X-N8N-API-KEY} header */
    public N8n(PlatformHttp http) {
        this.http = http;
    }

    /** The header n8n's public API authenticates by. */
    public static java.util.Map<String, String> headers(String apiKey) {
        return java.util.Map.of("X-N8N-API-KEY", apiKey);
    }

    @Override
    public int requests() {
        return http.requests();
    }

    @Override
    public Pull pull(String ref, String watermark) throws SourceException {
        IdWatermark mark = new IdWatermark(watermark);
        List<PulledRun> runs = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = page(
                    "/api/v1/executions?includeData=true&limit=" + PAGE + "&workflowId="
                            + URLEncoder.encode(ref, StandardCharsets.UTF_8),
                    cursor);
            boolean older = false;
            for (JsonNode execution : page.get("data")) {
                long id = id(execution);
                if (!mark.isNew(id)) {
                    older = true;
                    break;
                }
                PulledRun run = run(execution);
                mark.seen(id, run);
                if (run != null) {
                    runs.add(run);
                }
            }
            cursor = older ? null : next(page);
        } while (cursor != null);
        running(ref, mark, runs);
        return new Pull(runs, mark.next());
    }

    /**
     * Every workflow n8n keeps ({@code GET /api/v1/workflows}, docs.n8n.io/api/api-reference
     * "Workflow"), read in one pass over its pages, so that each workflow's error workflow is found
     * among them without another request; see {@link N8nDefinitions} for what each yields.
     */
    @Override
    public List<Definition> definitions(String source) throws SourceException {
        List<JsonNode> workflows = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = page("/api/v1/workflows?excludePinnedData=true&limit=" + PAGE, cursor);
            page.get("data").forEach(workflows::add);
            cursor = next(page);
        } while (cursor != null);
        return new N8nDefinitions(workflows).read(source);
    }

    /** One page of a list n8n pages by cursor: {@code path} (with its query) from {@code cursor} (null: the first). */
    private JsonNode page(String path, String cursor) throws SourceException {
        JsonNode page = http.get(
                        path + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)))
                .json();
        if (!page.path("data").isArray()) {
            throw new SourceException(SourceException.Kind.MALFORMED, "n8n answered without a 'data' list");
        }
        return page;
    }

    /** The cursor of the page after {@code page}, or null on the last. */
    private static String next(JsonNode page) {
        return page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
    }

    /** The executions still running, which the plain list mostly leaves out: each holds the watermark. */
    private void running(String ref, IdWatermark mark, List<PulledRun> runs) throws SourceException {
        JsonNode data = http.get("/api/v1/executions?includeData=true&status=running&limit=" + PAGE + "&workflowId="
                        + URLEncoder.encode(ref, StandardCharsets.UTF_8))
                .json()
                .path("data");
        java.util.Set<String> read =
                runs.stream().map(PulledRun::externalId).collect(java.util.stream.Collectors.toSet());
        for (JsonNode execution : data) {
            PulledRun run = run(execution);
            if (run != null && !run.done() && read.add(run.externalId())) {
                runs.add(run);
                mark.seen(id(execution), run);
            }
        }
    }

    private static long id(JsonNode execution) throws SourceException {
        try {
            return Long.parseLong(execution.path("id").asText());
        } catch (NumberFormatException e) {
            throw new SourceException(SourceException.Kind.MALFORMED, "n8n gave an execution id that is not a number");
        }
    }

    /**
     * An execution as a run: {@code status} success → success; error, crashed → fail; canceled
     * after it started → fail; new, running, waiting → a start. n8n before 1.0 gave no status:
     * then {@code finished} and {@code stoppedAt} decide. A canceled execution that never started
     * is no run (null).
     */
    static PulledRun run(JsonNode e) throws SourceException {
        Instant started = IdWatermark.instant("n8n", e.path("startedAt"));
        Instant stopped = IdWatermark.instant("n8n", e.path("stoppedAt"));
        String status = e.path("status").asText("");
        if (status.isEmpty()) {
            status = e.path("finished").asBoolean(false) ? "success" : stopped != null ? "error" : "running";
        }
        String id = e.path("id").asText();
        return switch (status) {
            case "success" -> new PulledRun(id, PulledRun.SUCCESS, started, stopped, null);
            case "error", "crashed" -> new PulledRun(id, PulledRun.FAIL, started, stopped, failure(status, e));
            case "canceled" ->
                started == null ? null : new PulledRun(id, PulledRun.FAIL, started, stopped, failure(status, e));
            case "new", "running", "waiting" -> new PulledRun(id, PulledRun.STARTED, started, null, null);
            default -> new PulledRun(id, PulledRun.FAIL, started, stopped, failure(status, e));
        };
    }

    /** "n8n error: 401 - Unauthorized (node HTTP Request)": the platform's word, then its message. */
    private static String failure(String status, JsonNode e) {
        JsonNode error = e.path("data").path("resultData").path("error");
        StringBuilder b = new StringBuilder("n8n ").append(status);
        if (error.hasNonNull("httpCode")) {
            b.append(": HTTP ").append(error.get("httpCode").asText());
        }
        if (error.hasNonNull("message")) {
            b.append(": ").append(error.get("message").asText());
        }
        if (error.path("node").hasNonNull("name")) {
            b.append(" (node ").append(error.path("node").get("name").asText()).append(')');
        }
        if (error.hasNonNull("description")) {
            b.append("\n").append(error.get("description").asText());
        }
        return b.toString();
    }
}
