package vigil.inventory.load;

import java.time.DayOfWeek;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import vigil.inventory.Budget;
import vigil.inventory.Normal;

/**
 * Reads a workflow's {@code normal:} and {@code budget:} (docs/baselines.md). Every figure is a
 * non-negative decimal written plainly; {@code runs_per_day} is one number for every day or a
 * mapping of weekdays ({@code mon} … {@code sun}); a factor is above 1; the budget's {@code
 * alert_at} fractions ascend.
 */
final class BaselineReader {
    static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    private static final Pattern NUMBER = Pattern.compile("\\d{1,15}(\\.\\d{1,9})?");
    private static final double MAX_FACTOR = 1_000;

    private final Problems problems;
    private final Values values;

    BaselineReader(Problems problems, Values values) {
        this.problems = problems;
        this.values = values;
    }

    Optional<Normal> normal(YamlMap workflow) {
        Optional<YamlMap> read = workflow.map("normal");
        if (read.isEmpty()) {
            return Optional.empty();
        }
        YamlMap m = read.get();
        m.allowOnly(List.of("runs_per_day", "duration", "count", "cost", "factor"));
        Map<DayOfWeek, Double> perDay = new EnumMap<>(DayOfWeek.class);
        boolean ok = true;
        if (m.holdsMapping("runs_per_day")) {
            YamlMap days = m.map("runs_per_day").orElseThrow();
            List<String> allowed = new ArrayList<>(DAYS);
            for (DayOfWeek d : DayOfWeek.values()) {
                allowed.add(d.name().toLowerCase(java.util.Locale.ROOT));
            }
            days.allowOnly(allowed);
            for (String key : days.keys()) {
                Optional<Located<String>> text = allowed.contains(key) ? days.string(key) : Optional.empty();
                if (text.isPresent()) {
                    Optional<Double> n = number(text.get());
                    ok &= n.isPresent();
                    DayOfWeek day = DayOfWeek.of(DAYS.indexOf(key.substring(0, 3)) + 1);
                    if (n.isPresent() && perDay.put(day, n.get()) != null) {
                        text.get().problem(problems, "this weekday is given twice");
                        ok = false;
                    }
                }
            }
            if (perDay.isEmpty() && days.keys().stream().allMatch(allowed::contains)) {
                m.problem("runs_per_day", "give the runs of at least one weekday (mon … sun), or one number");
                ok = false;
            }
        } else {
            Optional<Located<String>> text = m.string("runs_per_day");
            if (text.isPresent()) {
                Optional<Double> n = number(text.get());
                ok &= n.isPresent();
                n.ifPresent(v -> {
                    for (DayOfWeek d : DayOfWeek.values()) {
                        perDay.put(d, v);
                    }
                });
            }
        }
        Duration duration = null;
        Optional<Located<String>> d = m.string("duration");
        if (d.isPresent()) {
            Optional<Duration> parsed = values.duration(d.get(), Duration.ofSeconds(1), Durations.MAX_GRACE);
            ok &= parsed.isPresent();
            duration = parsed.orElse(null);
        }
        Double count = figure(m, "count");
        ok &= count != null || !m.has("count");
        Double cost = figure(m, "cost");
        ok &= cost != null || !m.has("cost");
        double factor = Normal.DEFAULT_FACTOR;
        Optional<Located<String>> f = m.string("factor");
        if (f.isPresent()) {
            Optional<Double> n = number(f.get());
            if (n.isPresent() && (n.get() <= 1 || n.get() > MAX_FACTOR)) {
                f.get().problem(problems, "a factor is above 1 and at most 1000 (3 alerts at three times normal)");
                n = Optional.empty();
            }
            ok &= n.isPresent();
            factor = n.orElse(factor);
        }
        if (!m.has("runs_per_day") && !m.has("duration") && !m.has("count") && !m.has("cost")) {
            problems.add(
                    m.file(),
                    m.node(),
                    m.path() + ": write at least one figure: runs_per_day, duration, count or cost"
                            + " ('vigil baseline' proposes them from the stored runs)");
            return Optional.empty();
        }
        return ok ? Optional.of(new Normal(perDay, duration, count, cost, factor)) : Optional.empty();
    }

    Optional<Budget> budget(YamlMap workflow) {
        Optional<YamlMap> read = workflow.map("budget");
        if (read.isEmpty()) {
            return Optional.empty();
        }
        YamlMap m = read.get();
        m.allowOnly(List.of("daily", "alert_at"));
        m.require("daily");
        Double daily = figure(m, "daily");
        if (daily != null && daily <= 0) {
            m.problem("daily", "a daily budget is above 0");
            daily = null;
        }
        List<Double> alertAt = new ArrayList<>();
        boolean ok = true;
        if (m.has("alert_at")) {
            List<Located<String>> fractions = m.strings("alert_at");
            for (Located<String> text : fractions) {
                Optional<Double> n = number(text);
                if (n.isPresent() && (n.get() <= 0 || n.get() > 10)) {
                    text.problem(problems, "a fraction of the budget above 0 and at most 10 (0.8 is 80%)");
                    n = Optional.empty();
                } else if (n.isPresent() && !alertAt.isEmpty() && n.get() <= alertAt.get(alertAt.size() - 1)) {
                    text.problem(problems, "list the fractions in ascending order, each once");
                    n = Optional.empty();
                }
                ok &= n.isPresent();
                n.ifPresent(alertAt::add);
            }
            if (fractions.isEmpty()) {
                m.problem("alert_at", "give at least one fraction, e.g. [0.5, 0.8, 1.0]");
                ok = false;
            }
        } else {
            alertAt.addAll(Budget.DEFAULT_ALERT_AT);
        }
        return ok && daily != null ? Optional.of(new Budget(daily, alertAt)) : Optional.empty();
    }

    /** A figure of {@code m}, or null when absent or not a number (a problem then). */
    private Double figure(YamlMap m, String key) {
        return m.string(key).flatMap(this::number).orElse(null);
    }

    private Optional<Double> number(Located<String> text) {
        if (!NUMBER.matcher(text.value()).matches()) {
            text.problem(
                    problems,
                    "expected a non-negative number written plainly (24, 12.50), found '" + text.value() + "'");
            return Optional.empty();
        }
        return Optional.of(Double.parseDouble(text.value()));
    }
}
