package vigil.watchdog.baseline;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import vigil.inventory.Inventory;
import vigil.inventory.Workflow;
import vigil.watchdog.runs.Run;
import vigil.watchdog.runs.RunStore;

/**
 * Checks every workflow that has a {@code normal:} or {@code budget:} against its runs of today
 * and, until it has been judged once after it ended, yesterday (each in the workflow's zone), and
 * tells each anomaly once (docs/baselines.md): its notice is queued under the anomaly's key
 * before the anomaly is kept, so a crash in between queues nothing twice and loses nothing. Too
 * few runs are judged only for a day this daemon was up for from its start: pings sent while it
 * was down were never received.
 */
public final class BaselineCheck {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BaselineCheck.class);

    /** Queues an anomaly's notice to the workflow's routes and owner; idempotent by the anomaly's key. */
    public interface Teller {
        void tell(Anomaly anomaly, Workflow workflow, Inventory inventory);
    }

    private final Supplier<Inventory> inventory;
    private final RunStore runs;
    private final AnomalyStore store;
    private final Teller teller;
    private final Clock clock;
    private final Instant started;
    private final Map<String, LocalDate> judgedThrough = new HashMap<>();
    /** Workflows whose pings were stored since the last check: only they can have new runs to judge. */
    private final Set<String> touched = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Set<String> known;
    private boolean checkedOnce;

    public BaselineCheck(Supplier<Inventory> inventory, RunStore runs, AnomalyStore store, Teller teller, Clock clock) {
        this.inventory = inventory;
        this.runs = runs;
        this.store = store;
        this.teller = teller;
        this.clock = clock;
        this.started = clock.instant();
    }

    /**
     * Notes that pings of {@code workflows} were stored (called after their commit): the next check
     * judges them again. Without such a note a workflow is judged again only when its day turns,
     * when it is watched through a source (its runs are pulled, not pinged), and at the first
     * check after start.
     */
    public void touched(java.util.Collection<String> workflows) {
        touched.addAll(workflows);
    }

    /** Checks every workflow with a baseline that may have something new; returns how many anomalies were told now. */
    public synchronized int check() {
        Instant now = clock.instant();
        if (known == null) {
            known = new HashSet<>(
                    store.keysFrom(LocalDate.ofInstant(now, ZoneId.of("UTC")).minusDays(3)));
        }
        Inventory current = inventory.get();
        Set<String> news = new HashSet<>(touched);
        touched.removeAll(news); // before the reads: a ping stored from now on is judged at the next check
        List<Workflow> judged = new ArrayList<>();
        Map<String, Instant> from = new java.util.LinkedHashMap<>();
        for (Workflow w : current.workflows()) {
            if (w.normal() == null && w.budget() == null) {
                continue;
            }
            LocalDate yesterday = LocalDate.ofInstant(now, w.timezone()).minusDays(1);
            boolean turned = !yesterday.equals(judgedThrough.get(w.id()));
            if (checkedOnce && !turned && w.source() == null && !news.contains(w.id())) {
                continue; // nothing new since it was last judged
            }
            judged.add(w);
            from.put(w.id(), start(turned ? yesterday : yesterday.plusDays(1), w.timezone()));
        }
        if (judged.isEmpty()) {
            checkedOnce = true;
            return 0;
        }
        Map<String, List<Run>> completed = runs.completed(from, now.plusMillis(1)); // one connection for all
        int told = 0;
        for (Workflow w : judged) {
            ZoneId zone = w.timezone();
            LocalDate today = LocalDate.ofInstant(now, zone);
            for (LocalDate day = LocalDate.ofInstant(from.get(w.id()), zone);
                    !day.isAfter(today);
                    day = day.plusDays(1)) {
                Instant start = start(day, zone);
                Instant end = start(day.plusDays(1), zone);
                List<RunValues> values = new ArrayList<>();
                for (Run r : completed.getOrDefault(w.id(), List.of())) {
                    if (!r.finished().isBefore(start) && r.finished().isBefore(end)) {
                        values.add(new RunValues(r.id(), r.finished(), r.durationMs(), r.count(), r.cost()));
                    }
                }
                boolean upAllDay = !started.isAfter(start);
                for (Anomaly a : Judge.day(w, day, values, !now.isBefore(end) && upAllDay, end)) {
                    if (!known.contains(a.key())) {
                        teller.tell(a, w, current);
                        store.add(a);
                        known.add(a.key()); // only once kept: a failed tell is tried at the next check
                        LOG.info("anomaly: {}: {}; its routes and owner are told", w.id(), AnomalyText.what(a));
                        told++;
                    }
                }
            }
            judgedThrough.put(w.id(), today.minusDays(1));
        }
        checkedOnce = true;
        return told;
    }

    private static Instant start(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).toInstant();
    }
}
