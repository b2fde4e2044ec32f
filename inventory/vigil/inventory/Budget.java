package vigil.inventory;

import java.util.List;

/**
 * A workflow's daily budget (docs/baselines.md): the sum of its runs' costs in a day (in the
 * workflow's time zone), and the fractions of it at which to alert, ascending — each once a day.
 */
public record Budget(double daily, List<Double> alertAt) {
    /** The fractions when none are written: half, four fifths and all of the budget. */
    public static final List<Double> DEFAULT_ALERT_AT = List.of(0.5, 0.8, 1.0);

    public Budget {
        alertAt = List.copyOf(alertAt);
    }
}
