package vigil.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
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
import vigil.inventory.Workflow;
import vigil.inventory.schedule.Schedule;
import vigil.inventory.store.Database;
import vigil.testing.MutableClock;
import vigil.watchdog.evaluate.Evaluator;

/**
 * One evaluation cycle with 1,000 workflows due, each with {@code history} runs stored (one a
 * minute before now, every seventh failed). A workflow's past should not make its evaluation
 * slower: compare the rows for 10 and 1,000 runs each (10,000 and 1,000,000 rows in all).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 4)
@Fork(
        value = 1,
        jvmArgs = {"-Xms1g", "-Xmx1g"})
public class HistoryBenchmark {
    private static final int WORKFLOWS = 1_000;
    private static final Instant START = Instant.parse("2026-11-23T12:00:00Z");

    @Param({"10", "1000"})
    public int history;

    private Path dir;
    private Database database;
    private Jdbi jdbi;
    private Evaluator evaluator;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("vigil-history-bench");
        database = Benchmarks.scratchDatabase(dir);
        jdbi = Jdbi.create(database.dataSource());
        long now = START.toEpochMilli();
        jdbi.useHandle(h -> h.execute(
                "INSERT INTO run (workflow, status, started, finished, source)"
                        + " SELECT 'w' || MOD(X, ?), CASE WHEN MOD(X, 7) = 0 THEN 'fail' ELSE 'success' END,"
                        + " ? - X / ? * 60000, ? - X / ? * 60000 + 1000, 'ping' FROM SYSTEM_RANGE(1, ?)",
                WORKFLOWS,
                now,
                WORKFLOWS,
                now,
                WORKFLOWS,
                (long) WORKFLOWS * history));
        Schedule everyMinute = new Schedule.Every(Duration.ofMinutes(1), "1m");
        List<Workflow> workflows = new ArrayList<>(WORKFLOWS);
        for (int i = 0; i < WORKFLOWS; i++) {
            workflows.add(EvaluationBenchmark.workflow(i, everyMinute, ZoneId.of("UTC"), Duration.ofMinutes(5)));
        }
        evaluator = EvaluationBenchmark.evaluator(
                database, workflows, START.minus(Duration.ofDays(30)), new MutableClock(START));
    }

    @Setup(Level.Invocation)
    public void makeAllDue() {
        jdbi.useHandle(h -> h.execute("UPDATE workflow_state SET next_check = ?", START.toEpochMilli()));
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
