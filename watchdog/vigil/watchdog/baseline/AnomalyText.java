package vigil.watchdog.baseline;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/** How an anomaly reads in a notice, the status and the weekly summary (docs/baselines.md). */
public final class AnomalyText {
    private AnomalyText() {}

    /** One line: what was beyond normal, and how far, e.g. "count 39950 is 47× normal (850)". */
    public static String what(Anomaly a) {
        if (a.normal() == 0 && a.kind() == Anomaly.Kind.RUNS_HIGH) {
            return "ran " + plain(a.value()) + " times on " + a.day() + ", a day with no run normally";
        }
        if (a.normal() == 0 && a.kind() != Anomaly.Kind.BUDGET && a.kind() != Anomaly.Kind.RUNS_LOW) {
            return a.kind().label() + " " + number(a.value(), a.kind()) + " where normal is 0";
        }
        return switch (a.kind()) {
            case COUNT, COST, DURATION ->
                a.kind().label() + " " + number(a.value(), a.kind()) + " is " + times(a) + " normal ("
                        + number(a.normal(), a.kind()) + ")";
            case RUNS_HIGH ->
                "ran " + plain(a.value()) + " times on " + a.day() + ", " + times(a) + " normal (" + plain(a.normal())
                        + " a day)";
            case RUNS_LOW ->
                "ran " + plain(a.value()) + " times on " + a.day() + ", below 1/" + plain(a.factor()) + " of normal ("
                        + plain(a.normal()) + " a day)";
            case BUDGET ->
                "spent " + plain(a.value()) + " on " + a.day() + ", " + percent(a.factor()) + " of its daily budget ("
                        + plain(a.normal()) + ")";
        };
    }

    /** What to do about it. */
    public static String advice(Anomaly a) {
        return switch (a.kind()) {
            case RUNS_LOW ->
                "Some runs did not happen or did not report: check the schedule, the trigger and the"
                        + " platform. If fewer runs are the new normal, write the new figure down.";
            case BUDGET ->
                "Check what is spending: a loop, a retry storm, a larger input. Raise the budget only"
                        + " if the spend is expected.";
            default ->
                "Check that it did what it should, and not far more: a bulk send, a loop, a retry storm."
                        + " If this is the new normal, write it down ('vigil baseline' proposes figures from the"
                        + " stored runs).";
        };
    }

    public static String valueLabel(Anomaly a) {
        return switch (a.kind()) {
            case RUNS_HIGH, RUNS_LOW -> "Runs that day";
            case BUDGET -> "Spent that day";
            case DURATION -> "Duration";
            default -> capitalised(a.kind().label());
        };
    }

    public static String normalLabel(Anomaly a) {
        return a.kind() == Anomaly.Kind.BUDGET ? "Daily budget" : "Normal";
    }

    public static String limitLabel(Anomaly a) {
        return switch (a.kind()) {
            case BUDGET -> "Alert at";
            case RUNS_LOW -> "Alert below";
            default -> "Alert beyond";
        };
    }

    /** The limit as written down: "3× normal", "1/3 of normal", "80% of the budget". */
    public static String limit(Anomaly a) {
        return switch (a.kind()) {
            case RUNS_LOW -> "1/" + plain(a.factor()) + " of normal (" + plain(a.limit()) + ")";
            case BUDGET -> percent(a.factor()) + " of the budget (" + plain(a.limit()) + ")";
            default -> plain(a.factor()) + "× normal (" + number(a.limit(), a.kind()) + ")";
        };
    }

    /** A value as written for its kind: durations as 4m 10s, the rest as plain decimals. */
    public static String number(double value, Anomaly.Kind kind) {
        if (kind == Anomaly.Kind.DURATION) {
            Duration d = Duration.ofMillis(Math.round(value * 1000));
            long h = d.toHours();
            int m = d.toMinutesPart();
            int s = d.toSecondsPart();
            return (h > 0 ? h + "h " : "") + (h > 0 || m > 0 ? m + "m " : "") + s + "s";
        }
        return plain(value);
    }

    /** How many times normal, e.g. "47×" or "3.4×". */
    static String times(Anomaly a) {
        double t = a.value() / a.normal();
        return (t >= 10 ? plain(Math.round(t)) : plain(round(t, 1))) + "×";
    }

    static String plain(double value) {
        return BigDecimal.valueOf(round(value, 4)).stripTrailingZeros().toPlainString();
    }

    private static String percent(double fraction) {
        return plain(round(fraction * 100, 2)) + "%";
    }

    private static double round(double value, int places) {
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).doubleValue();
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
