package vigil.watchdog.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vigil.inventory.Workflow;
import vigil.inventory.schedule.CronExpression;
import vigil.inventory.schedule.Schedule;
import vigil.testing.Inventories;
import vigil.watchdog.runs.Run;

/**
 * The day grid across the weeks the clocks change in Berlin (2026-03-29 02:00 → 03:00 and
 * 2026-10-25 03:00 → 02:00), for cron and {@code every} schedules. Runs are generated from plain
 * instants, not from the schedule under test.
 */
class DayGridTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final Week SPRING = new Week(LocalDate.parse("2026-03-29"), BERLIN);
    static final Week AUTUMN = new Week(LocalDate.parse("2026-10-25"), BERLIN);
    static final Instant LONG_AGO = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant LATER = Instant.parse("2026-12-01T00:00:00Z");

    static Workflow workflow(Schedule schedule, Duration grace, boolean paused) {
        return Inventories.teamWorkflow("job", schedule, BERLIN, grace, paused);
    }

    static Workflow cron(String expression) throws Exception {
        return workflow(new Schedule.Cron(CronExpression.parse(expression)), Duration.ofMinutes(10), false);
    }

    static Workflow every(Duration interval) {
        return workflow(new Schedule.Every(interval, interval.toString()), Duration.ofMinutes(10), false);
    }

    static long ids = 1;

    static Run ok(Instant at) {
        return new Run(ids++, "success", null, at, null, "ping", 0, null, null, null);
    }

    static Run fail(Instant at, String body) {
        return new Run(ids++, "fail", null, at, null, "ping", 1, body, null, null);
    }

    static Run started(Instant at) {
        return new Run(ids++, "started", at, null, null, "ping", null, null, null, null);
    }

    /** One successful run every {@code step} from {@code from} (inclusive) to {@code to} (exclusive). */
    static List<Run> runs(Instant from, Instant to, Duration step) {
        List<Run> out = new ArrayList<>();
        for (Instant t = from; t.isBefore(to); t = t.plus(step)) {
            out.add(ok(t));
        }
        return out;
    }

    static Instant berlin(String local) {
        return LocalDateTime.parse(local).atZone(BERLIN).toInstant();
    }

    static List<Integer> expected(DayGrid g) {
        return g.days().stream().map(Day::expected).toList();
    }

    static List<Mark> marks(DayGrid g) {
        return g.days().stream().map(Day::mark).toList();
    }

    @Test
    void the_week_has_a_23_hour_day_in_spring_and_a_25_hour_day_in_autumn() {
        assertThat(Duration.between(SPRING.start(), SPRING.end())).isEqualTo(Duration.ofHours(7 * 24 - 1));
        assertThat(Duration.between(AUTUMN.start(), AUTUMN.end())).isEqualTo(Duration.ofHours(7 * 24 + 1));
        assertThat(SPRING.days()).first().isEqualTo(LocalDate.parse("2026-03-23"));
        assertThat(SPRING.describe()).isEqualTo("Mon 23 Mar – Sun 29 Mar 2026");
    }

    @Test
    void an_hourly_cron_job_is_expected_23_times_on_the_spring_sunday_and_25_times_in_autumn() throws Exception {
        Workflow hourly = cron("0 * * * *");
        // every whole hour of UTC is a whole hour in Berlin; a run one minute after each
        List<Run> spring = runs(SPRING.start().plusSeconds(60), SPRING.end(), Duration.ofHours(1));
        DayGrid g = DayGrid.of(hourly, SPRING, spring, null, LONG_AGO, LATER);
        assertThat(expected(g)).containsExactly(24, 24, 24, 24, 24, 24, 23);
        assertThat(g.expected()).isEqualTo(167);
        assertThat(g.succeeded()).isEqualTo(167);
        assertThat(g.missed()).isZero();
        assertThat(marks(g)).containsOnly(Mark.OK);

        List<Run> autumn = runs(AUTUMN.start().plusSeconds(60), AUTUMN.end(), Duration.ofHours(1));
        DayGrid a = DayGrid.of(hourly, AUTUMN, autumn, null, LONG_AGO, LATER);
        assertThat(expected(a)).containsExactly(24, 24, 24, 24, 24, 24, 25);
        assertThat(a.missed()).isZero();
        assertThat(SummaryText.cell(a.days().get(6))).isEqualTo("✓25");
    }

    @Test
    void a_fixed_time_job_in_the_skipped_hour_runs_once_at_three_and_once_in_the_repeated_hour() throws Exception {
        Workflow nightly = cron("30 2 * * *");
        List<Run> spring = new ArrayList<>();
        for (int day = 23; day <= 28; day++) {
            spring.add(ok(berlin("2026-03-%02dT02:31:00".formatted(day))));
        }
        spring.add(ok(berlin("2026-03-29T03:01:00"))); // 02:30 does not exist: Debian cron runs it at 03:00
        DayGrid g = DayGrid.of(nightly, SPRING, spring, null, LONG_AGO, LATER);
        assertThat(expected(g)).containsExactly(1, 1, 1, 1, 1, 1, 1);
        assertThat(marks(g)).containsOnly(Mark.OK);

        List<Run> autumn = new ArrayList<>();
        for (int day = 19; day <= 24; day++) {
            autumn.add(ok(berlin("2026-10-%02dT02:31:00".formatted(day))));
        }
        autumn.add(ok(Instant.parse("2026-10-25T00:31:00Z"))); // the first 02:30 (CEST)
        DayGrid a = DayGrid.of(nightly, AUTUMN, autumn, null, LONG_AGO, LATER);
        assertThat(expected(a)).as("the repeated 02:30 runs once").containsExactly(1, 1, 1, 1, 1, 1, 1);
        assertThat(a.missed()).isZero();
    }

    @Test
    void a_missing_night_is_a_miss_and_the_longest_silence_spans_it() throws Exception {
        Workflow nightly = cron("30 2 * * *");
        List<Run> spring = new ArrayList<>();
        for (int day : new int[] {23, 24, 26, 27, 28}) {
            spring.add(ok(berlin("2026-03-%02dT02:31:00".formatted(day))));
        }
        DayGrid g = DayGrid.of(nightly, SPRING, spring, null, LONG_AGO, LATER);
        assertThat(marks(g)).containsExactly(Mark.OK, Mark.OK, Mark.MISSED, Mark.OK, Mark.OK, Mark.OK, Mark.MISSED);
        assertThat(g.missed()).isEqualTo(2);
        assertThat(g.succeeded()).isEqualTo(5);
        assertThat(g.silence().from())
                .as("Tuesday's run, then nothing until Thursday")
                .isEqualTo(berlin("2026-03-24T02:31:00"));
        assertThat(g.silence().length()).isEqualTo(Duration.ofHours(48));
    }

    @Test
    void a_run_within_grace_keeps_its_slot_and_one_after_grace_is_a_miss_plus_an_extra_run() throws Exception {
        Workflow nightly = workflow(new Schedule.Cron(CronExpression.parse("0 6 * * *")), Duration.ofHours(1), false);
        List<Run> runs = new ArrayList<>();
        for (int day = 23; day <= 29; day++) {
            runs.add(ok(berlin("2026-03-%02dT06:05:00".formatted(day))));
        }
        runs.set(1, ok(berlin("2026-03-24T06:55:00"))); // late, within the hour of grace
        runs.set(2, ok(berlin("2026-03-25T07:30:00"))); // after grace: the slot was missed
        DayGrid g = DayGrid.of(nightly, SPRING, runs, null, LONG_AGO, LATER);
        assertThat(marks(g).get(1)).isEqualTo(Mark.OK);
        assertThat(g.days().get(2).missed()).isEqualTo(1);
        assertThat(g.days().get(2).succeeded()).isEqualTo(1);
        assertThat(marks(g).get(2)).isEqualTo(Mark.MISSED);
        assertThat(g.missed()).isEqualTo(1);
    }

    @Test
    void every_hour_is_23_runs_on_the_short_day_and_a_gap_is_one_miss_per_interval() {
        Workflow hourly = every(Duration.ofHours(1));
        List<Run> runs = runs(SPRING.start(), SPRING.end(), Duration.ofHours(1));
        Instant gapFrom = berlin("2026-03-25T10:00:00");
        Instant gapTo = berlin("2026-03-25T13:00:00");
        runs.removeIf(r -> !r.finished().isBefore(gapFrom) && r.finished().isBefore(gapTo));
        Instant lastBefore = SPRING.start().minus(Duration.ofHours(1));
        DayGrid g = DayGrid.of(hourly, SPRING, runs, lastBefore, LONG_AGO, LATER);
        assertThat(expected(g)).containsExactly(24, 24, 24, 24, 24, 24, 23);
        assertThat(g.days().get(2).missed()).isEqualTo(3);
        assertThat(g.days().get(2).succeeded()).isEqualTo(21);
        assertThat(g.missed()).isEqualTo(3);
        assertThat(g.silence().length()).isEqualTo(Duration.ofHours(4));

        DayGrid a = DayGrid.of(
                hourly,
                AUTUMN,
                runs(AUTUMN.start(), AUTUMN.end(), Duration.ofHours(1)),
                AUTUMN.start().minus(Duration.ofHours(1)),
                LONG_AGO,
                LATER);
        assertThat(expected(a)).containsExactly(24, 24, 24, 24, 24, 24, 25);
        assertThat(a.missed()).isZero();
    }

    @Test
    void every_two_days_expects_a_run_every_other_day_following_the_runs() {
        Workflow job = every(Duration.ofDays(2));
        List<Run> runs = List.of(ok(berlin("2026-03-24T12:00:00")), ok(berlin("2026-03-26T12:00:00")));
        DayGrid g = DayGrid.of(job, SPRING, runs, berlin("2026-03-22T12:00:00"), LONG_AGO, LATER);
        assertThat(expected(g)).containsExactly(0, 1, 0, 1, 0, 1, 0);
        assertThat(marks(g)).containsExactly(Mark.NONE, Mark.OK, Mark.NONE, Mark.OK, Mark.NONE, Mark.MISSED, Mark.NONE);
    }

    @Test
    void failures_and_starts_that_never_completed_are_failures_with_the_newest_first_and_their_last_word()
            throws Exception {
        Workflow nightly = cron("30 2 * * *");
        List<Run> runs = new ArrayList<>();
        for (int day = 23; day <= 27; day++) {
            runs.add(ok(berlin("2026-03-%02dT02:31:00".formatted(day))));
        }
        runs.add(fail(berlin("2026-03-28T02:31:00"), "exporting 1,204 rows\nHTTP 401 Unauthorized\n\nexit status 1\n"));
        runs.add(started(berlin("2026-03-29T03:00:30")));
        DayGrid g = DayGrid.of(nightly, SPRING, runs, null, LONG_AGO, LATER);
        assertThat(marks(g).subList(5, 7)).containsExactly(Mark.FAILED, Mark.FAILED);
        assertThat(g.failed()).isEqualTo(2);
        assertThat(g.missed()).as("a started run keeps its slot").isZero();
        assertThat(g.failures().get(0).status()).isEqualTo("started");
        assertThat(SummaryText.failureLine(g.failures().get(1), SPRING))
                .isEqualTo("Sat 28 Mar 02:31, exit 1: HTTP 401 Unauthorized");
    }

    @Test
    void slots_whose_deadline_has_not_passed_are_upcoming_not_missed() throws Exception {
        Workflow nightly = cron("30 2 * * *");
        Instant now = berlin("2026-03-26T12:00:00");
        List<Run> runs = runs(berlin("2026-03-23T02:31:00"), now, Duration.ofDays(1));
        DayGrid g = DayGrid.of(nightly, SPRING, runs, null, LONG_AGO, now);
        assertThat(marks(g))
                .containsExactly(Mark.OK, Mark.OK, Mark.OK, Mark.OK, Mark.UPCOMING, Mark.UPCOMING, Mark.UPCOMING);
        assertThat(g.missed()).isZero();
        assertThat(g.silence().length())
                .as("a day between runs, not the rest of the week")
                .isEqualTo(Duration.ofDays(1));
    }

    @Test
    void nothing_is_expected_before_the_workflow_entered_the_inventory_nor_while_paused() throws Exception {
        Workflow nightly = cron("30 2 * * *");
        DayGrid g = DayGrid.of(nightly, SPRING, List.of(), null, berlin("2026-03-26T12:00:00"), LATER);
        assertThat(expected(g)).containsExactly(0, 0, 0, 0, 1, 1, 1);
        assertThat(g.missed()).isEqualTo(3);

        Workflow paused = workflow(nightly.schedule(), nightly.grace(), true);
        DayGrid p = DayGrid.of(paused, SPRING, List.of(), null, LONG_AGO, LATER);
        assertThat(marks(p)).containsOnly(Mark.PAUSED);
        assertThat(p.expected()).isZero();
    }
}
