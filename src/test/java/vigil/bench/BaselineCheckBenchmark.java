package vigil.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import vigil.inventory.Budget;
import vigil.inventory.Inventory;
import vigil.inventory.Normal;
import vigil.inventory.Workflow;
import vigil.inventory.schedule.Schedule;
import vigil.inventory.store.Database;
import vigil.testing.MutableClock;
import vigil.watchdog.baseline.AnomalyStore;
import vigil.watchdog.baseline.BaselineCheck;
import vigil.watchdog.evaluate.Evaluator;
import vigil.watchdog.runs.RunStore;

/**
 * The anomaly check that follows each evaluation (docs/baselines.md), beside the evaluation cycle
 * it follows, in the same run: 100,000 workflows on H2 with 1% due for the cycle, 1,000 of them
 * (1%) with a {@code normal:} and {@code budget:}, each with eight runs that reported a count and
 * a cost today, and {@code pinged} of those pinged since the last check (the check judges only
 * those again; 1,000 is the worst case, every one pinged within one evaluation interval). Report
 * the check as a fraction of {@link #cycle}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 4)
@Fork(
        value = 1,
        jvmArgs = {"-Xms1g", "-Xmx1g"})
public class BaselineCheckBenchmark {
    private static final int WORKFLOWS = 100_000;
    private static final int DUE = 1_000;
    private static final Instant START = Instant.parse("2026-11-23T12:00:00Z");

    private static final int WITH_BASELINE = 1_000;

    @Param({"0", "100", "1000"})
    public int pinged;

    private Path dir;
    private Database database;
    private Jdbi jdbi;
    private Evaluator evaluator;
    private BaselineCheck check;
    private final Random random = new Random(42);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("vigil-baseline-bench");
        database = Benchmarks.scratchDatabase(dir);
        jdbi = Jdbi.create(database.dataSource());
        Schedule hourly = new Schedule.Every(Duration.ofHours(1), "1h");
        Normal normal = new Normal(Map.of(), Duration.ofMinutes(4), 850.0, 1.0, 3);
        Budget budget = new Budget(100, Budget.DEFAULT_ALERT_AT);
        List<Workflow> workflows = new ArrayList<>(WORKFLOWS);
        int step = WORKFLOWS / WITH_BASELINE;
        for (int i = 0; i < WORKFLOWS; i++) {
            boolean judged = i % step == 0;
            workflows.add(new Workflow(
                    "w" + i,
                    "W" + i,
                    "team@example.com",
                    hourly,
                    ZoneId.of("UTC"),
                    Duration.ofMinutes(30),
                    List.of(),
                    List.of(),
                    null,
                    null,
                    false,
                    judged ? normal : null,
                    judged ? budget : null));
        }
        jdbi.useHandle(h -> {
            var batch = h.prepareBatch("INSERT INTO run (workflow, status, finished, duration_ms, source, item_count,"
                    + " cost) VALUES (?, 'success', ?, 240000, 'ping', ?, 1.0)");
            for (Workflow w : workflows) {
                if (w.normal() != null) {
                    for (int r = 0; r < 8; r++) {
                        batch.bind(0, w.id())
                                .bind(1, START.minus(Duration.ofHours(r + 1)).toEpochMilli())
                                .bind(2, 800 + r * 10)
                                .add();
                    }
                }
            }
            batch.execute();
        });
        MutableClock clock = new MutableClock(START);
        evaluator = EvaluationBenchmark.evaluator(database, workflows, START, clock);
        Inventory inventory = new Inventory(List.of(), List.of(), List.of(), workflows, Map.of());
        check = new BaselineCheck(
                () -> inventory,
                new RunStore(database.dataSource()),
                new AnomalyStore(database.dataSource()),
                (a, w, inv) -> {},
                clock);
        check.check(); // yesterday judged once, as after the daemon's first evaluation
    }

    @Setup(Level.Invocation)
    public void makeSomeDue() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < pinged; i++) {
            ids.add("w" + (i * (WORKFLOWS / WITH_BASELINE)));
        }
        check.touched(ids);
        EvaluationBenchmark.makeDue(jdbi, random, DUE, WORKFLOWS, START);
    }

    /** The evaluation cycle with 1% due: the baseline. */
    @Benchmark
    public Evaluator.Cycle cycle() {
        return evaluator.evaluate();
    }

    /** The anomaly check after it. */
    @Benchmark
    public int baselineCheck() {
        return check.check();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        database.close();
        Benchmarks.deleteTree(dir);
    }
}
