package vigil.watchdog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.inventory.Inventory;
import vigil.inventory.audit.AuditEvidence;
import vigil.inventory.load.InvalidYamlException;
import vigil.inventory.load.InventoryLoader;
import vigil.inventory.load.Problem;
import vigil.inventory.store.Database;
import vigil.inventory.store.InventoryStore;
import vigil.watchdog.alert.AlertMessage;
import vigil.watchdog.alert.Destinations;
import vigil.watchdog.alert.Dispatcher;
import vigil.watchdog.alert.Recipients;
import vigil.watchdog.api.ApiServer;
import vigil.watchdog.api.InventoryApi;
import vigil.watchdog.api.StatusApi;
import vigil.watchdog.api.SummaryApi;
import vigil.watchdog.api.Tokens;
import vigil.watchdog.config.Config;
import vigil.watchdog.config.ConfigLoader;
import vigil.watchdog.evaluate.Evaluator;
import vigil.watchdog.intake.PingEndpoint;
import vigil.watchdog.intake.PingTargets;
import vigil.watchdog.intake.PingWriter;
import vigil.watchdog.jobs.Jobs;
import vigil.watchdog.store.Outbox;
import vigil.watchdog.store.RunStore;
import vigil.watchdog.store.RunWriter;
import vigil.watchdog.store.StateStore;
import vigil.watchdog.store.SummaryStore;
import vigil.watchdog.summary.WeeklySummaries;

/**
 * The running daemon, wired by hand in one place: configuration → database and store → the
 * current inventory → the HTTP API. {@link #reload()} swaps configuration and inventory
 * atomically; an invalid one is rejected and the running one kept.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private static final String[] MIGRATIONS = {"classpath:vigil/watchdog/store/migration"};

    private final Clock clock;
    private final Database database;
    private final InventoryStore store;
    private final RunStore runs;
    private final StateStore states;
    private final Outbox outbox;
    private final Destinations destinations;
    private final Dispatcher dispatcher;
    private final WeeklySummaries summaries;
    private final Metrics metrics = new Metrics();
    private final AtomicReference<Config> config;
    private final AtomicReference<Inventory> inventory;
    private final AtomicReference<PingTargets> targets;
    private final AtomicReference<Tokens> tokens;
    private final String cliToken;
    private final RunWriter runWriter;
    private final PingWriter pingWriter;
    private final Evaluator evaluator;
    private final Jobs jobs;
    private final ApiServer server;

    /** The outcome of a reload: {@code problems} empty when it took effect. */
    public record ReloadResult(boolean reloaded, List<String> problems, String summary) {}

    private Daemon(Config initial, Clock clock) throws IOException, InvalidYamlException {
        this.clock = clock;
        this.config = new AtomicReference<>(initial);
        Files.createDirectories(initial.stateDir());
        this.database = Database.open(
                initial.database().url(),
                initial.database().user(),
                initial.database().password(),
                16,
                MIGRATIONS);
        PingWriter writer = null;
        Jobs scheduler = null;
        try {
            this.store = new InventoryStore(database.dataSource());
            this.runs = new RunStore(database.dataSource());
            this.states = new StateStore(database.dataSource());
            this.outbox = new Outbox(database.dataSource());
            if (!database.isPostgres()) {
                outbox.releaseLeases(); // an H2 file belongs to this process: leases left are from a crash
            }
            this.destinations = new Destinations(config::get, clock);
            this.inventory = new AtomicReference<>(initialInventory(initial));
            this.targets = new AtomicReference<>(new PingTargets(inventory.get()));
            this.cliToken = newToken();
            this.tokens = new AtomicReference<>(new Tokens(initial.apiTokens(), cliToken));
            this.runWriter = new RunWriter(database.dataSource(), database.isPostgres());
            writer = new PingWriter(runWriter::write);
            this.pingWriter = writer;
            this.evaluator = new Evaluator(
                    inventory::get,
                    id -> store.workflowPresence(id).map(InventoryStore.Presence::firstSeen),
                    runs,
                    states,
                    clock,
                    initial.evaluateEvery(),
                    w -> Recipients.of(
                            w,
                            inventory.get(),
                            outbox.rejectedAddresses(),
                            config.get().summary().fallback()));
            this.dispatcher = new Dispatcher(
                    outbox,
                    destinations::notifierFor,
                    this::render,
                    id -> inventory
                            .get()
                            .workflow(id)
                            .map(vigil.inventory.Workflow::credentials)
                            .orElse(List.of()),
                    initial.evaluateEvery(),
                    clock,
                    new java.util.Random());
            this.summaries = new WeeklySummaries(
                    inventory::get, config::get, runs, store, outbox, new SummaryStore(database.dataSource()), clock);
            scheduler = new Jobs(
                    database.dataSource(),
                    database.isPostgres(),
                    this::evaluate,
                    initial.evaluateEvery(),
                    this::scheduledSummary,
                    clock);
            this.jobs = scheduler;
            jobs.armSummary(summaries.arm(), null);
            InventoryApi inventoryApi = new InventoryApi(
                    inventory::get,
                    () -> new AuditEvidence(outbox.rejectedAddresses(), runs.strays()),
                    () -> config.get().timezone(),
                    clock);
            StatusApi statusApi = new StatusApi(inventory::get, store, runs, clock);
            SummaryApi summaryApi = new SummaryApi(summaries, inventory::get, dispatcher::dispatch);
            PingEndpoint pings = new PingEndpoint(
                    targets::get,
                    () -> config.get().pingKey(),
                    pingWriter,
                    clock,
                    initial.pingBodyLimit(),
                    metrics::ping);
            this.server = new ApiServer(initial.listenHost(), initial.listenPort(), tokens::get)
                    .asyncRoute("*", "/ping/", null, pings::handle)
                    .route("GET", "/health", null, this::health)
                    .route("GET", "/metrics", null, r -> ApiServer.Response.text(200, metrics.scrape()))
                    .route("GET", "/api/v1/status", Config.Scope.READ, statusApi::status)
                    .route("GET", "/api/v1/workflows/", Config.Scope.READ, statusApi::runs)
                    .route("GET", "/api/v1/audit", Config.Scope.READ, inventoryApi::audit)
                    .route("GET", "/api/v1/impact", Config.Scope.READ, inventoryApi::impact)
                    .route("GET", "/api/v1/summary", Config.Scope.READ, summaryApi::get)
                    .route("POST", "/api/v1/summary/send", Config.Scope.ADMIN, summaryApi::send)
                    .route("POST", "/api/v1/reload", Config.Scope.ADMIN, r -> reloadResponse())
                    .route(
                            "POST",
                            "/api/v1/notify-test",
                            Config.Scope.ADMIN,
                            new vigil.watchdog.api.NotifyTestApi(destinations::notifierFor, clock)::send);
        } catch (IOException | InvalidYamlException | org.quartz.SchedulerException | RuntimeException e) {
            if (scheduler != null) {
                scheduler.close();
            }
            if (writer != null) {
                writer.close();
            }
            database.close();
            if (e instanceof org.quartz.SchedulerException se) {
                throw new IOException("scheduler could not start: " + se.getMessage(), se);
            }
            if (e instanceof IOException io) {
                throw io;
            }
            if (e instanceof InvalidYamlException iy) {
                throw iy;
            }
            throw (RuntimeException) e;
        }
    }

    /** One evaluation cycle, then its metrics and a dispatch round; cycles never overlap. */
    public synchronized Evaluator.Cycle evaluate() {
        long started = System.nanoTime();
        Evaluator.Cycle cycle = evaluator.evaluate();
        dispatcher.dispatch();
        metrics.evaluated(
                java.time.Duration.ofNanos(System.nanoTime() - started),
                states.counts(),
                runs.strays().size());
        return cycle;
    }

    /**
     * The scheduled weekly summary, armed for {@code armedFor}: sends the week that is due by then
     * (the slot counts as come even when Quartz fires a moment early) and says when to look again.
     */
    private java.time.Instant scheduledSummary(java.time.Instant armedFor) {
        java.time.Instant now = clock.instant();
        java.time.Instant at = now.isAfter(armedFor) ? now : armedFor;
        if (summaries.sendDue(at).queued()) {
            dispatcher.dispatch();
        }
        return summaries.nextSlot(at);
    }

    public WeeklySummaries summaries() {
        return summaries;
    }

    /** When the weekly summary runs next, as armed in the job store. */
    public Optional<java.time.Instant> summaryArmedFor() {
        try {
            return jobs.summaryArmedFor();
        } catch (org.quartz.SchedulerException e) {
            return Optional.empty();
        }
    }

    private vigil.notifiers.Message render(vigil.watchdog.alert.Grouping.Unit unit) {
        if (unit.grouped()) {
            return AlertMessage.grouped(unit, inventory.get());
        }
        Outbox.Delivery d = unit.deliveries().get(0);
        if (d.isSummary()) {
            return summaries.message(d);
        }
        String workflow = d.alert().workflow();
        return AlertMessage.render(
                d,
                inventory.get().workflow(workflow),
                inventory.get(),
                runs.evidence(workflow, clock.instant()),
                runs.runs(workflow, 3));
    }

    public Outbox outbox() {
        return outbox;
    }

    /** One dispatch round outside the scheduled cycle (tests, notify-test). */
    public int dispatch() {
        return dispatcher.dispatch();
    }

    public RunStore runs() {
        return runs;
    }

    public StateStore states() {
        return states;
    }

    /** Opens everything and starts serving; the CLI token is written once the server listens. */
    public static Daemon start(Config config, Clock clock) throws IOException, InvalidYamlException {
        Daemon daemon = new Daemon(config, clock);
        try {
            daemon.server.start();
            daemon.jobs.start();
            writeCliToken(config.cliTokenFile(), daemon.cliToken);
        } catch (IOException | org.quartz.SchedulerException | RuntimeException e) {
            daemon.close();
            throw e instanceof IOException io ? io : new IOException("vigil could not start: " + e.getMessage(), e);
        }
        LOG.info(
                "vigil listening on {} with {}",
                config.baseUrl().replaceFirst(":\\d+$", ":" + daemon.port()),
                daemon.inventory.get());
        return daemon;
    }

    private Inventory initialInventory(Config initial) throws InvalidYamlException {
        try {
            Inventory loaded = InventoryLoader.load(initial.inventory(), initial.inventoryContext());
            store.replace(loaded, clock.instant());
            states.sync(ids(loaded), clock.instant());
            return loaded;
        } catch (InvalidYamlException e) {
            Optional<Inventory> last = store.current(initial.inventoryContext().channels());
            if (last.isEmpty()) {
                throw e;
            }
            e.problems().forEach(p -> LOG.error("{}", p));
            LOG.error(
                    "the inventory is invalid ({} problems); running on the last valid one, stored {}",
                    e.problems().size(),
                    store.lastLoaded().orElse(null));
            states.sync(ids(last.get()), clock.instant());
            return last.get();
        }
    }

    private static List<String> ids(Inventory inventory) {
        return inventory.workflows().stream().map(vigil.inventory.Workflow::id).toList();
    }

    public int port() {
        return server.port();
    }

    public Inventory inventory() {
        return inventory.get();
    }

    public InventoryStore store() {
        return store;
    }

    /** Re-reads {@code vigil.yaml} and the inventory; on any problem nothing changes. */
    public synchronized ReloadResult reload() {
        Config current = config.get();
        Config next;
        Inventory loaded;
        try {
            next = ConfigLoader.load(current.file());
            loaded = InventoryLoader.load(next.inventory(), next.inventoryContext());
        } catch (InvalidYamlException e) {
            e.problems().forEach(p -> LOG.warn("reload rejected: {}", p));
            return new ReloadResult(
                    false,
                    e.problems().stream().map(Problem::toString).toList(),
                    "reload rejected: " + e.problems().size() + " problem(s); still running the previous inventory");
        }
        if (!next.database().equals(current.database())
                || next.listenPort() != current.listenPort()
                || !next.listenHost().equals(current.listenHost())
                || !next.stateDir().equals(current.stateDir())) {
            LOG.warn("database, http.listen and state_dir changes take effect only after a restart");
        }
        store.replace(loaded, clock.instant());
        states.sync(ids(loaded), clock.instant());
        config.set(next);
        inventory.set(loaded);
        targets.set(new PingTargets(loaded));
        tokens.set(new Tokens(next.apiTokens(), cliToken));
        destinations.reload(next);
        try {
            jobs.armSummary(summaries.arm(), null);
        } catch (org.quartz.SchedulerException e) {
            LOG.error("could not re-arm the weekly summary after reload: {}", e.toString());
        }
        LOG.info("reloaded: {}", loaded);
        return new ReloadResult(true, List.of(), "reloaded: " + loaded);
    }

    private ApiServer.Response reloadResponse() {
        ReloadResult result = reload();
        return ApiServer.Response.json(result.reloaded() ? 200 : 422, result);
    }

    private ApiServer.Response health(ApiServer.Request request) {
        boolean db = database.healthy();
        boolean scheduler = jobs.healthy();
        boolean ok = db && scheduler;
        return ApiServer.Response.json(
                ok ? 200 : 503,
                Map.of(
                        "status", ok ? "ok" : "unhealthy",
                        "database", db ? "up" : "down",
                        "scheduler", scheduler ? "up" : "down"));
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Written to a 0600 temporary file, then moved into place, so no other user can ever read it. */
    private static void writeCliToken(Path file, String token) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, token + "\n");
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() {
        server.close();
        pingWriter.close();
        runWriter.close();
        jobs.close();
        database.close();
        LOG.info("vigil stopped");
    }
}
