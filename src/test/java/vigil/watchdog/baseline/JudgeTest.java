package vigil.watchdog.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vigil.inventory.Budget;
import vigil.inventory.Normal;
import vigil.inventory.Workflow;
import vigil.inventory.schedule.Schedule;

/**
 * One day of runs judged against a workflow's normal and budget: each sequence of values and the
 * anomalies it must give, as "kind value/normal" in the order they happened.
 */
class JudgeTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 30);
    private static final LocalDate SATURDAY = LocalDate.of(2026, 11, 28);

    private static Map<DayOfWeek, Double> every(double runs) {
        Map<DayOfWeek, Double> days = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            days.put(d, runs);
        }
        return days;
    }

    private static Map<DayOfWeek, Double> weekdays(double weekday, double weekend) {
        Map<DayOfWeek, Double> days = every(weekday);
        days.put(DayOfWeek.SATURDAY, weekend);
        days.put(DayOfWeek.SUNDAY, weekend);
        return days;
    }

    private static Workflow workflow(Normal normal, Budget budget) {
        return new Workflow(
                "newsletter-send",
                "Newsletter send",
                "marketing@example.com",
                new Schedule.Every(Duration.ofHours(1), "1h"),
                ZONE,
                Duration.ofHours(1),
                List.of(),
                List.of(),
                null,
                null,
                false,
                normal,
                budget);
    }

    /** Runs at 01:00, 02:00, … with these counts (null: none reported). */
    private static List<RunValues> counts(LocalDate day, Double... counts) {
        List<RunValues> runs = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            runs.add(new RunValues(i + 1, at(day, i), 60_000L, counts[i], null));
        }
        return runs;
    }

    private static List<RunValues> costs(LocalDate day, double... costs) {
        List<RunValues> runs = new ArrayList<>();
        for (int i = 0; i < costs.length; i++) {
            runs.add(new RunValues(i + 1, at(day, i), 60_000L, null, costs[i]));
        }
        return runs;
    }

    private static List<RunValues> durations(LocalDate day, long... seconds) {
        List<RunValues> runs = new ArrayList<>();
        for (int i = 0; i < seconds.length; i++) {
            runs.add(new RunValues(i + 1, at(day, i), seconds[i] * 1000, null, null));
        }
        return runs;
    }

    private static Instant at(LocalDate day, int i) {
        return day.atStartOfDay(ZONE).plusHours(1 + i).toInstant();
    }

    private static Arguments day(
            String behaviour,
            Normal normal,
            Budget budget,
            LocalDate day,
            List<RunValues> runs,
            boolean over,
            String... expected) {
        return Arguments.of(Named.of(behaviour, workflow(normal, budget)), day, runs, over, List.of(expected));
    }

    static Stream<Arguments> days() {
        Normal count850 = new Normal(Map.of(), null, 850.0, null, 3);
        Normal hourly = new Normal(every(24), null, null, null, 3);
        return Stream.of(
                day("a normal day gives nothing", count850, null, MONDAY, counts(MONDAY, 800.0, 900.0, 850.0), true),
                day(
                        "one spike: the bulk send at 47× normal",
                        count850,
                        null,
                        MONDAY,
                        counts(MONDAY, 840.0, 39950.0, 860.0),
                        false,
                        "count 39950/850 run 2"),
                day(
                        "a second spike the same day is the same anomaly",
                        count850,
                        null,
                        MONDAY,
                        counts(MONDAY, 3000.0, 5000.0),
                        false,
                        "count 3000/850 run 1"),
                day("exactly factor × normal is still normal", count850, null, MONDAY, counts(MONDAY, 2550.0), false),
                day(
                        "a slow drift alerts only when it passes the factor",
                        count850,
                        null,
                        MONDAY,
                        counts(MONDAY, 900.0, 1200.0, 1700.0, 2400.0, 2600.0, 3400.0),
                        false,
                        "count 2600/850 run 5"),
                day(
                        "a run that reports no count is not judged by it",
                        count850,
                        null,
                        MONDAY,
                        counts(MONDAY, null, null),
                        true),
                day(
                        "a factor of its own",
                        new Normal(Map.of(), null, 850.0, null, 1.5),
                        null,
                        MONDAY,
                        counts(MONDAY, 1200.0, 1300.0),
                        false,
                        "count 1300/850 run 2"),
                day(
                        "a run far slower than normal",
                        new Normal(Map.of(), Duration.ofMinutes(4), null, null, 3),
                        null,
                        MONDAY,
                        durations(MONDAY, 250, 700, 900),
                        false,
                        "duration 900/240 run 3"),
                day(
                        "firing far too often: more runs than 3× normal",
                        new Normal(every(2), null, null, null, 3),
                        null,
                        MONDAY,
                        counts(MONDAY, null, null, null, null, null, null, null),
                        false,
                        "runs_high 7/2 run 7"),
                day(
                        "too few runs in a day that is over",
                        hourly,
                        null,
                        MONDAY,
                        counts(MONDAY, null, null, null, null, null, null, null),
                        true,
                        "runs_low 7/24"),
                day(
                        "too few runs are not judged while the day goes on",
                        hourly,
                        null,
                        MONDAY,
                        counts(MONDAY, null, null),
                        false),
                day(
                        "a weekday pattern: Saturday's two runs are normal on a Saturday",
                        new Normal(weekdays(24, 2), null, null, null, 3),
                        null,
                        SATURDAY,
                        counts(SATURDAY, null, null),
                        true),
                day(
                        "a weekday pattern: two runs on a Monday are far too few",
                        new Normal(weekdays(24, 2), null, null, null, 3),
                        null,
                        MONDAY,
                        counts(MONDAY, null, null),
                        true,
                        "runs_low 2/24"),
                day(
                        "a day with no figure is not judged",
                        new Normal(Map.of(DayOfWeek.MONDAY, 24.0), null, null, null, 3),
                        null,
                        SATURDAY,
                        counts(SATURDAY),
                        true),
                day(
                        "a run on a day that normally has none",
                        new Normal(weekdays(1, 0), null, null, null, 3),
                        null,
                        SATURDAY,
                        counts(SATURDAY, (Double) null),
                        false,
                        "runs_high 1/0 run 1"),
                day(
                        "the budget crossed by one large cost: every fraction at once",
                        null,
                        new Budget(100, List.of(0.5, 0.8, 1.0)),
                        MONDAY,
                        costs(MONDAY, 10, 120),
                        false,
                        "budget 130/100 at 0.5 run 2",
                        "budget 130/100 at 0.8 run 2",
                        "budget 130/100 at 1.0 run 2"),
                day(
                        "the budget crossed by many small costs, each fraction when reached",
                        null,
                        new Budget(100, List.of(0.5, 0.8, 1.0)),
                        MONDAY,
                        costs(MONDAY, 20, 20, 20, 20, 20, 20),
                        false,
                        "budget 60/100 at 0.5 run 3",
                        "budget 80/100 at 0.8 run 4",
                        "budget 100/100 at 1.0 run 5"),
                day(
                        "a cost beyond normal and the budget, both",
                        new Normal(Map.of(), null, null, 10.0, 3),
                        new Budget(50, List.of(1.0)),
                        MONDAY,
                        costs(MONDAY, 9, 45),
                        false,
                        "cost 45/10 run 2",
                        "budget 54/50 at 1.0 run 2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("days")
    void judges(Workflow w, LocalDate day, List<RunValues> runs, boolean over, List<String> expected) {
        Instant end = day.plusDays(1).atStartOfDay(ZONE).toInstant();
        List<String> found = Judge.day(w, day, runs, over, end).stream()
                .map(a -> a.kind().label() + " " + AnomalyText.plain(a.value()) + "/" + AnomalyText.plain(a.normal())
                        + (a.kind() == Anomaly.Kind.BUDGET ? " at " + a.factor() : "")
                        + (a.run() == null ? "" : " run " + a.run()))
                .toList();
        assertThat(found).containsExactlyElementsOf(expected);
    }
}
