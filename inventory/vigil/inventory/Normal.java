package vigil.inventory;

import java.time.DayOfWeek;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What normal looks like for a workflow (docs/baselines.md): how many runs a day — the same every
 * day, or per weekday — and a normal run's duration, item count and cost. A figure not written is
 * absent (an empty map, or null) and nothing is judged by it. A run beyond {@code factor} times a
 * figure is an anomaly, and so is a day with more than {@code factor} times its runs, or fewer
 * than its runs divided by {@code factor}.
 */
public record Normal(Map<DayOfWeek, Double> runsPerDay, Duration duration, Double count, Double cost, double factor) {
    /** The factor when none is written: the incident report's "alert at three times normal". */
    public static final double DEFAULT_FACTOR = 3;

    public Normal {
        runsPerDay = runsPerDay.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(runsPerDay));
    }

    /** The normal number of runs on {@code day}, if one is written for it. */
    public Optional<Double> runsOn(DayOfWeek day) {
        return Optional.ofNullable(runsPerDay.get(day));
    }

    /** True when every weekday has the same figure (written as one number). */
    public boolean sameEveryDay() {
        return runsPerDay.size() == 7 && runsPerDay.values().stream().distinct().count() == 1;
    }
}
