package vigil.watchdog.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vigil.inventory.Inventory;
import vigil.inventory.Workflow;
import vigil.inventory.schedule.Schedule;
import vigil.inventory.store.Database;
import vigil.testing.MutableClock;
import vigil.testing.TestDatabase;
import vigil.watchdog.Stages;
import vigil.watchdog.alert.Alerts;
import vigil.watchdog.alert.Outbox;
import vigil.watchdog.runs.RunStore;

/** The evaluator against the store alone, on H2 and PostgreSQL. */
class EvaluatorStoreTest {
    static final String MIGRATIONS = Stages.MIGRATIONS;
    static final Instant START = Instant.parse("2026-11-23T12:00:00Z");

    static Inventory hourly(int count) {
        List<Workflow> workflows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            workflows.add(new Workflow(
                    "w" + i,
                    "W" + i,
                    "team@example.com",
                    new Schedule.Every(Duration.ofHours(1), "1h"),
                    ZoneId.of("UTC"),
                    Duration.ofMinutes(10),
                    List.of(),
                    List.of(),
                    null,
                    null,
                    false));
        }
        return new Inventory(List.of(), List.of(), List.of(), workflows, Map.of());
    }

    /**
     * A workflow's evidence is read from the newest end of its runs (one index walk each); the
     * status of all workflows aggregates over every run. Over a random history with overlapping,
     * open (with and without run ids), failed and log runs, both answer the same at every instant.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void one_workflows_evidence_agrees_with_the_aggregate_over_all_runs(String kind, @TempDir Path dir)
            throws Exception {
        try (TestDatabase db = TestDatabase.open(kind, dir);
                Database database = Database.open(db.url(), null, null, 2, MIGRATIONS)) {
            java.util.Random random = new java.util.Random(7);
            long base = START.toEpochMilli();
            try (java.sql.Connection c = database.dataSource().getConnection();
                    java.sql.PreparedStatement insert = c.prepareStatement("INSERT INTO run (workflow, status,"
                            + " started, finished, exit_status, source, rid) VALUES (?, ?, ?, ?, ?, 'ping', ?)")) {
                for (int i = 0; i < 300; i++) {
                    String status = List.of("started", "success", "success", "fail", "log")
                            .get(random.nextInt(5));
                    long at = base + random.nextInt(600) * 10_000L;
                    boolean paired = !status.equals("log") && random.nextBoolean();
                    insert.setString(1, "w" + random.nextInt(3));
                    insert.setString(2, status);
                    insert.setObject(3, status.equals("started") || paired ? at : null);
                    insert.setObject(
                            4, status.equals("started") ? null : at + (paired ? random.nextInt(90) * 10_000L : 0));
                    insert.setObject(5, status.equals("fail") ? 1 + random.nextInt(3) : null);
                    insert.setString(
                            6, random.nextBoolean() ? null : new java.util.UUID(random.nextLong(), i).toString());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            RunStore runs = new RunStore(database.dataSource());
            for (int step = -5; step < 700; step += 7) {
                Instant at = Instant.ofEpochMilli(base + step * 10_000L + 5_000L);
                Map<String, vigil.watchdog.runs.Evidence> all = runs.evidenceAll(at);
                for (String workflow : List.of("w0", "w1", "w2")) {
                    assertThat(runs.evidence(workflow, at))
                            .as(workflow + " at " + at)
                            .isEqualTo(all.getOrDefault(workflow, vigil.watchdog.runs.Evidence.NONE));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void two_evaluators_racing_record_a_change_exactly_once(String kind, @TempDir Path dir) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind, dir);
                Database database = Database.open(db.url(), null, null, 8, MIGRATIONS)) {
            StateStore states = new StateStore(database.dataSource());
            states.sync(List.of("w0"), START);
            Inventory inventory = hourly(1);
            Alerts alerts = new Alerts(() -> inventory, new Outbox(database.dataSource()), () -> null);
            List<Boolean> results = vigil.testing.Race.of(
                    8,
                    () -> states.transition(
                            "w0",
                            State.NEW,
                            0,
                            State.MISSED,
                            null,
                            START,
                            null,
                            alerts.of(inventory.workflow("w0").orElseThrow(), State.NEW, State.MISSED)));
            assertThat(vigil.testing.Race.won(results)).isEqualTo(1);
            assertThat(states.changes("w0")).hasSize(1);
            assertThat(new Outbox(database.dataSource()).due(START, 10))
                    .as("the alert is written with the change, once")
                    .hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void a_cycle_looks_only_at_due_workflows(String kind, @TempDir Path dir) {
        try (TestDatabase db = TestDatabase.open(kind, dir);
                Database database = Database.open(db.url(), null, null, 4, MIGRATIONS)) {
            Inventory inventory = hourly(1_000);
            StateStore states = new StateStore(database.dataSource());
            RunStore runs = new RunStore(database.dataSource());
            MutableClock clock = new MutableClock(START);
            Evaluator evaluator = new Evaluator(
                    () -> inventory,
                    id -> Optional.of(START),
                    runs,
                    states,
                    clock,
                    Duration.ofSeconds(30),
                    Consequences.NONE,
                    source -> false);
            states.sync(inventory.workflows().stream().map(Workflow::id).toList(), START);

            assertThat(evaluator.evaluate().evaluated()).isEqualTo(1_000);
            assertThat(evaluator.evaluate().evaluated()).isZero();

            clock.set(START.plus(Duration.ofMinutes(70)));
            Evaluator.Cycle cycle = evaluator.evaluate();
            assertThat(cycle.evaluated()).isEqualTo(1_000);
            assertThat(cycle.changed()).isEqualTo(1_000);
            assertThat(evaluator.evaluate().evaluated()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2"})
    void a_workflow_whose_evaluation_throws_is_pushed_back_and_the_others_go_on(String kind, @TempDir Path dir) {
        try (TestDatabase db = TestDatabase.open(kind, dir);
                Database database = Database.open(db.url(), null, null, 4, MIGRATIONS)) {
            Inventory inventory = hourly(3);
            StateStore states = new StateStore(database.dataSource());
            RunStore runs = new RunStore(database.dataSource());
            MutableClock clock = new MutableClock(START.plus(Duration.ofHours(2)));
            Evaluator evaluator = new Evaluator(
                    () -> inventory,
                    id -> {
                        if (id.equals("w1")) {
                            throw new IllegalStateException("broken row");
                        }
                        return Optional.of(START);
                    },
                    runs,
                    states,
                    clock,
                    Duration.ofMinutes(5),
                    Consequences.NONE,
                    source -> false);
            states.sync(List.of("w0", "w1", "w2"), START);

            Evaluator.Cycle cycle = evaluator.evaluate();

            assertThat(cycle.failed()).isEqualTo(1);
            assertThat(cycle.changed()).isEqualTo(2);
            assertThat(states.row("w0").orElseThrow().state()).isEqualTo(State.MISSED);
            assertThat(states.row("w2").orElseThrow().state()).isEqualTo(State.MISSED);
            StateStore.Row broken = states.row("w1").orElseThrow();
            assertThat(broken.state()).isEqualTo(State.NEW);
            assertThat(broken.nextCheck()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
            assertThat(evaluator.evaluate().evaluated()).isZero();
        }
    }
}
