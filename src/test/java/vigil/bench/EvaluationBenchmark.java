package vigil.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import vigil.inventory.Inventory;
import vigil.inventory.Workflow;
import vigil.inventory.schedule.CronExpression;
import vigil.inventory.schedule.Schedule;
import vigil.inventory.store.Database;
import vigil.testing.MutableClock;
import vigil.watchdog.evaluate.Consequences;
import vigil.watchdog.evaluate.Evaluator;
import vigil.watchdog.evaluate.StateStore;
import vigil.watchdog.runs.RunStore;

/**
 * One evaluation cycle over 100,000 workflows on H2, with {@code due} of them due. The cost
 * should follow the due count, not the total: compare the rows for 0, 100, 1,000 (1%) and 10,000.
 * Before each cycle, {@code due} random workflows are made due (outside the measurement).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 4)
@Fork(
        value = 1,
        jvmArgs = {"-Xms1g", "-Xmx1g"})
public class EvaluationBenchmark {
    private static final int WORKFLOWS = 100_000;
    private static final Instant START = Instant.parse("2026-11-23T12:00:00Z");

    @Param({"0", "100", "1000", "10000"})
    public int due;

    private Path dir;
    private Database database;
    private Jdbi jdbi;
    private Evaluator evaluator;
    private MutableClock clock;
    private final Random random = new Random(42);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("vigil-eval-bench");
        database = Benchmarks.scratchDatabase(dir);
        jdbi = Jdbi.create(database.dataSource());
        Schedule daily = new Schedule.Cron(CronExpression.parse("15 6 * * *"));
        Schedule hourly = new Schedule.Every(Duration.ofHours(1), "1h");
        List<Workflow> workflows = new ArrayList<>(WORKFLOWS);
        for (int i = 0; i < WORKFLOWS; i++) {
            workflows.add(workflow(
                    i,
                    i % 2 == 0 ? daily : hourly,
                    ZoneId.of(i % 3 == 0 ? "Europe/Berlin" : "UTC"),
                    Duration.ofMinutes(30)));
        }
        clock = new MutableClock(START);
        evaluator = evaluator(database, workflows, START, clock);
    }

    /** Workflow {@code w<i>}, owned by a team, on {@code schedule}, with nothing else set. */
    static Workflow workflow(int i, Schedule schedule, ZoneId zone, Duration grace) {
        return new Workflow(
                "w" + i, "W" + i, "team@example.com", schedule, zone, grace, List.of(), List.of(), null, null, false);
    }

    /**
     * An evaluator over {@code workflows} (in the inventory since {@code since}), their states
     * created and evaluated once at {@code clock}'s instant.
     */
    static Evaluator evaluator(Database database, List<Workflow> workflows, Instant since, MutableClock clock) {
        Inventory inventory = new Inventory(List.of(), List.of(), List.of(), workflows, Map.of());
        StateStore states = new StateStore(database.dataSource());
        Evaluator evaluator = new Evaluator(
                () -> inventory,
                id -> Optional.of(since),
                new RunStore(database.dataSource()),
                states,
                clock,
                Duration.ofSeconds(30),
                Consequences.NONE,
                source -> false);
        states.sync(workflows.stream().map(Workflow::id).toList(), clock.instant());
        evaluator.evaluate();
        return evaluator;
    }

    @Setup(Level.Invocation)
    public void makeSomeDue() {
        makeDue(jdbi, random, due, WORKFLOWS, START);
    }

    /** Makes {@code due} random workflows of {@code w0 … w<workflows-1>} due at {@code at}. */
    static void makeDue(Jdbi jdbi, Random random, int due, int workflows, Instant at) {
        if (due == 0) {
            return;
        }
        jdbi.useHandle(h -> {
            var batch = h.prepareBatch("UPDATE workflow_state SET next_check = ? WHERE workflow = ?");
            for (int i = 0; i < due; i++) {
                batch.bind(0, at.toEpochMilli())
                        .bind(1, "w" + random.nextInt(workflows))
                        .add();
            }
            batch.execute();
        });
    }

    @Benchmark
    public Evaluator.Cycle cycle() {
        return evaluator.evaluate();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        database.close();
        Benchmarks.deleteTree(dir);
    }
}
