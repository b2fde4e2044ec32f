package vigil.watchdog.summary;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import vigil.inventory.Workflow;
import vigil.inventory.schedule.Schedule;
import vigil.watchdog.runs.Run;

/**
 * One workflow's week, day by day: how many runs its schedule asked for and what happened to
 * each. A cron slot is kept by the first unclaimed run between halfway since the previous slot
 * (at most its grace before) and its deadline (slot + grace); an {@code every} schedule expects the
 * next run one interval after the last one, so its slots follow the runs. Slots whose deadline has
 * not passed are upcoming, not missed. Days are those of the week's time zone, so the grid has 23
 * or 25 hours on the days the clocks change. A start never completed within grace is a failure
 * (timeout), like the state machine says.
 *
 * @param failures the week's failed runs, newest first
 * @param silence the longest stretch without any report inside the week (up to now), or null
 */
public record DayGrid(
        List<Day> days, int expected, int succeeded, int failed, int missed, Silence silence, List<Run> failures) {

    /** No report from {@code from} to {@code to}. */
    public record Silence(Instant from, Instant to) {
        public Duration length() {
            return Duration.between(from, to);
        }
    }

    /**
     * @param runs the workflow's runs from at least a day before the week to its end, any order
     * @param lastBefore the last report before the week started, or null
     * @param firstSeen when the workflow entered the inventory (nothing is expected before), or null
     */
    public static DayGrid of(
            Workflow workflow, Week week, List<Run> runs, Instant lastBefore, Instant firstSeen, Instant now) {
        return of(workflow, week, runs, lastBefore, firstSeen, now, slots(workflow, week));
    }

    /**
     * As {@link #of(Workflow, Week, List, Instant, Instant, Instant)} with the schedule's slots
     * given (see {@link #slots}): workflows sharing a cron expression and zone share them.
     */
    public static DayGrid of(
            Workflow workflow,
            Week week,
            List<Run> runs,
            Instant lastBefore,
            Instant firstSeen,
            Instant now,
            List<Instant> slots) {
        Counts c = new Counts();
        if (workflow.paused()) {
            return c.grid(week, true, List.of(), null);
        }
        List<Run> reported = runs.stream()
                .filter(r -> !r.status().equals("log") && at(r) != null)
                .sorted(Comparator.comparing(DayGrid::at))
                .toList();
        Instant from = firstSeen != null && firstSeen.isAfter(week.start()) ? firstSeen : week.start();
        List<Run> failures = new ArrayList<>();
        for (Run r : reported) {
            int day = week.dayOf(at(r));
            if (day < 0) {
                continue;
            }
            if (r.status().equals("success")) {
                c.succeeded[day]++;
            } else if (r.status().equals("fail") || timedOut(r, workflow, now)) {
                c.failed[day]++;
                failures.add(0, r);
            }
        }
        boolean[] used = new boolean[reported.size()];
        if (workflow.schedule() instanceof Schedule.Every every) {
            everySlots(workflow, every.interval(), week, reported, used, lastBefore, from, now, c);
        } else {
            cronSlots(workflow, slots, week, reported, used, from, now, c);
        }
        Instant until = now.isBefore(week.end()) ? now : week.end();
        return c.grid(week, false, failures, longestSilence(reported, from, until));
    }

    /**
     * A cron schedule's slots from the week's start, up to and including the first one at or after
     * its end (which bounds the last slot's tolerance); empty for an {@code every} schedule.
     */
    public static List<Instant> slots(Workflow w, Week week) {
        if (!(w.schedule() instanceof Schedule.Cron)) {
            return List.of();
        }
        List<Instant> slots = new ArrayList<>();
        Instant slot = w.schedule().next(week.start().minusMillis(1), w.timezone());
        while (slot != null) {
            slots.add(slot);
            if (!slot.isBefore(week.end())) {
                break;
            }
            slot = w.schedule().next(slot, w.timezone());
        }
        return List.copyOf(slots);
    }

    private static void cronSlots(
            Workflow w,
            List<Instant> slots,
            Week week,
            List<Run> runs,
            boolean[] used,
            Instant from,
            Instant now,
            Counts c) {
        for (int i = 0; i < slots.size() && slots.get(i).isBefore(week.end()); i++) {
            Instant slot = slots.get(i);
            if (slot.isBefore(from)) {
                continue;
            }
            Instant next = i + 1 < slots.size() ? slots.get(i + 1) : null;
            Duration half =
                    next == null ? w.grace() : Duration.between(slot, next).dividedBy(2);
            Duration early = half.compareTo(w.grace()) < 0 ? half : w.grace();
            boolean kept = claim(runs, used, slot.minus(early), slot.plus(w.grace()));
            c.slot(week.dayOf(slot), kept, slot.plus(w.grace()), now);
        }
    }

    private static void everySlots(
            Workflow w,
            Duration interval,
            Week week,
            List<Run> runs,
            boolean[] used,
            Instant lastBefore,
            Instant from,
            Instant now,
            Counts c) {
        Instant last = lastBefore != null ? lastBefore : from;
        int i = 0;
        while (i < runs.size() && !at(runs.get(i)).isAfter(last)) {
            i++;
        }
        Instant quietUntil = i < runs.size() && at(runs.get(i)).isBefore(from) ? at(runs.get(i)) : from;
        long skip = Duration.between(last, quietUntil).dividedBy(interval) - 1;
        if (skip > 0) {
            last = last.plus(interval.multipliedBy(skip));
        }
        while (true) {
            Instant due = last.plus(interval);
            if (!due.isBefore(week.end())) {
                return;
            }
            if (i < runs.size() && !at(runs.get(i)).isAfter(due.plus(w.grace()))) {
                Run r = runs.get(i++);
                boolean onTime = !at(r).isBefore(due.minus(interval.dividedBy(2)));
                if (onTime && !due.isBefore(from)) {
                    c.slot(week.dayOf(due), true, due, now);
                }
                last = at(r);
                continue;
            }
            if (due.isBefore(from)) {
                last = due;
                continue;
            }
            c.slot(week.dayOf(due), false, due.plus(w.grace()), now);
            if (due.plus(w.grace()).isAfter(now)) {
                return;
            }
            last = due;
        }
    }

    /** Takes the first unused run in (after, until]; true if there was one. */
    private static boolean claim(List<Run> runs, boolean[] used, Instant after, Instant until) {
        int lo = 0;
        int hi = runs.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (at(runs.get(mid)).isAfter(after)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        for (int i = lo; i < runs.size() && !at(runs.get(i)).isAfter(until); i++) {
            if (!used[i]) {
                used[i] = true;
                return true;
            }
        }
        return false;
    }

    private static Silence longestSilence(List<Run> runs, Instant from, Instant until) {
        if (!until.isAfter(from)) {
            return null;
        }
        Instant previous = from;
        Silence longest = null;
        for (Run r : runs) {
            Instant t = at(r);
            if (t.isBefore(from)) {
                continue;
            }
            if (t.isAfter(until)) {
                break;
            }
            longest = longer(longest, new Silence(previous, t));
            previous = t;
        }
        return longer(longest, new Silence(previous, until));
    }

    private static Silence longer(Silence a, Silence b) {
        return a == null || b.length().compareTo(a.length()) > 0 ? b : a;
    }

    private static boolean timedOut(Run r, Workflow w, Instant now) {
        return r.status().equals("started")
                && r.finished() == null
                && !r.started().plus(w.grace()).isAfter(now);
    }

    /** When a run happened, for matching it to a slot: its start if known, else its completion. */
    static Instant at(Run r) {
        return r.started() != null ? r.started() : r.finished();
    }

    private static final class Counts {
        final int[] expected = new int[7];
        final int[] succeeded = new int[7];
        final int[] failed = new int[7];
        final int[] missed = new int[7];
        final int[] upcoming = new int[7];

        void slot(int day, boolean kept, Instant deadline, Instant now) {
            if (day < 0) {
                return;
            }
            expected[day]++;
            if (!kept) {
                if (deadline.isAfter(now)) {
                    upcoming[day]++;
                } else {
                    missed[day]++;
                }
            }
        }

        DayGrid grid(Week week, boolean paused, List<Run> failures, Silence silence) {
            List<Day> days = new ArrayList<>();
            int e = 0;
            int s = 0;
            int f = 0;
            int m = 0;
            for (int i = 0; i < 7; i++) {
                days.add(new Day(
                        week.days().get(i), expected[i], succeeded[i], failed[i], missed[i], upcoming[i], paused));
                e += expected[i];
                s += succeeded[i];
                f += failed[i];
                m += missed[i];
            }
            return new DayGrid(List.copyOf(days), e, s, f, m, silence, List.copyOf(failures));
        }
    }
}
