package vigil.inventory.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Due instants across clock changes, as Debian cron runs them: a fixed-time job in a skipped
 * hour runs at the first valid time, and once in a repeated hour; a job with '*' in its minute
 * or hour field follows the new local time (skipped in a gap, both copies of a repeated hour).
 * Expected instants are worked out by hand from each zone's offsets.
 */
class CronDstTest {
    private static Arguments dst(String behaviour, String expr, String zone, String after, String... expected) {
        return Arguments.of(Named.of(behaviour, expr), zone, after, Arrays.asList(expected));
    }

    static Stream<Arguments> table() {
        return Stream.of(
                dst(
                        "a plain daily job in UTC",
                        "0 6 * * *",
                        "UTC",
                        "2026-11-27T06:00:00Z",
                        "2026-11-28T06:00:00Z",
                        "2026-11-29T06:00:00Z"),
                dst(
                        "strictly after: a slot equal to --after is not repeated",
                        "*/15 * * * *",
                        "UTC",
                        "2026-11-27T10:15:00Z",
                        "2026-11-27T10:30:00Z"),
                // Berlin 2026-03-29: 02:00 CET (+1) jumps to 03:00 CEST (+2)
                dst(
                        "Berlin: a fixed job in the skipped hour runs at the first valid time",
                        "30 2 * * *",
                        "Europe/Berlin",
                        "2026-03-28T02:00:00Z",
                        "2026-03-29T01:00:00Z",
                        "2026-03-30T00:30:00Z"),
                dst(
                        "Berlin: a wildcard job skips the missing hour",
                        "*/30 * * * *",
                        "Europe/Berlin",
                        "2026-03-29T00:15:00Z",
                        "2026-03-29T00:30:00Z",
                        "2026-03-29T01:00:00Z",
                        "2026-03-29T01:30:00Z"),
                dst(
                        "Berlin: two fixed slots in the gap run once at the first valid time",
                        "0,30 2 * * *",
                        "Europe/Berlin",
                        "2026-03-29T00:00:00Z",
                        "2026-03-29T01:00:00Z",
                        "2026-03-30T00:00:00Z"),
                // Berlin 2026-10-25: 03:00 CEST (+2) falls back to 02:00 CET (+1); 02:xx happens twice
                dst(
                        "Berlin: a fixed job in the repeated hour runs once",
                        "30 2 * * *",
                        "Europe/Berlin",
                        "2026-10-24T12:00:00Z",
                        "2026-10-25T00:30:00Z",
                        "2026-10-26T01:30:00Z"),
                dst(
                        "Berlin: an hourly job runs in both copies of the repeated hour",
                        "0 * * * *",
                        "Europe/Berlin",
                        "2026-10-24T23:30:00Z",
                        "2026-10-25T00:00:00Z",
                        "2026-10-25T01:00:00Z",
                        "2026-10-25T02:00:00Z"),
                dst(
                        "Berlin: @hourly is a wildcard job",
                        "@hourly",
                        "Europe/Berlin",
                        "2026-10-24T23:30:00Z",
                        "2026-10-25T00:00:00Z",
                        "2026-10-25T01:00:00Z"),
                // New York 2026-03-08: 02:00 EST (-5) -> 03:00 EDT (-4); 2026-11-01: 02:00 EDT -> 01:00 EST
                dst(
                        "New York: a fixed job in the skipped hour runs at 03:00 EDT",
                        "15 2 * * *",
                        "America/New_York",
                        "2026-03-07T12:00:00Z",
                        "2026-03-08T07:00:00Z",
                        "2026-03-09T06:15:00Z"),
                dst(
                        "New York: a fixed job at 01:30 runs once on the fall-back night",
                        "30 1 * * *",
                        "America/New_York",
                        "2026-11-01T00:00:00Z",
                        "2026-11-01T05:30:00Z",
                        "2026-11-02T06:30:00Z"),
                dst(
                        "New York: a wildcard-hour job runs in both copies of 01:xx",
                        "45 * * * *",
                        "America/New_York",
                        "2026-11-01T05:00:00Z",
                        "2026-11-01T05:45:00Z",
                        "2026-11-01T06:45:00Z",
                        "2026-11-01T07:45:00Z"),
                // Lord Howe 2026-10-04: 02:00 (+10:30) -> 02:30 (+11), a half-hour gap
                dst(
                        "Lord Howe: a fixed job in the half-hour gap runs at 02:30",
                        "15 2 * * *",
                        "Australia/Lord_Howe",
                        "2026-10-03T12:00:00Z",
                        "2026-10-03T15:30:00Z",
                        "2026-10-04T15:15:00Z"),
                dst(
                        "Lord Howe: a quarter-hourly job skips only the missing half hour",
                        "*/15 * * * *",
                        "Australia/Lord_Howe",
                        "2026-10-03T15:10:00Z",
                        "2026-10-03T15:15:00Z",
                        "2026-10-03T15:30:00Z",
                        "2026-10-03T15:45:00Z"),
                // Lord Howe 2026-04-05: 02:00 (+11) -> 01:30 (+10:30); 01:30-01:59 happens twice
                dst(
                        "Lord Howe: a fixed job in the repeated half hour runs once",
                        "45 1 * * *",
                        "Australia/Lord_Howe",
                        "2026-04-04T12:00:00Z",
                        "2026-04-04T14:45:00Z",
                        "2026-04-05T15:15:00Z"),
                dst(
                        "Lord Howe: a quarter-hourly job runs in both copies of the repeated half hour",
                        "*/15 * * * *",
                        "Australia/Lord_Howe",
                        "2026-04-04T14:20:00Z",
                        "2026-04-04T14:30:00Z",
                        "2026-04-04T14:45:00Z",
                        "2026-04-04T15:00:00Z",
                        "2026-04-04T15:15:00Z",
                        "2026-04-04T15:30:00Z"),
                dst(
                        "Kolkata: a half-hour zone without DST",
                        "0 9 * * MON-FRI",
                        "Asia/Kolkata",
                        "2026-11-27T04:00:00Z",
                        "2026-11-30T03:30:00Z",
                        "2026-12-01T03:30:00Z"),
                dst(
                        "day of month or day of week when both are restricted",
                        "0 0 13 * FRI",
                        "UTC",
                        "2026-11-01T00:00:00Z",
                        "2026-11-06T00:00:00Z",
                        "2026-11-13T00:00:00Z",
                        "2026-11-20T00:00:00Z"),
                dst(
                        "February 29th is found years ahead",
                        "0 12 29 2 *",
                        "UTC",
                        "2026-03-01T00:00:00Z",
                        "2028-02-29T12:00:00Z",
                        "2032-02-29T12:00:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void next_instants(String expression, String zone, String after, List<String> expected) throws Exception {
        CronExpression cron = CronExpression.parse(expression);
        List<String> actual = cron.next(Instant.parse(after), ZoneId.of(zone), expected.size()).stream()
                .map(Instant::toString)
                .toList();
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @Test
    void every_interval_counts_from_the_instant_given() {
        Schedule every = new Schedule.Every(java.time.Duration.ofMinutes(90), "90m");
        assertThat(every.next(Instant.parse("2026-03-29T00:45:00Z"), ZoneId.of("Europe/Berlin")))
                .isEqualTo(Instant.parse("2026-03-29T02:15:00Z"));
    }

    @Test
    void an_expression_that_never_fires_is_refused_when_parsed() {
        assertThatThrownBy(() -> CronExpression.parse("0 0 30,31 2 *"))
                .isInstanceOf(InvalidCronException.class)
                .hasMessage("day of month '30,31' never occurs in month '2'");
    }
}
