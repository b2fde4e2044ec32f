package vigil.inventory.schedule;

import java.time.Duration;

/** When a workflow is expected to run: on a cron expression, or every fixed interval. */
public sealed interface Schedule {

    /** The schedule as written in the inventory, e.g. {@code 0 6 * * *} or {@code every 1d}. */
    String describe();

    /** The first due instant strictly after {@code after}: the next cron slot, or {@code after} + interval. */
    java.time.Instant next(java.time.Instant after, java.time.ZoneId zone);

    record Cron(CronExpression expression) implements Schedule {
        @Override
        public String describe() {
            return expression.source();
        }

        @Override
        public java.time.Instant next(java.time.Instant after, java.time.ZoneId zone) {
            return expression.next(after, zone);
        }
    }

    record Every(Duration interval, String written) implements Schedule {
        @Override
        public String describe() {
            return "every " + written;
        }

        @Override
        public java.time.Instant next(java.time.Instant after, java.time.ZoneId zone) {
            return after.plus(interval);
        }
    }
}
