package vigil.watchdog.baseline;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import vigil.inventory.Workflow;

/**
 * What normal looked like for one workflow over a window of whole days (docs/baselines.md), as
 * figures for its {@code normal:} to be reviewed: medians, with the middle half of the values as
 * their spread, and how many days or runs each rests on. A figure resting on too little history
 * is not proposed, and says why.
 */
public final class Proposal {
    /** Days of history below which no runs a day are proposed. */
    public static final int MIN_DAYS = 7;

    /** Full weeks below which runs a day are not proposed per weekday. */
    public static final int MIN_WEEKS_PER_WEEKDAY = 2;

    /** Runs reporting a value below which no figure for it is proposed. */
    public static final int MIN_RUNS = 10;

    /**
     * A proposed figure (or why none is): its value, what it rests on, and the middle half of the
     * values it is the median of.
     */
    public record Figure(String key, String value, String restsOn, String spread, String refused) {}

    private final Workflow workflow;
    private final LocalDate from;
    private final LocalDate to;
    private final int runs;
    private final List<Figure> figures;

    private Proposal(Workflow workflow, LocalDate from, LocalDate to, int runs, List<Figure> figures) {
        this.workflow = workflow;
        this.from = from;
        this.to = to;
        this.runs = runs;
        this.figures = figures;
    }

    /**
     * Proposes figures from {@code finished}, the workflow's completed runs over the days {@code
     * from} to {@code to} (inclusive, in the workflow's zone); {@code since} is the day of the
     * first run the workflow ever reported: days before it are no history.
     */
    public static Proposal of(
            Workflow workflow, List<RunValues> finished, LocalDate from, LocalDate to, LocalDate since) {
        ZoneId zone = workflow.timezone();
        LocalDate first = since != null && since.isAfter(from) ? since : from;
        List<Figure> figures = new ArrayList<>();
        int days = first.isAfter(to) ? 0 : (int) (to.toEpochDay() - first.toEpochDay() + 1);
        if (days < MIN_DAYS) {
            figures.add(new Figure(
                    "runs_per_day",
                    null,
                    null,
                    null,
                    days + " day(s) of history; at least " + MIN_DAYS + " are needed"));
        } else {
            figures.add(runsPerDay(finished, first, days, zone));
        }
        figures.add(median("duration", finished, r -> r.durationMs() == null ? null : r.durationMs() / 1000.0));
        figures.add(median("count", finished, RunValues::count));
        figures.add(median("cost", finished, RunValues::cost));
        return new Proposal(workflow, first, to, finished.size(), figures);
    }

    public Workflow workflow() {
        return workflow;
    }

    public LocalDate from() {
        return from;
    }

    public LocalDate to() {
        return to;
    }

    public int runs() {
        return runs;
    }

    public List<Figure> figures() {
        return figures;
    }

    /** True when at least one figure is proposed. */
    public boolean proposes() {
        return figures.stream().anyMatch(f -> f.value() != null);
    }

    /** The proposal as YAML to review: the workflow's id, its {@code normal:} block, and comments. */
    public String yaml() {
        StringBuilder y = new StringBuilder();
        long days = from.isAfter(to) ? 0 : to.toEpochDay() - from.toEpochDay() + 1;
        if (days == 0) {
            return "# " + workflow.id() + ": nothing proposed: no history yet (no run finished before today, "
                    + to.plusDays(1) + " in " + workflow.timezone().getId() + ")\n";
        }
        y.append("# ")
                .append(workflow.id())
                .append(": ")
                .append(days)
                .append(" day(s) of history, ")
                .append(from)
                .append(" to ")
                .append(to)
                .append(" (")
                .append(workflow.timezone().getId())
                .append("), ")
                .append(runs)
                .append(" finished run(s)\n");
        if (!proposes()) {
            y.append("#   nothing proposed:\n");
            for (Figure f : figures) {
                y.append("#   ")
                        .append(f.key())
                        .append(": ")
                        .append(f.refused())
                        .append('\n');
            }
            return y.toString();
        }
        y.append("- id: ").append(workflow.id()).append('\n');
        y.append("  normal:\n");
        for (Figure f : figures) {
            if (f.value() != null) {
                String line = "    " + f.key() + ": " + f.value();
                y.append(line)
                        .append(" ".repeat(Math.max(1, 44 - line.length())))
                        .append("# ")
                        .append(f.restsOn())
                        .append(f.spread() == null ? "" : "; middle half " + f.spread())
                        .append('\n');
            } else {
                y.append("    # ")
                        .append(f.key())
                        .append(": not proposed, ")
                        .append(f.refused())
                        .append('\n');
            }
        }
        if (workflow.normal() != null) {
            y.append("    # (the inventory's normal: is kept until you replace it)\n");
        }
        return y.toString();
    }

    private static Figure runsPerDay(List<RunValues> finished, LocalDate first, int days, ZoneId zone) {
        int[] perDay = new int[days];
        for (RunValues r : finished) {
            long index = LocalDate.ofInstant(r.finished(), zone).toEpochDay() - first.toEpochDay();
            if (index >= 0 && index < days) {
                perDay[(int) index]++;
            }
        }
        double[] all = Arrays.stream(perDay).asDoubleStream().toArray();
        double overall = median(all);
        Map<DayOfWeek, double[]> byWeekday = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            List<Double> values = new ArrayList<>();
            for (int i = 0; i < days; i++) {
                if (first.plusDays(i).getDayOfWeek() == d) {
                    values.add((double) perDay[i]);
                }
            }
            byWeekday.put(d, values.stream().mapToDouble(Double::doubleValue).toArray());
        }
        int weeks = days / 7;
        Map<DayOfWeek, Double> medians = new EnumMap<>(DayOfWeek.class);
        byWeekday.forEach((d, v) -> medians.put(d, median(v)));
        boolean differ = medians.values().stream().anyMatch(m -> differs(m, overall));
        if (differ && weeks >= MIN_WEEKS_PER_WEEKDAY) {
            StringBuilder map = new StringBuilder("{ ");
            for (DayOfWeek d : DayOfWeek.values()) {
                map.append(d == DayOfWeek.MONDAY ? "" : ", ")
                        .append(d.name().substring(0, 3).toLowerCase(Locale.ROOT))
                        .append(": ")
                        .append(AnomalyText.plain(medians.get(d)));
            }
            map.append(" }");
            return new Figure(
                    "runs_per_day", map.toString(), "medians of each weekday over " + days + " days", null, null);
        }
        String restsOn = "median of " + days + " days"
                + (differ ? "; weekdays differ, but " + weeks + " week(s) are too few to tell each apart" : "");
        return new Figure(
                "runs_per_day", AnomalyText.plain(overall), restsOn, spread(all, d -> AnomalyText.plain(d)), null);
    }

    /** Weekdays differ when a weekday's median is 0 where the whole's is not, or half or twice it. */
    private static boolean differs(double weekday, double overall) {
        if (overall == 0) {
            return weekday != 0;
        }
        return weekday == 0 || weekday / overall >= 2 || weekday / overall <= 0.5;
    }

    private static Figure median(String key, List<RunValues> finished, Function<RunValues, Double> value) {
        double[] values = finished.stream()
                .map(value)
                .filter(v -> v != null)
                .mapToDouble(Double::doubleValue)
                .toArray();
        if (values.length < MIN_RUNS) {
            return new Figure(
                    key, null, null, null, values.length + " run(s) reported it; at least " + MIN_RUNS + " are needed");
        }
        Function<Double, String> write =
                key.equals("duration") ? seconds -> duration(seconds) : v -> AnomalyText.plain(significant(v));
        return new Figure(
                key, write.apply(median(values)), "median of " + values.length + " runs", spread(values, write), null);
    }

    /** The middle half: the lower and upper quartiles. */
    private static String spread(double[] values, Function<Double, String> write) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return write.apply(quantile(sorted, 0.25)) + "–" + write.apply(quantile(sorted, 0.75));
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return quantile(sorted, 0.5);
    }

    /** Linear interpolation between the closest ranks (the R-7 estimator). */
    private static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = (int) Math.ceil(h);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Three significant figures: a proposal, not a measurement. */
    private static double significant(double v) {
        if (v == 0) {
            return 0;
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).doubleValue();
    }

    /** Whole seconds, written as the inventory writes durations (4m, 1h30m, 45s). */
    static String duration(double seconds) {
        long s = Math.max(1, Math.round(significant(seconds)));
        Duration d = Duration.ofSeconds(s);
        StringBuilder out = new StringBuilder();
        if (d.toHours() > 0) {
            out.append(d.toHours()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            out.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0) {
            out.append(d.toSecondsPart()).append('s');
        }
        return out.toString();
    }
}
