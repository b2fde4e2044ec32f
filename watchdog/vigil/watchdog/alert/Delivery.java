package vigil.watchdog.alert;

import java.time.Instant;
import vigil.watchdog.evaluate.State;

/**
 * One message to one destination, waiting in the outbox: an alert about a state change, a weekly
 * summary, or a notice of Vigil's own trouble. {@code idempotencyKey} is the same on every attempt, also after a restart.
 */
public sealed interface Delivery {
    long id();

    String destination();

    String idempotencyKey();

    int attempts();

    /** For logs: "alert 12" or "summary 3". */
    String describe();

    /** The state change an alert reports. */
    record Alert(long id, String workflow, State from, State to, String reason, Instant created) {
        /** Into missed or failed: what root-cause grouping gathers. */
        public boolean bad() {
            return to == State.MISSED || to == State.FAILED;
        }
    }

    record OfAlert(long id, Alert alert, String destination, String idempotencyKey, int attempts) implements Delivery {
        @Override
        public String describe() {
            return "alert " + alert.id();
        }
    }

    /** A stored notice about Vigil's own trouble ({@code notice} is its id). */
    record OfNotice(long id, long notice, String destination, String idempotencyKey, int attempts) implements Delivery {
        @Override
        public String describe() {
            return "notice " + notice;
        }
    }

    /** A stored weekly summary ({@code summary} is its id). */
    record OfSummary(long id, long summary, String destination, String idempotencyKey, int attempts)
            implements Delivery {
        @Override
        public String describe() {
            return "summary " + summary;
        }
    }
}
