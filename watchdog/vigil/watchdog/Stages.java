package vigil.watchdog;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.quartz.SchedulerException;
import vigil.inventory.Workflow;
import vigil.inventory.audit.AuditEvidence;
import vigil.inventory.load.InvalidYamlException;
import vigil.inventory.store.Database;
import vigil.inventory.store.InventoryStore;
import vigil.watchdog.alert.Alerts;
import vigil.watchdog.alert.Destinations;
import vigil.watchdog.alert.Dispatcher;
import vigil.watchdog.alert.Messages;
import vigil.watchdog.alert.Notices;
import vigil.watchdog.alert.Outbox;
import vigil.watchdog.alert.Recipients;
import vigil.watchdog.api.BaselineApi;
import vigil.watchdog.api.DiscoverApi;
import vigil.watchdog.api.InventoryApi;
import vigil.watchdog.api.NotifyTestApi;
import vigil.watchdog.api.PeopleApi;
import vigil.watchdog.api.SourcesApi;
import vigil.watchdog.api.StatusApi;
import vigil.watchdog.api.SummaryApi;
import vigil.watchdog.baseline.AnomalyStore;
import vigil.watchdog.baseline.BaselineCheck;
import vigil.watchdog.config.Config;
import vigil.watchdog.directory.DirectoryStore;
import vigil.watchdog.directory.EffectiveInventory;
import vigil.watchdog.directory.ldap.LdapPoll;
import vigil.watchdog.directory.ldap.LdapSync;
import vigil.watchdog.directory.scim.ScimApi;
import vigil.watchdog.directory.scim.ScimResources;
import vigil.watchdog.evaluate.Evaluator;
import vigil.watchdog.evaluate.StateStore;
import vigil.watchdog.http.ApiServer;
import vigil.watchdog.intake.PingEndpoint;
import vigil.watchdog.intake.PingWriter;
import vigil.watchdog.intake.RunWriter;
import vigil.watchdog.jobs.Jobs;
import vigil.watchdog.runs.RunStore;
import vigil.watchdog.sources.Platforms;
import vigil.watchdog.sources.Poller;
import vigil.watchdog.sources.SourceDefinitions;
import vigil.watchdog.sources.SourceRuns;
import vigil.watchdog.summary.SummaryJob;
import vigil.watchdog.summary.SummaryStore;
import vigil.watchdog.summary.WeeklySummaries;

/**
 * Every stage of the daemon, wired by hand in {@link #wire} — the one place that does — in
 * pipeline order: the database; ping intake writing runs; the evaluator recording state changes
 * with their alerts; the dispatcher delivering the outbox; the weekly summary; the scheduler that
 * times them; the HTTP server in front. Nothing runs until {@link Daemon#start(Stages)}.
 */
public record Stages(
        Cleanup cleanup,
        Database database,
        Reloader reloader,
        InventoryStore inventory,
        RunStore runs,
        StateStore states,
        EvaluationCycle cycle,
        Outbox outbox,
        Dispatcher dispatcher,
        WeeklySummaries summaries,
        Jobs jobs,
        ApiServer server,
        String cliToken,
        DirectoryStore directory,
        BaselineCheck baselines) {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Stages.class);

    /** The daemon's migrations; they run after the inventory's. */
    public static final String MIGRATIONS = "classpath:vigil/watchdog/migration";

    private static final int POOL = 16;

    /** The configuration and inventory in force now. */
    public Snapshot snapshot() {
        return reloader.current();
    }

    /**
     * Opens the database, loads the inventory (or the last valid one) and builds every stage, with
     * the server bound; on any failure what was opened is closed again.
     */
    public static Stages wire(Config config, Clock clock) throws IOException, InvalidYamlException {
        Cleanup cleanup = new Cleanup();
        try {
            return wire(config, clock, cleanup);
        } catch (IOException | InvalidYamlException | RuntimeException e) {
            cleanup.close();
            throw e;
        } catch (SchedulerException e) {
            cleanup.close();
            throw new IOException("the scheduler could not start: " + e.getMessage(), e);
        }
    }

    private static Stages wire(Config config, Clock clock, Cleanup cleanup)
            throws IOException, InvalidYamlException, SchedulerException {
        StateDir.create(config.stateDir());
        Database database = cleanup.add(Database.open(
                config.database().url(),
                config.database().user(),
                config.database().password(),
                POOL,
                MIGRATIONS));
        StateDir.keepPrivate(config.database().url());
        InventoryStore inventoryStore = new InventoryStore(database.dataSource());
        RunStore runs = new RunStore(database.dataSource());
        StateStore states = new StateStore(database.dataSource());
        Outbox outbox = new Outbox(database.dataSource());
        if (!database.isPostgres()) {
            outbox.releaseLeases(); // an H2 file belongs to this process: leases left are from a crash
        }
        SummaryStore summaryStore = new SummaryStore(database.dataSource());
        SourceRuns sourceRuns = new SourceRuns(database.dataSource());
        SourceDefinitions definitions = new SourceDefinitions(database.dataSource());

        String cliToken = CliToken.create();
        AtomicReference<Snapshot> snapshot = new AtomicReference<>(
                Snapshot.of(config, Reloader.initial(config, inventoryStore, states, clock), cliToken));
        DirectoryStore directory = new DirectoryStore(database.dataSource(), clock);
        EffectiveInventory inventory =
                new EffectiveInventory(() -> snapshot.get().inventory(), directory, clock);
        Supplier<Config> current = () -> snapshot.get().config();

        Jobs jobs = cleanup.add(new Jobs(database.dataSource(), database.isPostgres(), clock));
        RunWriter runWriter = cleanup.add(new RunWriter(database.dataSource(), database.isPostgres()));
        Metrics metrics = new Metrics();
        AnomalyStore anomalies = new AnomalyStore(database.dataSource());
        Notices notices = new Notices(outbox, () -> current.get().summary().fallback());
        BaselineCheck baselines = new BaselineCheck(
                inventory,
                runs,
                anomalies,
                (a, w, inv) -> {
                    if (notices.anomaly(
                            a,
                            w,
                            Recipients.of(
                                    w,
                                    inv,
                                    outbox.rejectedAddresses(),
                                    current.get().summary().fallback()),
                            clock.instant())) {
                        metrics.anomaly(a.kind().label());
                    }
                },
                clock);
        PingWriter pingWriter = cleanup.add(new PingWriter(pings -> {
            runWriter.write(pings);
            baselines.touched(pings.stream()
                    .filter(p -> !p.stray())
                    .map(vigil.watchdog.intake.Ping::workflow)
                    .toList());
        }));
        metrics.strayPingsNotKept(runWriter::straysNotKept);
        metrics.deliveriesPending(outbox::pendingAfterFailure);

        Evaluator evaluator = new Evaluator(
                inventory,
                id -> inventoryStore.workflowPresence(id).map(InventoryStore.Presence::firstSeen),
                runs,
                states,
                clock,
                config.evaluateEvery(),
                new Alerts(inventory, outbox, () -> current.get().summary().fallback()),
                server -> sourceRuns
                        .health(server)
                        .map(h -> h.failures() >= Poller.BLIND_AFTER)
                        .orElse(false));
        Destinations destinations = new Destinations(current, clock);
        WeeklySummaries summaries =
                new WeeklySummaries(inventory, current, runs, inventoryStore, outbox, summaryStore, anomalies, clock);
        Dispatcher dispatcher = new Dispatcher(
                outbox,
                destinations::notifierFor,
                new Messages(inventory, runs, outbox, clock, summaries::message),
                id -> inventory.get().workflow(id).map(Workflow::credentials).orElse(List.of()),
                config.evaluateEvery(),
                clock,
                new Random());
        dispatcher.observe(metrics::delivery);
        EvaluationCycle cycle = new EvaluationCycle(
                evaluator,
                dispatcher,
                states,
                runs,
                metrics,
                () -> current.get().metricsPerWorkflow());
        SummaryJob summaryJob = new SummaryJob(summaries, cycle::dispatch, clock);
        jobs.every("dispatch", config.evaluateEvery(), cycle::dispatch);
        jobs.every("evaluate", config.evaluateEvery(), () -> {
            cycle.evaluate();
            baselines.check();
            jobs.trigger("dispatch");
        });
        summaryJob.register(jobs);
        Poller poller = new Poller(
                inventory,
                name -> Platforms.of(current.get().sources().get(name), clock),
                name -> Optional.ofNullable(current.get().sources().get(name))
                        .map(Config.SourceServer::poll)
                        .orElse(null),
                sourceRuns,
                new SourceNotices(notices, current, inventory, clock),
                definitions,
                clock);
        SourceJobs sourceJobs = new SourceJobs(jobs, poller);
        sourceJobs.arm(config);
        LdapPoll ldapPoll = new LdapPoll( // the directory's LDAP pull (docs/directory-ldap.md)
                jobs, new LdapSync(() -> LdapPoll.ldap(current.get()), directory, clock));
        ldapPoll.arm(config);
        metrics.sources(
                () -> current.get().sources().keySet(),
                name -> sourceRuns.health(name).map(SourceRuns.Health::failures).orElse(0));
        Reloader reloader = new Reloader(
                snapshot,
                cliToken,
                inventoryStore,
                states,
                List.of(destinations::reload, next -> summaryJob.rearm(jobs), sourceJobs::arm, ldapPoll::arm),
                clock);

        Supplier<AuditEvidence> evidence = () -> new AuditEvidence(
                outbox.rejectedAddresses(),
                runs.strays(),
                outbox.failing(clock.instant().minus(Outbox.FAILING_FOR)),
                sourceRuns.all().stream()
                        .filter(h -> h.failures() >= Poller.BLIND_AFTER
                                && current.get().sources().containsKey(h.source()))
                        .map(h -> new AuditEvidence.Blind(
                                h.source(), "auth".equals(h.lastKind()), h.failures(), h.lastFailure(), h.lastError()))
                        .toList(),
                definitions.all().stream()
                        .filter(d -> current.get().sources().containsKey(d.source()))
                        .toList(),
                inventory.conflicts());
        PersonEvents personEvents = cleanup.add(new PersonEvents(directory, notices, inventory, evidence, clock));
        directory.afterWrite(personEvents::request);
        metrics.personEventsUntold(directory::untoldCount);
        personEvents.request(); // what a crash left untold
        InventoryApi inventoryApi =
                new InventoryApi(inventory, evidence, () -> current.get().timezone(), clock);
        StatusApi statusApi = new StatusApi(inventory, inventoryStore, runs, anomalies, clock);
        SummaryApi summaryApi = new SummaryApi(summaries, inventory, cycle::dispatch);
        PingEndpoint pings = new PingEndpoint(
                () -> snapshot.get().targets(),
                () -> current.get().pingKey(),
                pingWriter,
                clock,
                () -> current.get().pingBodyLimit(),
                metrics::ping);
        ScimApi scim = new ScimApi(
                () -> current.get().directory().scim(), new ScimResources(directory, database.dataSource()));
        ApiServer server = cleanup.add(new ApiServer(
                        config.listenHost(),
                        config.listenPort(),
                        () -> snapshot.get().tokens()))
                .asyncRoute("*", "/ping/", null, pings::handle)
                .route("*", ScimApi.PREFIX, null, scim::handle)
                .route("GET", "/health", null, new Health(database, jobs)::check)
                .route("GET", "/metrics", null, r -> ApiServer.Response.text(200, metrics.scrape()))
                .route("GET", "/api/v1/status", Config.Scope.READ, statusApi::status)
                .route("GET", "/api/v1/workflows/", Config.Scope.READ, statusApi::runs)
                .route("GET", "/api/v1/audit", Config.Scope.READ, inventoryApi::audit)
                .route(
                        "GET",
                        "/api/v1/sources",
                        Config.Scope.READ,
                        new SourcesApi(
                                current,
                                inventory,
                                sourceRuns,
                                definitions,
                                Platforms::polled,
                                s -> Optional.ofNullable(Platforms.of(s, clock))
                                        .map(p -> p.hourlyLimit())
                                        .orElse(0))::sources)
                .route(
                        "GET",
                        "/api/v1/discover",
                        Config.Scope.READ,
                        new DiscoverApi(current, inventory, Platforms::of, definitions, clock)::discover)
                .route("GET", "/api/v1/impact", Config.Scope.READ, inventoryApi::impact)
                .route("GET", "/api/v1/people/", Config.Scope.READ, new PeopleApi(inventory, directory)::person)
                .route("GET", "/api/v1/baseline", Config.Scope.READ, new BaselineApi(inventory, runs, clock)::propose)
                .route("GET", "/api/v1/summary", Config.Scope.READ, summaryApi::get)
                .route("POST", "/api/v1/summary/send", Config.Scope.ADMIN, summaryApi::send)
                .route("POST", "/api/v1/reload", Config.Scope.ADMIN, reloader::respond)
                .route(
                        "POST",
                        "/api/v1/notify-test",
                        Config.Scope.ADMIN,
                        new NotifyTestApi(destinations::notifierFor, clock)::send);
        return new Stages(
                cleanup,
                database,
                reloader,
                inventoryStore,
                runs,
                states,
                cycle,
                outbox,
                dispatcher,
                summaries,
                jobs,
                server,
                cliToken,
                directory,
                baselines);
    }
}
