package vigil.inventory.schedule;

import java.time.Duration;

/** When a workflow is expected to run: on a cron expression, or every fixed interval. */
public sealed interface Schedule {

    /** The schedule as written in the inventory, e.g. {@code 0 6 * * *} or {@code every 1d}. */
    String describe();

    record Cron(CronExpression expression) implements Schedule {
        @Override
        public String describe() {
            return expression.source();
        }
    }

    record Every(Duration interval, String written) implements Schedule {
        @Override
        public String describe() {
            return "every " + written;
        }
    }
}
