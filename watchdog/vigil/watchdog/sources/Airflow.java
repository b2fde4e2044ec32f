package vigil.watchdog.sources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vigil.inventory.Definition;
import vigil.watchdog.http.Json;

/**
 * Airflow's stable REST API: {@code /api/v1} of Airflow 2 (HTTP Basic) and {@code /api/v2} of
 * Airflow 3 (a JWT from {@code POST /auth/token}, sent as a Bearer token and fetched again once
 * when refused). Which one a server speaks is asked once per adapter, of the unauthenticated
 * {@code GET /api/v2/version}, then {@code /api/v1/version}. The runs of a DAG ({@code ref} is
 * its dag_id) are {@code GET …/dags/{dag_id}/dagRuns?order_by=-start_date}, newest first (Airflow
 * 2.1 and later sort), paged by {@code limit} and {@code offset} up to {@code total_entries}. v1
 * lists no runs rather than answer 404 for a DAG it does not know, so an empty list there is
 * checked with {@code GET /api/v1/dags/{dag_id}}.
 *
 * <p>The watermark is the {@code start_date} of a run (ISO-8601), the time it really began: the
 * newest run's, or the oldest still queued or running's so that one is read again until it
 * finishes. Runs started at or after the watermark less {@link #LOOKBACK} are read (the margin
 * covers schedulers whose clocks differ a little; runs read twice are stored once). The logical
 * date is no such order: a manual run's is its trigger time, a scheduled run's the start of its
 * interval, so a scheduled run created after a manual one can be "older"; {@code run_after} (v2
 * only) is in the past for backfills and can be chosen by whoever triggers. A run that has not
 * started has no {@code start_date}: it neither ends the paging nor moves the watermark, since it
 * will start after it.
 */
public final class Airflow implements Platform {
    static final int PAGE = 100;

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)");

    /** How far before the watermark runs are read again. */
    static final Duration LOOKBACK = Duration.ofMinutes(5);

    /** {@code external_id} is at most this long in the store. */
    static final int ID_LIMIT = PulledRun.ID_LIMIT;

    /** The REST API a server speaks: its path and how it authenticates. */
    enum Api {
        V1("/api/v1"),
        V2("/api/v2");

        final String base;

        Api(String base) {
            this.base = base;
        }
    }

    private final String username;
    private final Supplier<String> password;
    private final PlatformHttp http;
    private volatile Api api;
    /** The server's version, as its {@code …/version} says ({@code 2.10.5}, {@code 3.1.3}). */
    private volatile String version;

    private volatile String token;

    private Airflow(
            Function<Supplier<Map<String, String>>, PlatformHttp> http, String username, Supplier<String> password) {
        this.username = username == null ? "" : username;
        this.password = password;
        this.http = http.apply(this::headers);
    }

    /**
     * The adapter for one Airflow server; it asks nothing of the server until the first pull.
     *
     * @param http makes the connection to the server, given the authentication headers it is to
     *     ask for at each request (they change once the API is known and with each token)
     * @param username the Airflow user Vigil reads as
     * @param password its password, asked for at each request that needs it (Basic, or a token)
     */
    public static Airflow of(
            Function<Supplier<Map<String, String>>, PlatformHttp> http, String username, Supplier<String> password) {
        return new Airflow(http, username, password);
    }

    /** The headers of the API in use: none while asking which, Basic for v1, the Bearer token for v2. */
    private Map<String, String> headers() {
        if (api == Api.V1) {
            String pair = username + ":" + password();
            return Map.of(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        if (api == Api.V2 && token != null) {
            return Map.of("Authorization", "Bearer " + token);
        }
        return Map.of();
    }

    private String password() {
        String value = password.get();
        return value == null ? "" : value;
    }

    /** Which API the server speaks: asked the first time, then kept. */
    private Api api() throws SourceException {
        if (api == null) {
            if (answers(Api.V2)) {
                api = Api.V2;
            } else if (answers(Api.V1)) {
                api = Api.V1;
            } else {
                throw new SourceException(
                        SourceException.Kind.NOT_FOUND,
                        "Airflow at " + http.url() + " has no stable REST API (/api/v2 and /api/v1 answered HTTP 404)");
            }
        }
        return api;
    }

    private boolean answers(Api candidate) throws SourceException {
        try {
            JsonNode said = http.get(candidate.base + "/version").json().path("version");
            if (!said.isTextual()) {
                throw new SourceException(
                        SourceException.Kind.MALFORMED,
                        "Airflow at " + http.url() + " answered " + candidate.base + "/version without a version");
            }
            version = said.asText();
            return true;
        } catch (SourceException e) {
            if (e.kind() == SourceException.Kind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** Airflow 3: a JWT for the username and password. */
    private String fetchToken() throws SourceException {
        String body;
        try {
            body = Json.MAPPER.writeValueAsString(Map.of("username", username, "password", password()));
        } catch (JsonProcessingException e) {
            throw new SourceException(SourceException.Kind.MALFORMED, "Airflow: the credentials cannot be sent");
        }
        JsonNode answer = http.post("/auth/token", body, Map.of()).json();
        if (!answer.path("access_token").isTextual()
                || answer.get("access_token").asText().isEmpty()) {
            throw new SourceException(
                    SourceException.Kind.MALFORMED,
                    "Airflow at " + http.url() + " answered /auth/token without an access_token");
        }
        return answer.get("access_token").asText();
    }

    /** GET from the API in use; on v2 a refused token is replaced once, unless it was new. */
    private JsonNode get(String path) throws SourceException {
        if (api() == Api.V1) {
            return http.get(path).json();
        }
        boolean fresh = token == null;
        if (fresh) {
            token = fetchToken();
        }
        try {
            return http.get(path).json();
        } catch (SourceException e) {
            if (e.kind() != SourceException.Kind.AUTH || fresh) {
                throw e;
            }
            token = null;
            token = fetchToken();
            return http.get(path).json();
        }
    }

    @Override
    public int requests() {
        return http.requests();
    }

    @Override
    public Pull pull(String ref, String watermark) throws SourceException {
        Instant after = watermark == null ? null : parseWatermark(watermark);
        String dag = api().base + "/dags/" + segment(ref);
        Runs runs = new Runs(ref, dag, after);
        pages(dag + "/dagRuns?order_by=-start_date", "dag_runs", path -> found(ref, path), runs::page);
        return runs.pull();
    }

    /**
     * Every DAG Airflow schedules ({@code GET …/dags}, without those whose file is gone: v1 {@code
     * only_active}, v2 {@code exclude_stale}), by {@code dag_id} in pages of {@link #PAGE}, read by
     * {@link AirflowDefinitions}. A DAG's time zone is only in its details ({@code GET
     * …/dags/{dag_id}/details}), one request per DAG: they are asked for the DAGs with a cron
     * schedule only, whose times depend on the zone (an interval does not, and a DAG without a
     * schedule has no times), except on Airflow 3.1 and later, whose details also carry the DAG's
     * {@code default_args} — its default mail route — and are asked for every DAG. Requests per
     * call: the pages, plus one per cron DAG (Airflow 2, 3.0) or per DAG (3.1+). Details answered
     * 404 (the DAG removed meanwhile) are a problem on that DAG.
     */
    @Override
    public List<Definition> definitions(String source) throws SourceException {
        Api in = api();
        boolean everyDetail = in == Api.V2 && atLeast(version, 3, 1);
        String list =
                in.base + "/dags?" + (in == Api.V1 ? "only_active=true" : "exclude_stale=true") + "&order_by=dag_id";
        List<Definition> definitions = new ArrayList<>();
        pages(list, "dags", this::get, (dags, offset, total) -> {
            for (JsonNode dag : dags) {
                if (!dag.path("dag_id").isTextual()
                        || dag.get("dag_id").asText().isEmpty()) {
                    throw new SourceException(SourceException.Kind.MALFORMED, "Airflow listed a DAG without a dag_id");
                }
                if (AirflowDefinitions.gone(dag)) {
                    continue;
                }
                AirflowDefinitions.Timing timing = AirflowDefinitions.timing(in, dag);
                JsonNode details = null;
                String unread = null;
                if (everyDetail || timing.cron()) {
                    try {
                        details = get(
                                in.base + "/dags/" + segment(dag.get("dag_id").asText()) + "/details");
                    } catch (SourceException e) {
                        if (e.kind() != SourceException.Kind.NOT_FOUND) {
                            throw e;
                        }
                        unread = "Airflow answered HTTP 404 for the DAG's details: its time zone is not known";
                    }
                }
                definitions.add(AirflowDefinitions.definition(source, dag, timing, details, unread));
            }
            return true;
        });
        return definitions;
    }

    /** Whether {@code version} ({@code 3.1.3}, {@code 3.2.0rc1}) is {@code major.minor} or later. */
    static boolean atLeast(String version, int major, int minor) {
        Matcher m = VERSION.matcher(version == null ? "" : version);
        if (!m.lookingAt()) {
            return false;
        }
        int ma = Integer.parseInt(m.group(1));
        return ma > major || (ma == major && Integer.parseInt(m.group(2)) >= minor);
    }

    /** The runs of one DAG as its pages come, newest start first, and the watermark they move. */
    private final class Runs {
        private final String ref;
        private final String dag;
        private final Instant floor;
        private final List<PulledRun> runs = new ArrayList<>();
        private Instant newest;
        private Instant oldestOpen;

        Runs(String ref, String dag, Instant after) {
            this.ref = ref;
            this.dag = dag;
            this.floor = after == null ? null : after.minus(LOOKBACK);
            this.newest = after;
        }

        /** Takes one page; false once a run started before the floor ends the reading. */
        boolean page(JsonNode list, long offset, long total) throws SourceException {
            if (total == 0 && offset == 0 && api == Api.V1) {
                // v1 lists no runs for a DAG it does not know rather than answer 404
                found(ref, dag);
            }
            for (JsonNode r : list) {
                Instant started = instant(r.path("start_date"));
                if (started != null && floor != null && started.isBefore(floor)) {
                    return false;
                }
                PulledRun run = run(ref, r);
                if (run != null) {
                    runs.add(run);
                }
                if (run == null || started == null) {
                    continue;
                }
                newest = newest == null || started.isAfter(newest) ? started : newest;
                if (!run.done() && (oldestOpen == null || started.isBefore(oldestOpen))) {
                    oldestOpen = started;
                }
            }
            return true;
        }

        Pull pull() {
            Instant next = oldestOpen != null ? oldestOpen : newest;
            return new Pull(runs, next == null ? null : next.toString());
        }
    }

    /** A GET of the API in use. */
    @FunctionalInterface
    private interface Fetch {
        JsonNode get(String path) throws SourceException;
    }

    /** Takes one page of a collection: its items, their offset and total_entries (-1 if not given). */
    @FunctionalInterface
    private interface PageReader {
        /** @return whether to read the next page */
        boolean read(JsonNode items, long offset, long total) throws SourceException;
    }

    /**
     * The collection at {@code path} (its query, if any, kept) in pages of {@link #PAGE} by {@code
     * limit} and {@code offset}, each page's {@code field} list to {@code reader}, until {@code
     * total_entries} is reached (a short page when Airflow gives no total), the list ends, or the
     * reader stops.
     */
    private static void pages(String path, String field, Fetch fetch, PageReader reader) throws SourceException {
        String query = path.indexOf('?') >= 0 ? "&" : "?";
        long offset = 0;
        while (true) {
            JsonNode page = fetch.get(path + query + "limit=" + PAGE + "&offset=" + offset);
            JsonNode list = page.path(field);
            if (!list.isArray()) {
                throw new SourceException(
                        SourceException.Kind.MALFORMED, "Airflow answered without a '" + field + "' list");
            }
            long total = page.path("total_entries").canConvertToLong()
                    ? page.get("total_entries").asLong()
                    : -1;
            if (!reader.read(list, offset, total)) {
                return;
            }
            offset += list.size();
            if (list.isEmpty() || (total >= 0 ? offset >= total : list.size() < PAGE)) {
                return;
            }
        }
    }

    /** GET {@code path}, a 404 naming the DAG. */
    private JsonNode found(String ref, String path) throws SourceException {
        try {
            return get(path);
        } catch (SourceException e) {
            if (e.kind() == SourceException.Kind.NOT_FOUND) {
                throw new SourceException(
                        SourceException.Kind.NOT_FOUND,
                        "Airflow at " + http.url() + " does not know DAG " + ref + " (HTTP 404)");
            }
            throw e;
        }
    }

    /**
     * A DAG run as a run: {@code state} success → success; failed → fail, with the run id and the
     * run's note; queued, running → a start; any other state → fail with Airflow's word. Its start
     * is {@code start_date}, else (v2) {@code queued_at}; a queued run with neither has not begun
     * and is no run yet (null). Runs are told apart across DAGs by {@code dag_id/dag_run_id}.
     */
    static PulledRun run(String ref, JsonNode r) throws SourceException {
        String runId = r.path("dag_run_id").asText("");
        String state = r.path("state").asText("");
        if (runId.isEmpty() || state.isEmpty()) {
            throw new SourceException(SourceException.Kind.MALFORMED, "Airflow gave a DAG run without an id or state");
        }
        Instant started = instant(r.path("start_date"));
        if (started == null) {
            started = instant(r.path("queued_at"));
        }
        Instant ended = instant(r.path("end_date"));
        String id = externalId(ref, runId);
        return switch (state) {
            case "success" -> done(id, PulledRun.SUCCESS, started, ended, null);
            case "queued", "running" ->
                started == null ? null : new PulledRun(id, PulledRun.STARTED, started, null, null);
            default -> done(id, PulledRun.FAIL, started, ended, failure(state, runId, r));
        };
    }

    /** A finished run, or null when Airflow gave it no time at all. */
    private static PulledRun done(String id, String status, Instant started, Instant ended, String body) {
        return started == null && ended == null ? null : new PulledRun(id, status, started, ended, body);
    }

    /** "Airflow failed: run scheduled__2026-11-27T00:00:00+00:00", then the run's note. */
    private static String failure(String state, String runId, JsonNode r) {
        StringBuilder b =
                new StringBuilder("Airflow ").append(state).append(": run ").append(runId);
        if (r.hasNonNull("note") && !r.get("note").asText().isBlank()) {
            b.append('\n').append(r.get("note").asText());
        }
        return b.toString();
    }

    /** {@code dag_id/dag_run_id} (run ids repeat across DAGs), or its SHA-256 when too long to store. */
    static String externalId(String ref, String runId) {
        return PulledRun.scoped(ref, runId);
    }

    private static String segment(String ref) {
        return URLEncoder.encode(ref, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Instant parseWatermark(String watermark) throws SourceException {
        try {
            return Instant.parse(watermark);
        } catch (DateTimeException e) {
            throw new SourceException(SourceException.Kind.MALFORMED, "the stored Airflow watermark is not a time");
        }
    }

    /** Airflow 2 writes {@code +00:00}, Airflow 3 {@code Z}. */
    private static Instant instant(JsonNode text) throws SourceException {
        if (text.isMissingNode() || text.isNull()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.asText()).toInstant();
        } catch (DateTimeException e) {
            throw new SourceException(SourceException.Kind.MALFORMED, "Airflow gave a time that is not ISO-8601");
        }
    }
}
