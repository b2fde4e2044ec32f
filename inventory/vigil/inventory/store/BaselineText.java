package vigil.inventory.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vigil.inventory.Budget;
import vigil.inventory.Normal;

/**
 * A workflow's {@code normal:} and {@code budget:} in the fixed text form the inventory store keeps
 * them in (V120): {@code runs=1:24,…;duration=240000;count=850.0;cost=12.5;factor=3.0} and {@code
 * daily=100.0;alert_at=0.5,0.8,1.0}; null for none.
 */
final class BaselineText {
    private BaselineText() {}

    /** A workflow's normal in its stored text form (V120), or null. */
    static String of(Normal n) {
        if (n == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        if (!n.runsPerDay().isEmpty()) {
            List<String> days = new ArrayList<>();
            new java.util.TreeMap<>(n.runsPerDay()).forEach((day, runs) -> days.add(day.getValue() + ":" + runs));
            parts.add("runs=" + String.join(",", days));
        }
        if (n.duration() != null) {
            parts.add("duration=" + n.duration().toMillis());
        }
        if (n.count() != null) {
            parts.add("count=" + n.count());
        }
        if (n.cost() != null) {
            parts.add("cost=" + n.cost());
        }
        parts.add("factor=" + n.factor());
        return String.join(";", parts);
    }

    static Normal normal(String text) {
        if (text == null) {
            return null;
        }
        Map<java.time.DayOfWeek, Double> runs = new java.util.EnumMap<>(java.time.DayOfWeek.class);
        Duration duration = null;
        Double count = null;
        Double cost = null;
        double factor = Normal.DEFAULT_FACTOR;
        for (String part : text.split(";")) {
            String key = part.substring(0, part.indexOf('='));
            String value = part.substring(part.indexOf('=') + 1);
            switch (key) {
                case "runs" -> {
                    for (String day : value.split(",")) {
                        runs.put(
                                java.time.DayOfWeek.of(Integer.parseInt(day.substring(0, day.indexOf(':')))),
                                Double.valueOf(day.substring(day.indexOf(':') + 1)));
                    }
                }
                case "duration" -> duration = Duration.ofMillis(Long.parseLong(value));
                case "count" -> count = Double.valueOf(value);
                case "cost" -> cost = Double.valueOf(value);
                case "factor" -> factor = Double.parseDouble(value);
                default -> throw new IllegalStateException("a stored normal with an unknown part: " + part);
            }
        }
        return new Normal(runs, duration, count, cost, factor);
    }

    /** A workflow's budget in its stored text form (V120), or null. */
    static String of(Budget b) {
        return b == null
                ? null
                : "daily=" + b.daily() + ";alert_at="
                        + String.join(
                                ",", b.alertAt().stream().map(String::valueOf).toList());
    }

    static Budget budget(String text) {
        if (text == null) {
            return null;
        }
        String[] parts = text.split(";");
        return new Budget(
                Double.parseDouble(parts[0].substring("daily=".length())),
                java.util.Arrays.stream(parts[1].substring("alert_at=".length()).split(","))
                        .map(Double::valueOf)
                        .toList());
    }
}
