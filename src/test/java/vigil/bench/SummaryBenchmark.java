package vigil.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import vigil.inventory.Inventory;
import vigil.inventory.Workflow;
import vigil.inventory.store.Database;
import vigil.inventory.store.InventoryStore;
import vigil.testing.MutableClock;
import vigil.watchdog.alert.Outbox;
import vigil.watchdog.config.Config;
import vigil.watchdog.config.ConfigLoader;
import vigil.watchdog.runs.RunStore;
import vigil.watchdog.summary.SummaryHtml;
import vigil.watchdog.summary.SummaryStore;
import vigil.watchdog.summary.SummaryText;
import vigil.watchdog.summary.TeamSummary;
import vigil.watchdog.summary.Week;
import vigil.watchdog.summary.WeeklySummaries;

/**
 * A whole weekly summary run: 10,000 generated workflows owned by 500 aliases (and the people
 * who own the rest), a week of runs on H2 as their schedules produce them (2% failing, 1% of
 * slots missed), every owner's summary built and rendered as text and HTML. Baseline: one plain
 * scan of the week's run rows, the least any summary must read.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(
        value = 1,
        jvmArgs = {"-Xms1g", "-Xmx1g"})
public class SummaryBenchmark {
    static final Week WEEK = new Week(LocalDate.parse("2026-11-22"), java.time.ZoneId.of("UTC"));

    private Path dir;
    private Database database;
    private WeeklySummaries summaries;
    private Jdbi jdbi;
    private long rows;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("vigil-summary-bench");
        Inventory inventory = GeneratedInventory.generate(
                        new GeneratedInventory.Shape(10_000, 20_000, 2_000, 500, 2_000))
                .inventory();
        database = Benchmarks.scratchDatabase(dir);
        jdbi = Jdbi.create(database.dataSource());
        InventoryStore store = new InventoryStore(database.dataSource());
        store.replace(inventory, WEEK.start().minus(Duration.ofDays(30)));
        rows = insertRuns(inventory);
        Files.writeString(dir.resolve("vigil.yaml"), """
                state_dir: state
                inventory: inventory
                timezone: UTC
                summary: { fallback: it@example.com }
                """);
        Files.createDirectories(dir.resolve("inventory"));
        Config config = ConfigLoader.load(dir.resolve("vigil.yaml"));
        summaries = new WeeklySummaries(
                () -> inventory,
                () -> config,
                new RunStore(database.dataSource()),
                store,
                new Outbox(database.dataSource()),
                new SummaryStore(database.dataSource()),
                new vigil.watchdog.baseline.AnomalyStore(database.dataSource()),
                new MutableClock(Instant.parse("2026-11-23T09:00:00Z")));
        List<TeamSummary> built = summaries.build(WEEK, null);
        System.out.printf(
                "%n%d workflows, %d owners (%d aliases), %d run rows in the week%n",
                inventory.workflows().size(), built.size(), inventory.aliases().size(), rows);
    }

    private long insertRuns(Inventory inventory) {
        SplittableRandom rnd = new SplittableRandom(7);
        return jdbi.inTransaction(h -> {
            var batch = h.prepareBatch(
                    "INSERT INTO run (workflow, status, finished, exit_status, source, body) VALUES (?, ?, ?, ?, 'ping', ?)");
            long n = 0;
            Instant from = WEEK.start().minus(Duration.ofDays(1));
            for (Workflow w : inventory.workflows()) {
                for (Instant slot = w.schedule().next(from, w.timezone());
                        slot.isBefore(WEEK.end());
                        slot = w.schedule().next(slot, w.timezone())) {
                    int roll = rnd.nextInt(100);
                    if (roll == 0) {
                        continue;
                    }
                    boolean fail = roll <= 2;
                    batch.bind(0, w.id())
                            .bind(1, fail ? "fail" : "success")
                            .bind(2, slot.plusSeconds(30).toEpochMilli())
                            .bind(3, fail ? 1 : 0)
                            .bind(4, fail ? "HTTP 401 Unauthorized" : null)
                            .add();
                    if (++n % 10_000 == 0) {
                        batch.execute();
                    }
                }
            }
            batch.execute();
            return n;
        });
    }

    /** Every owner's summary, built from the store and rendered as text and HTML. */
    @Benchmark
    public long summaryRun() {
        long chars = 0;
        for (TeamSummary s : summaries.build(WEEK, null)) {
            chars += SummaryText.render(s).length() + SummaryHtml.render(s).length();
        }
        return chars;
    }

    /** Baseline: one scan over the week's run rows. */
    @Benchmark
    public long scanWeek() {
        return jdbi.withHandle(h -> h
                .createQuery("SELECT workflow, status, finished FROM run WHERE finished >= ? AND finished < ?")
                .bind(0, WEEK.start().toEpochMilli())
                .bind(1, WEEK.end().toEpochMilli())
                .map((rs, ctx) -> rs.getString(1).length() + rs.getLong(3))
                .stream()
                .count());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        database.close();
        Benchmarks.deleteTree(dir);
    }
}
