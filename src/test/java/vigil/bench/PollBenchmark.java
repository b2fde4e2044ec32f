package vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import vigil.inventory.Inventory;
import vigil.inventory.Secret;
import vigil.inventory.Source;
import vigil.inventory.Workflow;
import vigil.inventory.store.Database;
import vigil.watchdog.config.Config;
import vigil.watchdog.http.Json;
import vigil.watchdog.sources.GitHubActions;
import vigil.watchdog.sources.Jenkins;
import vigil.watchdog.sources.N8n;
import vigil.watchdog.sources.Platforms;
import vigil.watchdog.sources.Poller;
import vigil.watchdog.sources.SourceRuns;

/**
 * One full poll round of {@code workflows} workflows spread over five sources — two n8n servers,
 * GitHub Actions, Jenkins and Airflow 3 — against a bare loop of the same HTTP requests with the
 * same client, both in this JVM (run it with the daemon's JVM options: {@code .ci/bench poll}).
 *
 * <p>The platforms are stub servers in a JVM of their own, started by this one: Jetty 12's core
 * handler API (the daemon's own HTTP stack) on five loopback ports, answering every request from
 * bodies computed once at start, looked up by path (n8n: by {@code workflowId}). A separate JVM
 * keeps the ~120 MB of bodies out of the measured heap and the server's collections and CPU out of
 * the measured process; a map lookup keeps the server's CPU per request small (it still shares the
 * two cores, equally for both arms, and its CPU is reported). WireMock was not used: it looks for
 * a request's stub by trying its stubs in turn (here one per workflow) or runs a transformer per
 * answer, work on the same two cores that would weigh on both arms. Each workflow's first page holds its
 * 10–20 most recent runs in the platform's JSON shape (as the contract tests write them); every
 * poll gets the same page, so the first round stores every run and later ones nothing. GitHub's
 * answers carry its rate-limit headers, {@value GitHubActions#HOURLY_LIMIT} an hour, counted down
 * from the start of each measured round.
 *
 * <ul>
 *   <li><b>bare</b>: for each workflow of each source, in the inventory's order, the GET requests
 *       a poll sends, with the adapters' shared {@link Platforms#client() HttpClient} and the same
 *       headers and timeout, each answer read into a Jackson tree and nothing else; for Airflow,
 *       as its adapter, first {@code /api/v2/version} and a token from {@code /auth/token}.
 *   <li><b>Vigil cold</b>: {@link Poller#poll} of each source, one after another (as one daemon's
 *       source jobs would take turns on two cores), with adapters from {@link Platforms#of} as the
 *       daemon makes them, on a fresh H2 file database: every run is stored.
 *   <li><b>Vigil warm</b>: the same again on that database: every workflow is asked again from its
 *       watermark and nothing new is stored.
 * </ul>
 *
 * One warm-up iteration of all three, then {@code rounds} iterations, alternating. The stub
 * fingerprints every request (method, address, Accept and authentication headers) and each
 * iteration checks that both arms sent the same ones, and that the polls stored every run once.
 *
 * <p>Arguments: {@code [workflows] [rounds]} (default 10000 5).
 */
public final class PollBenchmark {
    /** The sources; workflow i of the inventory is watched through source i % 5. */
    static final String[] NAMES = {"crm-n8n", "ops-n8n", "github", "jenkins", "airflow"};

    static final String[] KINDS = {"n8n", "n8n", "github", "jenkins", "airflow"};

    /** The default 'poll' of a source. */
    static final Duration POLL = Duration.ofMinutes(5);

    static final String N8N_KEY = "n8n-api-key-bench";
    static final String GITHUB_TOKEN = "ghp_vigilBenchToken000000000000000000000";
    static final String JENKINS_USER = "vigil";
    static final String JENKINS_TOKEN = "11c2e5a0d4f3b9e8a7c6d5e4f3a2b1c0d9";
    static final String AIRFLOW_USER = "vigil";
    static final String AIRFLOW_PASSWORD = "airflow-bench-password";
    static final String JWT = "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ2aWdpbCJ9.c2lnbmF0dXJl";

    /** The fields the Jenkins adapter asks for ({@code tree=allBuilds[…]}). */
    static final String JENKINS_FIELDS = "number,result,building,inProgress,timestamp,duration,url,displayName";

    private PollBenchmark() {}

    public static void main(String[] args) throws Exception {
        int workflows = Benchmarks.intArg(args, 0, 10_000);
        int rounds = Benchmarks.intArg(args, 1, 5);
        Benchmarks.inScratchDirectory("vigil-poll-bench", dir -> run(dir, workflows, rounds));
    }

    /** What one round cost. */
    record Sample(
            long wallNanos,
            long cpuNanos,
            long stubCpuNanos,
            long[] requests,
            long[] fingerprint,
            long stored,
            long collections,
            long collectionMillis,
            long peakHeap) {
        long allRequests() {
            return Arrays.stream(requests).sum();
        }
    }

    /** One iteration: the three arms, one after another. */
    record Iteration(Sample bare, Sample cold, Sample warm, long fileBytes) {}

    /** What the store said of each source after a round: requests Vigil counted, and its length. */
    record Polled(String source, Integer requests, Long millis) {}

    private static void run(Path dir, int workflows, int rounds) throws Exception {
        Clock clock = Clock.systemUTC();
        System.out.printf(
                Locale.ROOT,
                "load average at start: %s%nJVM: %s%n",
                Benchmarks.loadAverage(),
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        Inventory inventory = inventory(workflows);
        long expected = 0;
        for (int i = 0; i < workflows; i++) {
            expected += new History(i % NAMES.length, i / NAMES.length).count;
        }
        Process stub = startStub(workflows);
        try {
            int[] ports = ports(stub);
            Map<String, Config.SourceServer> sources = new HashMap<>();
            for (int s = 0; s < NAMES.length; s++) {
                sources.put(NAMES[s], source(s, "http://127.0.0.1:" + ports[s]));
            }
            HttpClient control = HttpClient.newHttpClient();
            URI stats = URI.create("http://127.0.0.1:" + ports[0] + "/_bench/stats");
            Bare bare = new Bare(Platforms.client(), sources, inventory);
            System.out.printf(
                    Locale.ROOT,
                    "%,d workflows over %d sources (%s), %,d runs on the platforms; %d rounds after one warm-up%n",
                    workflows,
                    NAMES.length,
                    String.join(", ", sourceNames()),
                    expected,
                    rounds);

            List<Iteration> iterations = new ArrayList<>();
            List<Polled> lastCold = List.of();
            List<Polled> lastWarm = List.of();
            for (int i = 0; i <= rounds; i++) {
                Sample b = measure(control, stats, bare::round);
                Path data = Files.createDirectories(dir.resolve("db-" + i));
                Sample c;
                Sample w;
                long fileBytes;
                try (Database database = Benchmarks.scratchDatabase(data)) {
                    SourceRuns store = new SourceRuns(database.dataSource());
                    Poller poller = new Poller(
                            () -> inventory,
                            name -> Platforms.of(sources.get(name), clock),
                            name -> sources.get(name).poll(),
                            store,
                            null,
                            null,
                            clock);
                    c = measure(control, stats, () -> vigilRound(poller));
                    lastCold = polled(store);
                    fileBytes = Files.size(data.resolve("vigil.mv.db"));
                    w = measure(control, stats, () -> vigilRound(poller));
                    lastWarm = polled(store);
                }
                Benchmarks.deleteTree(data);
                System.out.printf(
                        Locale.ROOT,
                        "%s: bare %s | cold %s, %,d runs | warm %s, %,d runs | cold/bare %.2f×, warm/bare %.2f×%n",
                        i == 0 ? "warm-up" : "round " + i,
                        brief(b),
                        brief(c),
                        c.stored,
                        brief(w),
                        w.stored,
                        (double) c.wallNanos / b.wallNanos,
                        (double) w.wallNanos / b.wallNanos);
                check(b, c, w, expected);
                if (i > 0) {
                    iterations.add(new Iteration(b, c, w, fileBytes));
                }
            }
            report(iterations, lastCold, lastWarm, workflows);
            System.gc();
            System.out.printf(
                    Locale.ROOT,
                    "heap used after GC at the end: %.1f MB (maximum %.0f MB)%nload average at the end: %s%n",
                    mb(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()),
                    mb(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax()),
                    Benchmarks.loadAverage());
        } finally {
            stub.getOutputStream().close(); // the stub exits when its input ends
            if (!stub.waitFor(10, TimeUnit.SECONDS)) {
                stub.destroy();
            }
        }
    }

    private static int vigilRound(Poller poller) {
        int stored = 0;
        for (String name : NAMES) {
            stored += poller.poll(name);
        }
        return stored;
    }

    private static List<Polled> polled(SourceRuns store) {
        List<Polled> out = new ArrayList<>();
        for (String name : NAMES) {
            SourceRuns.Health h = store.health(name).orElseThrow();
            if (h.failures() > 0) {
                throw new IllegalStateException("source " + name + " failed: " + h.lastError());
            }
            out.add(new Polled(name, h.roundRequests(), h.roundMs()));
        }
        return out;
    }

    /** Both arms must send the same requests, the cold round store every run and the warm one none. */
    private static void check(Sample bare, Sample cold, Sample warm, long expected) {
        if (!Arrays.equals(bare.fingerprint, cold.fingerprint) || !Arrays.equals(bare.fingerprint, warm.fingerprint)) {
            throw new IllegalStateException("the bare loop and the polls sent different requests: "
                    + Arrays.toString(bare.requests) + " " + Arrays.toString(cold.requests) + " "
                    + Arrays.toString(warm.requests));
        }
        if (cold.stored != expected || warm.stored != 0) {
            throw new IllegalStateException(
                    "stored " + cold.stored + " then " + warm.stored + " runs, expected " + expected + " then 0");
        }
    }

    private static void report(List<Iteration> it, List<Polled> cold, List<Polled> warm, int workflows) {
        System.out.printf(
                Locale.ROOT,
                "%none poll round of %,d workflows, %d sources polled one after another; median (min–max) of %d"
                        + " rounds%n",
                workflows,
                NAMES.length,
                it.size());
        System.out.printf(
                Locale.ROOT,
                "  %-11s %-22s %-20s %-19s %-19s %-9s %-10s %-16s %s%n",
                "",
                "wall s",
                "vs bare",
                "CPU s (this JVM)",
                "CPU s (stub)",
                "requests",
                "runs",
                "GCs (ms)",
                "peak heap MB");
        row("bare", it, Iteration::bare, null);
        row("Vigil cold", it, Iteration::cold, Iteration::bare);
        row("Vigil warm", it, Iteration::warm, Iteration::bare);
        System.out.printf(
                Locale.ROOT,
                "  (peak heap: the sum of the heap pools' peaks during the round; H2 file after a cold round %.1f"
                        + " MB)%n",
                mb(it.get(it.size() - 1).fileBytes));
        System.out.printf(Locale.ROOT, "%nper source, last rounds (requests and length as the store keeps them):%n");
        for (int s = 0; s < NAMES.length; s++) {
            Polled c = cold.get(s);
            Polled w = warm.get(s);
            long longest = Math.max(c.millis, w.millis);
            System.out.printf(
                    Locale.ROOT,
                    "  %-8s %-7s %,6d requests; cold %6.2f s, warm %6.2f s; every %d min: %s%n",
                    NAMES[s],
                    KINDS[s],
                    w.requests,
                    c.millis / 1000.0,
                    w.millis / 1000.0,
                    POLL.toMinutes(),
                    longest <= POLL.toMillis()
                            ? "the round fits in the interval"
                            : "cannot be met, the round is longer than the interval");
            if (KINDS[s].equals("github")) {
                String over = Poller.overAllowance(w.requests, GitHubActions.HOURLY_LIMIT, POLL);
                System.out.printf(
                        Locale.ROOT,
                        "           rate limit: %s%n",
                        over == null ? "within " + GitHubActions.HOURLY_LIMIT + " requests an hour" : over);
            }
        }
    }

    private static void row(
            String name,
            List<Iteration> it,
            java.util.function.Function<Iteration, Sample> arm,
            java.util.function.Function<Iteration, Sample> base) {
        List<Sample> samples = it.stream().map(arm).toList();
        String ratio = "";
        if (base != null) {
            double[] paired = it.stream()
                    .mapToDouble(i -> (double) arm.apply(i).wallNanos / base.apply(i).wallNanos)
                    .toArray();
            double median = median(samples, Sample::wallNanos)
                    / median(it.stream().map(base).toList(), Sample::wallNanos);
            ratio = String.format(
                    Locale.ROOT,
                    "%.2f× (%.2f–%.2f)",
                    median,
                    Arrays.stream(paired).min().orElse(0),
                    Arrays.stream(paired).max().orElse(0));
        }
        System.out.printf(
                Locale.ROOT,
                "  %-11s %-22s %-20s %-19s %-19s %-9s %-10s %-16s %s%n",
                name,
                spread(samples, Sample::wallNanos, 1e9),
                ratio,
                spread(samples, Sample::cpuNanos, 1e9),
                spread(samples, Sample::stubCpuNanos, 1e9),
                String.format(Locale.ROOT, "%,d", samples.get(0).allRequests()),
                base == null ? "-" : String.format(Locale.ROOT, "%,d", samples.get(0).stored),
                String.format(
                        Locale.ROOT,
                        "%.0f (%.0f)",
                        median(samples, Sample::collections),
                        median(samples, Sample::collectionMillis)),
                String.format(
                        Locale.ROOT,
                        "%.0f",
                        samples.stream().mapToLong(Sample::peakHeap).max().orElse(0) / 1048576.0));
    }

    private static String spread(List<Sample> samples, ToLongFunction<Sample> value, double unit) {
        long[] v = samples.stream().mapToLong(value).sorted().toArray();
        return String.format(
                Locale.ROOT, "%.2f (%.2f–%.2f)", median(samples, value) / unit, v[0] / unit, v[v.length - 1] / unit);
    }

    private static double median(List<Sample> samples, ToLongFunction<Sample> value) {
        long[] v = samples.stream().mapToLong(value).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0;
    }

    private static String brief(Sample s) {
        return String.format(
                Locale.ROOT,
                "%.2f s (CPU %.2f s, stub %.2f s, %,d requests)",
                s.wallNanos / 1e9,
                s.cpuNanos / 1e9,
                s.stubCpuNanos / 1e9,
                s.allRequests());
    }

    private static double mb(long bytes) {
        return bytes / 1048576.0;
    }

    private static List<String> sourceNames() {
        List<String> out = new ArrayList<>();
        for (int s = 0; s < NAMES.length; s++) {
            out.add(NAMES[s] + ": " + (KINDS[s].equals("airflow") ? "airflow 3" : KINDS[s]));
        }
        return out;
    }

    /** A round measured: wall and CPU time, the stub's CPU and requests, collections, peak heap. */
    @FunctionalInterface
    interface Round {
        long run() throws Exception;
    }

    private static Sample measure(HttpClient control, URI stats, Round round) throws Exception {
        System.gc();
        JsonNode before = stats(control, stats, true);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long collections = collections(GarbageCollectorMXBean::getCollectionCount);
        long collectionMillis = collections(GarbageCollectorMXBean::getCollectionTime);
        long cpu = os.getProcessCpuTime();
        long began = System.nanoTime();
        long stored = round.run();
        long wall = System.nanoTime() - began;
        cpu = os.getProcessCpuTime() - cpu;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        collections = collections(GarbageCollectorMXBean::getCollectionCount) - collections;
        collectionMillis = collections(GarbageCollectorMXBean::getCollectionTime) - collectionMillis;
        JsonNode after = stats(control, stats, false);
        long[] requests = new long[NAMES.length];
        long[] fingerprint = new long[NAMES.length];
        for (int s = 0; s < NAMES.length; s++) {
            requests[s] = after.path("requests").get(s).asLong();
            fingerprint[s] = after.path("fingerprint").get(s).asLong();
        }
        return new Sample(
                wall,
                cpu,
                after.path("cpu").asLong() - before.path("cpu").asLong(),
                requests,
                fingerprint,
                stored,
                collections,
                collectionMillis,
                peak);
    }

    private static long collections(ToLongFunction<GarbageCollectorMXBean> value) {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(value)
                .sum();
    }

    private static JsonNode stats(HttpClient control, URI stats, boolean reset) throws Exception {
        HttpResponse<String> r = control.send(
                HttpRequest.newBuilder(reset ? URI.create(stats + "?reset") : stats)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(r.body());
    }

    /**
     * The same requests as the five polls of a round, one after another, with the adapters' client,
     * headers and timeout; each answer read into a Jackson tree and nothing else.
     */
    static final class Bare {
        private final HttpClient http;
        private final String[] urls = new String[NAMES.length];
        private final List<List<String>> paths = new ArrayList<>();
        /** What the answers held, kept so that reading them is not optimised away. */
        volatile long sink;

        Bare(HttpClient http, Map<String, Config.SourceServer> sources, Inventory inventory) {
            this.http = http;
            for (int s = 0; s < NAMES.length; s++) {
                urls[s] = sources.get(NAMES[s]).url();
                List<String> list = new ArrayList<>();
                for (Workflow w : inventory.workflows()) {
                    if (w.source() != null && w.source().server().equals(NAMES[s]) && !w.paused()) {
                        list.add(path(s, w.source().ref()));
                        if (KINDS[s].equals("n8n")) { // n8n's adapter asks for the running ones too
                            list.add("/api/v1/executions?includeData=true&status=running&limit=100&workflowId="
                                    + query(w.source().ref()));
                        }
                    }
                }
                paths.add(list);
            }
        }

        long round() throws Exception {
            long nodes = 0;
            for (int s = 0; s < NAMES.length; s++) {
                Map<String, String> headers = switch (KINDS[s]) {
                    case "n8n" -> N8n.headers(N8N_KEY);
                    case "github" -> GitHubActions.headers(GITHUB_TOKEN);
                    case "jenkins" -> Jenkins.headers(JENKINS_USER, JENKINS_TOKEN);
                    default -> airflowToken(urls[s]);
                };
                for (String path : paths.get(s)) {
                    nodes += read(get(urls[s] + path, headers)).size();
                }
            }
            sink = nodes;
            return 0;
        }

        /** As the Airflow adapter starts: which API (v2 answers), then a token. */
        private Map<String, String> airflowToken(String url) throws Exception {
            read(get(url + "/api/v2/version", Map.of()));
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + "/auth/token"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(
                            Map.of("username", AIRFLOW_USER, "password", AIRFLOW_PASSWORD))))
                    .timeout(Platforms.TIMEOUT)
                    .header("Accept", "application/json");
            String token = read(http.send(b.build(), HttpResponse.BodyHandlers.ofString()))
                    .path("access_token")
                    .asText();
            return Map.of("Authorization", "Bearer " + token);
        }

        private HttpResponse<String> get(String uri, Map<String, String> headers) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri))
                    .GET()
                    .timeout(Platforms.TIMEOUT)
                    .header("Accept", "application/json");
            headers.forEach(b::setHeader);
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        private static JsonNode read(HttpResponse<String> response) throws Exception {
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(response.uri() + ": HTTP " + response.statusCode());
            }
            return Json.MAPPER.readTree(response.body());
        }
    }

    /** The first page a poll of {@code ref} through source {@code s} asks for, as its adapter writes it. */
    static String path(int s, String ref) {
        return switch (KINDS[s]) {
            case "n8n" -> "/api/v1/executions?includeData=true&limit=100&workflowId=" + query(ref);
            case "github" -> {
                String[] p = ref.split("/");
                yield "/repos/" + segment(p[0]) + "/" + segment(p[1]) + "/actions/workflows/" + segment(p[p.length - 1])
                        + "/runs?per_page=100&page=1";
            }
            case "jenkins" -> jenkinsJob(ref) + "/api/json?tree=" + query("allBuilds[" + JENKINS_FIELDS + "]{0,100}");
            default -> "/api/v2/dags/" + segment(ref) + "/dagRuns?order_by=-start_date&limit=100&offset=0";
        };
    }

    static String jenkinsJob(String ref) {
        StringBuilder b = new StringBuilder();
        for (String name : ref.split("/")) {
            b.append("/job/").append(segment(name));
        }
        return b.toString();
    }

    private static String query(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Config.SourceServer source(int s, String url) {
        return switch (KINDS[s]) {
            case "n8n" -> Config.SourceServer.n8n(url, new Secret(N8N_KEY), POLL);
            case "github" ->
                new Config.SourceServer(
                        "github",
                        url,
                        null,
                        null,
                        null,
                        new Secret(GITHUB_TOKEN),
                        List.of(),
                        null,
                        List.of(),
                        false,
                        null,
                        POLL);
            case "jenkins" ->
                new Config.SourceServer(
                        "jenkins",
                        url,
                        null,
                        JENKINS_USER,
                        null,
                        new Secret(JENKINS_TOKEN),
                        List.of(),
                        null,
                        List.of(),
                        false,
                        null,
                        POLL);
            default ->
                new Config.SourceServer(
                        "airflow",
                        url,
                        null,
                        AIRFLOW_USER,
                        new Secret(AIRFLOW_PASSWORD),
                        null,
                        List.of(),
                        null,
                        List.of(),
                        false,
                        null,
                        POLL);
        };
    }

    /**
     * The generated inventory (people, aliases, credentials, routes as the other benchmarks have
     * them), every workflow watched through a source, none paused.
     */
    static Inventory inventory(int workflows) {
        // the people, aliases and credentials of SummaryBenchmark's 10,000 workflows, at any size
        Inventory base = GeneratedInventory.generate(
                        new GeneratedInventory.Shape(workflows, 2 * workflows, 2_000, 500, 2_000))
                .inventory();
        List<Workflow> watched = new ArrayList<>();
        int i = 0;
        for (Workflow w : base.workflows()) {
            int s = i % NAMES.length;
            watched.add(new Workflow(
                    w.id(),
                    w.name(),
                    w.owner(),
                    w.schedule(),
                    w.timezone(),
                    w.grace(),
                    w.credentials(),
                    w.routes(),
                    w.ping(),
                    new Source(KINDS[s], NAMES[s], ref(s, i / NAMES.length)),
                    false));
            i++;
        }
        return new Inventory(base.people(), base.aliases(), base.credentials(), watched, base.channelOwners());
    }

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /** The platform's name for workflow {@code j} of source {@code s}. */
    static String ref(int s, int j) {
        return switch (KINDS[s]) {
            case "n8n" -> {
                SplittableRandom r = new SplittableRandom(s * 7_919L + j);
                StringBuilder b = new StringBuilder();
                for (int c = 0; c < 11; c++) {
                    b.append(ALNUM.charAt(r.nextInt(ALNUM.length())));
                }
                yield b.append(String.format(Locale.ROOT, "%05d", j)).toString();
            }
            case "github" -> "acme/svc-" + j / 8 + "/.github/workflows/nightly-" + j + ".yml";
            case "jenkins" -> "team-" + j % 40 + "/job-" + j;
            default -> "etl_" + j + "_daily";
        };
    }

    /**
     * What a platform keeps of workflow {@code j} of source {@code s}: 10–20 hourly runs, newest
     * first, one in twelve failed, and in one workflow in ten the newest still running. The same in
     * this JVM and the stub's.
     */
    static final class History {
        static final Instant NOW = Instant.parse("2026-12-02T06:00:00Z");
        static final int HOURS = 24;

        final int count;
        final boolean running;
        final long[] started = new long[20];
        final int[] seconds = new int[20];
        final boolean[] failed = new boolean[20];

        History(int s, int j) {
            SplittableRandom r = new SplittableRandom(GeneratedInventory.SEED * 31 + s * 1_000_003L + j);
            count = 10 + r.nextInt(11);
            running = r.nextInt(10) == 0;
            for (int k = 0; k < count; k++) {
                started[k] = NOW.getEpochSecond() - (k + 1) * 3600L + r.nextInt(120);
                seconds[k] = 5 + r.nextInt(900);
                failed[k] = r.nextInt(12) == 0;
            }
        }

        boolean open(int k) {
            return k == 0 && running;
        }

        /** A platform-wide id growing with time (n8n executions, GitHub runs). */
        static long id(long base, int k, int perSource, int j) {
            return base + (long) (HOURS - k) * perSource + j;
        }
    }

    private static Process startStub(int workflows) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(
                        java,
                        "-Xmx1g",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Stub.class.getName(),
                        Integer.toString(workflows))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static int[] ports(Process stub) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(stub.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("ports ")) {
            throw new IllegalStateException("the stub platforms did not start: " + line);
        }
        return Arrays.stream(line.substring(6).trim().split(" "))
                .mapToInt(Integer::parseInt)
                .toArray();
    }

    /**
     * The five platforms, in a JVM of their own: {@code main(workflows)} computes every answer,
     * listens on five loopback ports, prints them, and stops when its standard input ends.
     */
    static final class Stub {
        private static final Stub[] ALL = new Stub[NAMES.length];
        private static final AtomicInteger GITHUB_USED = new AtomicInteger();
        private static final long RESET = History.NOW.plus(Duration.ofHours(1)).getEpochSecond();

        private final int s;
        private final String kind;
        private final Map<String, byte[]> bodies = new HashMap<>();
        private final AtomicLong requests = new AtomicLong();
        private final AtomicLong fingerprint = new AtomicLong();

        private Stub(int s, int workflows) {
            this.s = s;
            this.kind = KINDS[s];
            int perSource = (workflows + NAMES.length - 1) / NAMES.length;
            for (int j = 0; s + j * NAMES.length < workflows; j++) {
                String ref = ref(s, j);
                History h = new History(s, j);
                String first = path(s, ref);
                String key = kind.equals("n8n") ? ref : first.substring(0, first.indexOf('?'));
                bodies.put(key, body(ref, h, j, perSource).getBytes(StandardCharsets.UTF_8));
            }
        }

        public static void main(String[] args) throws Exception {
            int workflows = Integer.parseInt(args[0]);
            StringBuilder ports = new StringBuilder("ports");
            List<Server> servers = new ArrayList<>();
            for (int s = 0; s < NAMES.length; s++) {
                Stub stub = new Stub(s, workflows);
                ALL[s] = stub;
                QueuedThreadPool pool = new QueuedThreadPool(8, 2);
                pool.setName("stub-" + NAMES[s]);
                Server server = new Server(pool);
                HttpConfiguration http = new HttpConfiguration();
                http.setSendServerVersion(false);
                ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
                connector.setHost("127.0.0.1");
                connector.setPort(0);
                server.addConnector(connector);
                server.setHandler(new Handler.Abstract() {
                    @Override
                    public boolean handle(Request request, Response response, Callback callback) {
                        stub.handle(request, response, callback);
                        return true;
                    }
                });
                server.start();
                servers.add(server);
                ports.append(' ').append(connector.getLocalPort());
            }
            System.out.println(ports);
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the benchmark ends
            }
            for (Server server : servers) {
                server.stop();
            }
            System.exit(0);
        }

        private void handle(Request request, Response response, Callback callback) {
            String path = request.getHttpURI().getPath();
            String query = request.getHttpURI().getQuery();
            if (path.equals("/_bench/stats")) {
                answer(response, callback, 200, stats(query != null).getBytes(StandardCharsets.UTF_8));
                return;
            }
            HttpFields headers = request.getHeaders();
            String auth = headers.get(kind.equals("n8n") ? "X-N8N-API-KEY" : "Authorization");
            requests.incrementAndGet();
            fingerprint.addAndGet((request.getMethod() + " " + path + "?" + query + " " + headers.get("Accept") + " "
                            + auth + " " + headers.get("X-GitHub-Api-Version"))
                    .hashCode());
            if (kind.equals("airflow") && path.equals("/api/v2/version")) {
                answer(
                        response,
                        callback,
                        200,
                        "{ \"version\": \"3.1.3\", \"git_version\": null }".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (kind.equals("airflow") && path.equals("/auth/token")) {
                answer(
                        response,
                        callback,
                        201,
                        ("{ \"access_token\": \"" + JWT + "\" }").getBytes(StandardCharsets.UTF_8));
                return;
            }
            boolean allowed = switch (kind) {
                case "n8n" -> N8N_KEY.equals(auth);
                case "github" -> ("Bearer " + GITHUB_TOKEN).equals(auth);
                case "jenkins" -> auth != null && auth.startsWith("Basic ");
                default -> ("Bearer " + JWT).equals(auth);
            };
            if (!allowed) {
                answer(response, callback, 401, "{ \"message\": \"Unauthorized\" }".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String key = kind.equals("n8n") ? param(query, "workflowId") : path;
            byte[] body = key == null ? null : bodies.get(key);
            if (body == null) {
                answer(response, callback, 404, "{ \"message\": \"Not Found\" }".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (!firstPage(query) || "running".equals(param(query, "status"))) {
                body = empty(); // nothing runs while the benchmark polls
            }
            if (kind.equals("github")) {
                int used = GITHUB_USED.incrementAndGet();
                HttpFields.Mutable out = response.getHeaders();
                out.put("x-ratelimit-limit", "5000");
                out.put("x-ratelimit-remaining", Integer.toString(Math.max(0, 5000 - used)));
                out.put("x-ratelimit-used", Integer.toString(used));
                out.put("x-ratelimit-reset", Long.toString(RESET));
                out.put("x-ratelimit-resource", "core");
            }
            answer(response, callback, 200, body);
        }

        /** Each history fits in one page: later pages (n8n's cursor, GitHub's page 2 …) are empty. */
        private boolean firstPage(String query) {
            return switch (kind) {
                case "n8n" -> param(query, "cursor") == null;
                case "github" -> "1".equals(param(query, "page"));
                case "jenkins" -> query != null && query.contains(URLEncoder.encode("]{0,", StandardCharsets.UTF_8));
                default -> "0".equals(param(query, "offset"));
            };
        }

        private byte[] empty() {
            return (switch (kind) {
                        case "n8n" -> "{ \"data\": [], \"nextCursor\": null }";
                        case "github" -> "{ \"total_count\": 0, \"workflow_runs\": [] }";
                        case "jenkins" ->
                            "{ \"_class\": \"org.jenkinsci.plugins.workflow.job.WorkflowJob\", \"allBuilds\": [] }";
                        default -> "{ \"dag_runs\": [], \"total_entries\": 0 }";
                    })
                    .getBytes(StandardCharsets.UTF_8);
        }

        private static String param(String query, String name) {
            if (query == null) {
                return null;
            }
            for (String pair : query.split("&")) {
                if (pair.startsWith(name + "=")) {
                    return pair.substring(name.length() + 1);
                }
            }
            return null;
        }

        private static void answer(Response response, Callback callback, int status, byte[] body) {
            response.setStatus(status);
            HttpFields.Mutable headers = response.getHeaders();
            headers.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
            headers.put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
        }

        private static synchronized String stats(boolean reset) {
            long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            StringBuilder requests = new StringBuilder();
            StringBuilder fingerprints = new StringBuilder();
            for (Stub stub : ALL) {
                requests.append(requests.isEmpty() ? "" : ",").append(stub.requests.get());
                fingerprints.append(fingerprints.isEmpty() ? "" : ",").append(stub.fingerprint.get());
                if (reset) {
                    stub.requests.set(0);
                    stub.fingerprint.set(0);
                }
            }
            if (reset) {
                GITHUB_USED.set(0); // each measured round starts a new hour
            }
            return "{ \"cpu\": " + cpu + ", \"requests\": [" + requests + "], \"fingerprint\": [" + fingerprints
                    + "] }";
        }

        /** The platform's answer to a poll of the workflow: its whole history, newest first. */
        private String body(String ref, History h, int j, int perSource) {
            StringBuilder b = new StringBuilder();
            switch (kind) {
                case "n8n" -> {
                    b.append("{ \"data\": [");
                    for (int k = 0; k < h.count; k++) {
                        b.append(k == 0 ? "" : ",").append(n8n(ref, h, k, History.id(40_000_000L, k, perSource, j)));
                    }
                    b.append("], \"nextCursor\": null }");
                }
                case "github" -> {
                    b.append("{ \"total_count\": ").append(h.count).append(", \"workflow_runs\": [");
                    for (int k = 0; k < h.count; k++) {
                        b.append(k == 0 ? "" : ",")
                                .append(github(ref, h, k, History.id(12_000_000_000L, k, perSource, j), j));
                    }
                    b.append("] }");
                }
                case "jenkins" -> {
                    b.append("{ \"_class\": \"org.jenkinsci.plugins.workflow.job.WorkflowJob\", \"allBuilds\": [");
                    for (int k = 0; k < h.count; k++) {
                        b.append(k == 0 ? "" : ",").append(jenkins(ref, h, k, j));
                    }
                    b.append("] }");
                }
                default -> {
                    b.append("{ \"dag_runs\": [");
                    for (int k = 0; k < h.count; k++) {
                        b.append(k == 0 ? "" : ",").append(airflow(ref, h, k));
                    }
                    b.append("], \"total_entries\": ").append(h.count).append(" }");
                }
            }
            return b.toString();
        }

        private static String iso(long epochSecond) {
            return Instant.ofEpochSecond(epochSecond).toString();
        }

        private static String q(String s) {
            return s == null ? "null" : "\"" + s + "\"";
        }

        /** An execution as n8n's public API v1 lists it with includeData (a failed node's error). */
        private static String n8n(String ref, History h, int k, long id) {
            String status = h.open(k) ? "running" : h.failed[k] ? "error" : "success";
            String stopped = h.open(k) ? null : iso(h.started[k] + h.seconds[k]);
            String error = !status.equals("error")
                    ? ""
                    : ", \"data\": { \"resultData\": { \"error\": { \"message\": \"Authorization failed - please"
                            + " check your credentials\", \"description\": \"Unauthorized\", \"httpCode\": \"401\","
                            + " \"node\": { \"name\": \"Fetch accounts\", \"type\": \"n8n-nodes-base.httpRequest\" } },"
                            + " \"lastNodeExecuted\": \"Fetch accounts\" } }";
            return """
                    { "id": "%d", "finished": %s, "mode": "trigger", "retryOf": null, "retrySuccessId": null,
                      "startedAt": "%s", "stoppedAt": %s, "workflowId": "%s", "waitTill": null,
                      "status": "%s"%s }""".formatted(id, status.equals("success"), iso(h.started[k]), q(stopped), ref, status, error);
        }

        /** A run as GitHub's "List workflow runs for a workflow" has it (user and repository cut short). */
        private static String github(String ref, History h, int k, long id, int j) {
            String[] p = ref.split("/");
            String repo = p[0] + "/" + p[1];
            String file = ".github/workflows/" + p[p.length - 1];
            String status = h.open(k) ? "in_progress" : "completed";
            String conclusion = h.open(k) ? null : h.failed[k] ? "failure" : "success";
            long workflowId = 160_000L + j;
            return """
                    { "id": %d, "name": "Nightly %d", "node_id": "WFR_kwLOBx3mz88AAAAC%d",
                      "head_branch": "main", "head_sha": "9f2c1e0b7d4a4c1f8e3b6a5d2c7e9f0a1b3c5d7e",
                      "path": "%s", "display_title": "Nightly %d",
                      "run_number": %d, "event": "schedule", "status": "%s", "conclusion": %s,
                      "workflow_id": %d, "check_suite_id": 42%d, "check_suite_node_id": "CS_kwDOBx3mz8%d",
                      "url": "https://api.github.com/repos/%s/actions/runs/%d",
                      "html_url": "https://github.com/%s/actions/runs/%d",
                      "pull_requests": [], "created_at": "%s", "updated_at": "%s",
                      "actor": { "login": "octocat", "id": 1, "type": "User", "site_admin": false },
                      "run_attempt": 1, "referenced_workflows": [], "run_started_at": "%s",
                      "triggering_actor": { "login": "octocat", "id": 1, "type": "User", "site_admin": false },
                      "jobs_url": "https://api.github.com/repos/%s/actions/runs/%d/jobs",
                      "logs_url": "https://api.github.com/repos/%s/actions/runs/%d/logs",
                      "check_suite_url": "https://api.github.com/repos/%s/check-suites/42%d",
                      "artifacts_url": "https://api.github.com/repos/%s/actions/runs/%d/artifacts",
                      "cancel_url": "https://api.github.com/repos/%s/actions/runs/%d/cancel",
                      "rerun_url": "https://api.github.com/repos/%s/actions/runs/%d/rerun",
                      "previous_attempt_url": null,
                      "workflow_url": "https://api.github.com/repos/%s/actions/workflows/%d",
                      "head_commit": { "id": "9f2c1e0b7d4a4c1f8e3b6a5d2c7e9f0a1b3c5d7e",
                        "tree_id": "3c5d7e9f2c1e0b7d4a4c1f8e3b6a5d2c7e9f0a1b", "message": "Bump report date",
                        "timestamp": "2026-11-26T17:12:09Z",
                        "author": { "name": "Octo Cat", "email": "octocat@github.com" },
                        "committer": { "name": "GitHub", "email": "noreply@github.com" } },
                      "repository": { "id": 482913, "node_id": "R_kgDOBx3mzw", "name": "%s",
                        "full_name": "%s", "private": true },
                      "head_repository": { "id": 482913, "node_id": "R_kgDOBx3mzw", "name": "%s",
                        "full_name": "%s", "private": true } }""".formatted(
                            id,
                            j,
                            id,
                            file,
                            j,
                            1000 - k,
                            status,
                            q(conclusion),
                            workflowId,
                            id,
                            id,
                            repo,
                            id,
                            repo,
                            id,
                            iso(h.started[k] - 4),
                            iso(h.started[k] + (h.open(k) ? 30 : h.seconds[k])),
                            iso(h.started[k]),
                            repo,
                            id,
                            repo,
                            id,
                            repo,
                            id,
                            repo,
                            id,
                            repo,
                            id,
                            repo,
                            id,
                            repo,
                            workflowId,
                            p[1],
                            repo,
                            p[1],
                            repo);
        }

        /**
         * Build {@code k} (0 the newest) of job {@code j}, numbered apart from every other job's: the
         * adapter's external id is the build number alone, and Jenkins numbers each job's builds
         * from 1, so with real numbering the store would take build #N of one job for #N of another
         * (stored once per source and external id) and keep only the first job's.
         */
        private static long numbered(int j, int k) {
            return j * 100L + 50 - k;
        }

        /** An element of allBuilds as Jenkins exports a Pipeline run; result null while it builds. */
        private static String jenkins(String ref, History h, int k, int j) {
            long number = numbered(j, k);
            String result = h.open(k) ? null : h.failed[k] ? "FAILURE" : "SUCCESS";
            return """
                    { "_class": "org.jenkinsci.plugins.workflow.job.WorkflowRun", "building": %s, "displayName": "#%d",
                      "duration": %d, "inProgress": %s, "number": %d, "result": %s, "timestamp": %d,
                      "url": "https://ci.example.com%s/%d/" }""".formatted(
                            h.open(k),
                            number,
                            h.open(k) ? 0 : h.seconds[k] * 1000L,
                            h.open(k),
                            number,
                            q(result),
                            h.started[k] * 1000,
                            jenkinsJob(ref),
                            number);
        }

        /** A DAGRunResponse as Airflow 3.1 lists it. */
        private static String airflow(String ref, History h, int k) {
            String logical = iso(h.started[k] - h.started[k] % 3600);
            String runId = "scheduled__" + logical.replace("Z", "+00:00");
            String state = h.open(k) ? "running" : h.failed[k] ? "failed" : "success";
            String start = iso(h.started[k]);
            String end = h.open(k) ? null : iso(h.started[k] + h.seconds[k]);
            return """
                    { "dag_run_id": "%s", "dag_id": "%s", "logical_date": "%s", "queued_at": "%s",
                      "start_date": "%s", "end_date": %s, "duration": %s, "data_interval_start": "%s",
                      "data_interval_end": "%s", "run_after": "%s", "last_scheduling_decision": %s,
                      "run_type": "scheduled", "state": "%s", "triggered_by": "timetable",
                      "triggering_user_name": null, "conf": {}, "note": %s,
                      "dag_versions": [ { "id": "0199c2a4-7f3e-7c51-9d2e-5b8f4a1c3e77", "version_number": 3,
                        "dag_id": "%s", "bundle_name": "dags-folder", "bundle_version": null,
                        "created_at": "2026-11-20T08:14:02.118000Z", "dag_display_name": "%s",
                        "bundle_url": null } ],
                      "bundle_version": null, "dag_display_name": "%s" }""".formatted(
                            runId,
                            ref,
                            logical,
                            iso(h.started[k] - 2),
                            start,
                            q(end),
                            h.open(k) ? "null" : h.seconds[k] + ".0",
                            logical,
                            logical,
                            logical,
                            q(end == null ? start : end),
                            state,
                            h.failed[k] && !h.open(k) ? "\"upstream extract timed out\"" : "null",
                            ref,
                            ref,
                            ref);
        }
    }
}
