package vigil.watchdog.cli;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import vigil.inventory.load.Durations;
import vigil.inventory.schedule.CronExpression;
import vigil.inventory.schedule.InvalidCronException;
import vigil.inventory.schedule.Schedule;

@Command(
        name = "schedule",
        mixinStandardHelpOptions = true,
        description = {
            "Print the next due instants of a schedule strictly after --after, one ISO-8601 instant a line, offline.",
            "EXPR is a 5-field cron expression (quote it) or 'every DURATION'. Time-zone changes are handled as",
            "Debian cron does: a fixed-time job in a skipped hour runs at the first valid time, and once in a",
            "repeated hour; a job with '*' in its minute or hour field follows the new local time.",
            "Exit 0, or 2 for a bad expression, zone or instant."
        })
final class ScheduleCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "EXPR", description = "e.g. \"0 6 * * 1-5\", @daily, \"every 90m\"")
    String expression;

    @Option(
            names = "--timezone",
            paramLabel = "ZONE",
            description = "IANA zone (default: ${DEFAULT-VALUE})",
            defaultValue = "UTC")
    String timezone;

    @Option(
            names = "--after",
            paramLabel = "INSTANT",
            description = "ISO-8601 instant, e.g. 2026-03-29T00:00:00Z (default: now)")
    String after;

    @Option(
            names = "--count",
            paramLabel = "N",
            description = "how many instants (default: ${DEFAULT-VALUE})",
            defaultValue = "5")
    int count;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final Clock clock;

    ScheduleCommand() {
        this(Clock.systemUTC());
    }

    ScheduleCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        Schedule schedule;
        ZoneId zone;
        Instant start;
        try {
            schedule = parse(expression.trim());
            zone = ZoneId.of(timezone);
            start = after == null ? clock.instant() : Instant.parse(after);
        } catch (InvalidCronException e) {
            return usage("invalid cron expression '" + expression + "': " + e.getMessage());
        } catch (DateTimeParseException e) {
            return usage("invalid instant '" + after + "' (write it like 2026-03-29T00:00:00Z)");
        } catch (DateTimeException e) {
            return usage("unknown time zone '" + timezone + "' (use an IANA name like Europe/Berlin)");
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        if (count < 1 || count > 10_000) {
            return usage("--count must be between 1 and 10000");
        }
        Instant cursor = start;
        for (int i = 0; i < count; i++) {
            cursor = schedule.next(cursor, zone);
            spec.commandLine().getOut().println(cursor);
        }
        spec.commandLine().getOut().flush();
        return Main.OK;
    }

    private static Schedule parse(String text) throws InvalidCronException {
        if (text.startsWith("every ") || text.startsWith("every:")) {
            String interval = text.substring(6).trim();
            return Durations.parse(interval)
                    .filter(d -> !d.isZero() && !d.isNegative())
                    .map(d -> (Schedule) new Schedule.Every(d, interval))
                    .orElseThrow(() -> new IllegalArgumentException(
                            "invalid duration '" + interval + "' (use 30s, 5m, 1h, 1d, 1w or ISO-8601 like PT1H)"));
        }
        return new Schedule.Cron(CronExpression.parse(text));
    }

    private int usage(String message) {
        spec.commandLine().getErr().println("vigil: " + message);
        return Main.USAGE;
    }
}
