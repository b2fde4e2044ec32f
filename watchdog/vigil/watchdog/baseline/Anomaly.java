package vigil.watchdog.baseline;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;

/**
 * A value beyond normal (docs/baselines.md): of one run ({@code run} set) or of a day. {@code
 * limit} is the value it was held against: {@code factor × normal}, or {@code normal / factor}
 * for too few runs, or the budget's fraction for a budget alert.
 */
public record Anomaly(
        String workflow, Kind kind, LocalDate day, double value, double normal, double factor, Long run, Instant at) {

    public enum Kind {
        /** A run's item count beyond factor × normal. */
        COUNT("count"),
        /** A run's cost beyond factor × normal. */
        COST("cost"),
        /** A run's duration (in seconds) beyond factor × normal. */
        DURATION("duration"),
        /** More runs in a day than factor × normal: firing far too often. */
        RUNS_HIGH("runs_high"),
        /** Fewer runs in a finished day than normal / factor: a silent partial failure. */
        RUNS_LOW("runs_low"),
        /** The day's summed cost reached a fraction of the budget; the fraction is in {@code factor}. */
        BUDGET("budget");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The key that makes it once: one per workflow, kind (and budget fraction) and day. */
    public String key() {
        String kindKey =
                kind == Kind.BUDGET ? "budget_" + String.format(Locale.ROOT, "%.0f", factor * 100) : kind.label();
        return workflow + "/" + kindKey + "/" + day;
    }

    /** The limit that was passed. */
    public double limit() {
        return kind == Kind.RUNS_LOW ? normal / factor : normal * factor;
    }
}
