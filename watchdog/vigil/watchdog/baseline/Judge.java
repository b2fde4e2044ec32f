package vigil.watchdog.baseline;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import vigil.inventory.Budget;
import vigil.inventory.Normal;
import vigil.inventory.Workflow;

/**
 * Judges one day of one workflow against its {@code normal:} and {@code budget:}
 * (docs/baselines.md). Each kind is found once a day, at the first run that passes its limit:
 * a run's count, cost or duration beyond {@code factor ×} normal; the day's runs beyond {@code
 * factor ×} its normal runs; each budget fraction reached by the day's summed cost; and, once the
 * day is over, fewer runs than normal divided by the factor.
 */
public final class Judge {
    private Judge() {}

    /**
     * The day's anomalies in the order they happened. {@code runs} are the day's finished runs
     * (by the workflow's zone), oldest first; {@code dayOver} says whether too few runs may be
     * judged yet, and {@code end} is when the day ended.
     */
    public static List<Anomaly> day(Workflow w, LocalDate day, List<RunValues> runs, boolean dayOver, Instant end) {
        Normal n = w.normal();
        Budget b = w.budget();
        List<Anomaly> out = new ArrayList<>();
        if (n == null && b == null) {
            return out;
        }
        Set<Anomaly.Kind> found = EnumSet.noneOf(Anomaly.Kind.class);
        Set<Double> reached = new TreeSet<>();
        Double perDay = n == null ? null : n.runsOn(day.getDayOfWeek()).orElse(null);
        double spent = 0;
        int finished = 0;
        for (RunValues r : runs) {
            finished++;
            if (n != null) {
                double f = n.factor();
                beyond(out, found, w, day, Anomaly.Kind.COUNT, r.count(), n.count(), f, r);
                beyond(out, found, w, day, Anomaly.Kind.COST, r.cost(), n.cost(), f, r);
                beyond(
                        out,
                        found,
                        w,
                        day,
                        Anomaly.Kind.DURATION,
                        r.durationMs() == null ? null : r.durationMs() / 1000.0,
                        n.duration() == null ? null : n.duration().toMillis() / 1000.0,
                        f,
                        r);
                beyond(out, found, w, day, Anomaly.Kind.RUNS_HIGH, (double) finished, perDay, f, r);
            }
            if (b != null && r.cost() != null) {
                spent += r.cost();
                for (double fraction : b.alertAt()) {
                    if (spent >= fraction * b.daily() && reached.add(fraction)) {
                        out.add(new Anomaly(
                                w.id(), Anomaly.Kind.BUDGET, day, spent, b.daily(), fraction, r.id(), r.finished()));
                    }
                }
            }
        }
        if (dayOver && perDay != null && finished < perDay / n.factor()) {
            out.add(new Anomaly(w.id(), Anomaly.Kind.RUNS_LOW, day, finished, perDay, n.factor(), null, end));
        }
        return out;
    }

    private static void beyond(
            List<Anomaly> out,
            Set<Anomaly.Kind> found,
            Workflow w,
            LocalDate day,
            Anomaly.Kind kind,
            Double value,
            Double normal,
            double factor,
            RunValues r) {
        if (value != null && normal != null && value > factor * normal && found.add(kind)) {
            out.add(new Anomaly(w.id(), kind, day, value, normal, factor, r.id(), r.finished()));
        }
    }
}
