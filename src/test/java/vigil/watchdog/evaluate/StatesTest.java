package vigil.watchdog.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vigil.inventory.Workflow;
import vigil.inventory.schedule.CronExpression;
import vigil.inventory.schedule.Schedule;
import vigil.testing.Inventories;
import vigil.watchdog.runs.Evidence;

/**
 * The state table of docs/states.md. The workflow runs daily at 06:00 Berlin time (05:00Z in winter)
 * with one hour of grace, and entered the inventory on Monday 2026-11-23 at 12:00Z.
 */
class StatesTest {
    static final Instant ENTERED = Instant.parse("2026-11-23T12:00:00Z");
    static final Workflow DAILY = workflow("0 6 * * *", Duration.ofHours(1), false);

    static Workflow workflow(String cron, Duration grace, boolean paused) {
        try {
            return Inventories.teamWorkflow(
                    "report", new Schedule.Cron(CronExpression.parse(cron)), ZoneId.of("Europe/Berlin"), grace, paused);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Instant t(String instant) {
        return Instant.parse(instant);
    }

    static Evidence success(String at) {
        return new Evidence(t(at), false, null, t(at), List.of());
    }

    static Arguments row(String behaviour, Evidence evidence, String at, State state, String reason) {
        return Arguments.of(Named.of(behaviour, evidence), t(at), state, reason);
    }

    static Stream<Arguments> table() {
        return Stream.of(
                row("new: never ran, first slot not yet due", Evidence.NONE, "2026-11-23T13:00:00Z", State.NEW, null),
                row(
                        "new: never ran, first slot passed but within grace",
                        Evidence.NONE,
                        "2026-11-24T05:30:00Z",
                        State.NEW,
                        null),
                row(
                        "missed: never ran, first slot + grace passed",
                        Evidence.NONE,
                        "2026-11-24T06:00:00Z",
                        State.MISSED,
                        null),
                row(
                        "up: ran at its slot, next slot not due",
                        success("2026-11-24T05:02:00Z"),
                        "2026-11-24T20:00:00Z",
                        State.UP,
                        null),
                row(
                        "late: next slot passed, within grace",
                        success("2026-11-24T05:02:00Z"),
                        "2026-11-25T05:30:00Z",
                        State.LATE,
                        null),
                row(
                        "missed: next slot + grace passed",
                        success("2026-11-24T05:02:00Z"),
                        "2026-11-25T06:00:00Z",
                        State.MISSED,
                        null),
                row(
                        "failed: the last run reported failure",
                        new Evidence(t("2026-11-24T05:01:00Z"), true, 3, t("2026-11-23T05:00:00Z"), List.of()),
                        "2026-11-24T05:10:00Z",
                        State.FAILED,
                        "exit status 3"),
                row(
                        "failed: a fail ping",
                        new Evidence(t("2026-11-24T05:01:00Z"), true, null, null, List.of()),
                        "2026-11-24T05:10:00Z",
                        State.FAILED,
                        "fail signal"),
                row(
                        "failed stays failed through silence",
                        new Evidence(t("2026-11-24T05:01:00Z"), true, 1, null, List.of()),
                        "2026-11-30T00:00:00Z",
                        State.FAILED,
                        "exit status 1"),
                row(
                        "running: started, completion not yet due",
                        new Evidence(
                                t("2026-11-23T05:01:00Z"),
                                false,
                                null,
                                t("2026-11-23T05:01:00Z"),
                                t("2026-11-24T05:00:00Z")),
                        "2026-11-24T05:59:00Z",
                        State.RUNNING,
                        null),
                row(
                        "failed (timeout): started, no completion within grace",
                        new Evidence(
                                t("2026-11-23T05:01:00Z"),
                                false,
                                null,
                                t("2026-11-23T05:01:00Z"),
                                t("2026-11-24T05:00:00Z")),
                        "2026-11-24T06:00:00Z",
                        State.FAILED,
                        "timeout"),
                row(
                        "up again: a success after a failure",
                        new Evidence(t("2026-11-24T05:30:00Z"), false, null, t("2026-11-24T05:30:00Z"), List.of()),
                        "2026-11-24T06:00:00Z",
                        State.UP,
                        null),
                row(
                        "up: a run with its own id still open after another run's success, within its grace",
                        new Evidence(
                                t("2026-11-24T05:30:00Z"),
                                false,
                                null,
                                t("2026-11-24T05:30:00Z"),
                                t("2026-11-24T05:00:00Z")),
                        "2026-11-24T05:59:00Z",
                        State.UP,
                        null),
                row(
                        "failed (timeout): that run is still open at its start + grace",
                        new Evidence(
                                t("2026-11-24T05:30:00Z"),
                                false,
                                null,
                                t("2026-11-24T05:30:00Z"),
                                t("2026-11-24T05:00:00Z")),
                        "2026-11-24T06:00:00Z",
                        State.FAILED,
                        "timeout"),
                row(
                        "up: a success after that timeout",
                        new Evidence(
                                t("2026-11-24T06:10:00Z"),
                                false,
                                null,
                                t("2026-11-24T06:10:00Z"),
                                t("2026-11-24T05:00:00Z")),
                        "2026-11-24T06:20:00Z",
                        State.UP,
                        null));
    }

    @Test
    void an_overlapping_open_run_makes_the_evaluator_look_again_at_its_timeout() {
        Evidence overlapping = new Evidence(
                t("2026-11-24T05:30:00Z"),
                false,
                null,
                t("2026-11-24T05:30:00Z"),
                List.of(t("2026-11-24T05:20:00Z"), t("2026-11-24T05:00:00Z")));
        WorkflowStatus status = States.at(DAILY, ENTERED, overlapping, t("2026-11-24T05:40:00Z"));
        assertThat(status.state()).isEqualTo(State.UP);
        assertThat(status.nextCheck()).isEqualTo(t("2026-11-24T06:00:00Z"));
        assertThat(States.at(DAILY, ENTERED, overlapping, t("2026-11-24T06:05:00Z"))
                        .state())
                .isEqualTo(State.FAILED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void state(Evidence evidence, Instant at, State state, String reason) {
        WorkflowStatus status = States.at(DAILY, ENTERED, evidence, at);
        assertThat(status.state()).isEqualTo(state);
        assertThat(status.reason()).isEqualTo(reason);
    }

    @Test
    void paused_is_not_evaluated() {
        WorkflowStatus status = States.at(
                workflow("0 6 * * *", Duration.ofHours(1), true), ENTERED, Evidence.NONE, t("2027-01-01T00:00:00Z"));
        assertThat(status.state()).isEqualTo(State.PAUSED);
        assertThat(status.nextCheck()).isNull();
    }

    @Test
    void next_due_is_the_first_slot_strictly_after_the_last_run_and_the_deadline_adds_grace() {
        WorkflowStatus status = States.at(DAILY, ENTERED, success("2026-11-24T05:02:00Z"), t("2026-11-24T20:00:00Z"));
        assertThat(status.lastSuccess()).isEqualTo(t("2026-11-24T05:02:00Z"));
        assertThat(status.nextDue()).isEqualTo(t("2026-11-25T05:00:00Z"));
        assertThat(status.deadline()).isEqualTo(t("2026-11-25T06:00:00Z"));
        assertThat(status.nextCheck()).isEqualTo(t("2026-11-25T05:00:00Z"));
    }

    @Test
    void the_first_deadline_counts_from_when_the_workflow_entered_the_inventory() {
        WorkflowStatus status = States.at(DAILY, ENTERED, Evidence.NONE, ENTERED);
        assertThat(status.nextDue()).isEqualTo(t("2026-11-24T05:00:00Z"));
        assertThat(status.deadline()).isEqualTo(t("2026-11-24T06:00:00Z"));
    }

    @Test
    void an_every_schedule_is_due_one_interval_after_the_last_run() {
        Workflow every = new Workflow(
                "sync",
                "Sync",
                "team@example.com",
                new Schedule.Every(Duration.ofMinutes(15), "15m"),
                ZoneId.of("UTC"),
                Duration.ofMinutes(5),
                List.of(),
                List.of(),
                null,
                null,
                false);
        assertThat(States.at(every, ENTERED, success("2026-11-24T10:00:00Z"), t("2026-11-24T10:14:59Z"))
                        .state())
                .isEqualTo(State.UP);
        assertThat(States.at(every, ENTERED, success("2026-11-24T10:00:00Z"), t("2026-11-24T10:15:00Z"))
                        .state())
                .isEqualTo(State.LATE);
        assertThat(States.at(every, ENTERED, success("2026-11-24T10:00:00Z"), t("2026-11-24T10:20:00Z"))
                        .state())
                .isEqualTo(State.MISSED);
    }
}
