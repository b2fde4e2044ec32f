package vigil.watchdog.summary;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.inventory.Inventory;
import vigil.inventory.Workflow;
import vigil.inventory.audit.Audit;
import vigil.inventory.audit.AuditEvidence;
import vigil.inventory.schedule.CronExpression;
import vigil.inventory.schedule.InvalidCronException;
import vigil.inventory.store.InventoryStore;
import vigil.notifiers.Message;
import vigil.watchdog.alert.Delivery;
import vigil.watchdog.alert.Outbox;
import vigil.watchdog.config.Config;
import vigil.watchdog.runs.RunStore;

/**
 * Builds, renders and queues weekly summaries. The scheduled send covers the week that ended the
 * day before the latest {@code summary.cron} slot; it is claimed in the store before anything is
 * queued, so it happens once, however often it is asked for — which is what makes it safe to ask
 * again after a restart or on a second daemon.
 */
public final class WeeklySummaries {
    private static final Logger LOG = LoggerFactory.getLogger(WeeklySummaries.class);
    private static final List<Duration> LOOK_BACK = List.of(
            Duration.ofDays(1), Duration.ofDays(8), Duration.ofDays(32), Duration.ofDays(367), Duration.ofDays(1462));

    private final Supplier<Inventory> inventory;
    private final Supplier<Config> config;
    private final RunStore runs;
    private final InventoryStore inventoryStore;
    private final Outbox outbox;
    private final SummaryStore store;
    private final Clock clock;

    private final vigil.watchdog.baseline.AnomalyStore anomalies;

    public WeeklySummaries(
            Supplier<Inventory> inventory,
            Supplier<Config> config,
            RunStore runs,
            InventoryStore inventoryStore,
            Outbox outbox,
            SummaryStore store,
            vigil.watchdog.baseline.AnomalyStore anomalies,
            Clock clock) {
        this.anomalies = anomalies;
        this.inventory = inventory;
        this.config = config;
        this.runs = runs;
        this.inventoryStore = inventoryStore;
        this.outbox = outbox;
        this.store = store;
        this.clock = clock;
    }

    /** What a send did: the week, and per summary where it went (or why it went nowhere). */
    public record Sent(LocalDate week, boolean queued, List<String> lines) {}

    public ZoneId zone() {
        return config.get().timezone();
    }

    /** The week a summary made now covers by default: the seven complete days before today. */
    public Week defaultWeek() {
        return Week.before(clock.instant(), zone());
    }

    /** The summaries for one week: every owner's, or {@code team}'s only (empty if it owns nothing). */
    public List<TeamSummary> build(Week week, String team) {
        Inventory inv = inventory.get();
        Instant now = clock.instant();
        List<String> ids = inv.workflows().stream()
                .filter(w -> team == null
                        || w.owner().equals(team)
                        || (team.equals(Summaries.INDIVIDUALS)
                                && inv.alias(w.owner()).isEmpty()))
                .map(Workflow::id)
                .toList();
        RunStore.WeekRuns weekRuns = runs.week(ids, week.start(), week.end());
        java.util.Set<String> rejected = outbox.rejectedAddresses();
        WeekEvidence evidence = new WeekEvidence(
                weekRuns.runs(),
                weekRuns.lastBefore(),
                weekRuns.lastSuccess(),
                inventoryStore.workflowsFirstSeen(),
                runs.strays(week.start(), week.end()),
                rejected,
                anomalies(week));
        LocalDate asOf = now.isBefore(week.end()) ? now.atZone(week.zone()).toLocalDate() : week.ending();
        var findings = Audit.run(inv, new AuditEvidence(rejected, List.of()), asOf);
        return Summaries.build(
                inv, week, evidence, findings, config.get().summary().fallback(), now, team);
    }

    private java.util.Map<String, List<vigil.watchdog.baseline.Anomaly>> anomalies(Week week) {
        java.util.Map<String, List<vigil.watchdog.baseline.Anomaly>> byWorkflow = new java.util.HashMap<>();
        if (anomalies != null) {
            for (vigil.watchdog.baseline.Anomaly a : anomalies.between(week.start(), week.end())) {
                byWorkflow.computeIfAbsent(a.workflow(), k -> new ArrayList<>()).add(a);
            }
        }
        return byWorkflow;
    }

    /** Renders and queues summaries now ({@code vigil summary --send}), without claiming the week. */
    public Sent send(Week week, String team) {
        List<TeamSummary> summaries = build(week, team);
        List<String> lines = new ArrayList<>();
        List<SummaryStore.Queued> queued = render(summaries, lines);
        store.queue(week.ending(), queued, clock.instant());
        return new Sent(week.ending(), true, lines);
    }

    /**
     * The scheduled send: if the week before the latest summary.cron slot was not claimed yet,
     * claim it and queue its summaries. Returns what happened; {@code queued} is false when there
     * was nothing to do.
     */
    public Sent sendDue() {
        return sendDue(clock.instant());
    }

    /**
     * As {@link #sendDue()}, with the slots up to {@code at} taken as come: the scheduled job passes
     * the slot it was armed for, which Quartz may fire a moment before the clock reaches it.
     */
    public Sent sendDue(Instant at) {
        Optional<Instant> latest = latestSlot(at);
        if (latest.isEmpty()) {
            return new Sent(null, false, List.of());
        }
        Week week = Week.before(latest.get(), zone());
        Optional<LocalDate> last = store.lastWeek();
        if (last.isPresent() && !last.get().isBefore(week.ending())) {
            return new Sent(week.ending(), false, List.of());
        }
        List<String> lines = new ArrayList<>();
        List<SummaryStore.Queued> queued = render(build(week, null), lines);
        boolean claimed = store.claim(week.ending(), queued, clock.instant());
        if (claimed) {
            LOG.info("weekly summaries for the week ending {} queued: {}", week.ending(), lines.size());
            lines.forEach(l -> LOG.info("  {}", l));
        } else {
            LOG.info("weekly summaries for the week ending {} were already sent", week.ending());
        }
        return new Sent(week.ending(), claimed, lines);
    }

    /**
     * Called when the daemon starts or reloads: on a fresh database, or when summary.cron or the
     * time zone changed, the weeks before now are marked done. Returns when the scheduled send
     * should run next: now, if a week is due.
     */
    public Instant arm() {
        Instant now = clock.instant();
        Optional<Instant> latest = latestSlot(now);
        store.schedule(
                config.get().summary().cron() + " " + zone().getId(),
                latest.map(l -> Week.before(l, zone()).ending()).orElse(null));
        Optional<LocalDate> last = store.lastWeek();
        boolean due = latest.isPresent()
                && (last.isEmpty()
                        || last.get().isBefore(Week.before(latest.get(), zone()).ending()));
        return due ? now : nextSlot(now);
    }

    /** The first summary.cron slot strictly after {@code after}. */
    public Instant nextSlot(Instant after) {
        return cron().next(after, zone());
    }

    /** The latest summary.cron slot at or before {@code at}. */
    Optional<Instant> latestSlot(Instant at) {
        CronExpression cron = cron();
        for (Duration back : LOOK_BACK) {
            Instant slot = cron.next(at.minus(back), zone());
            if (slot == null || slot.isAfter(at)) {
                continue;
            }
            for (Instant next = cron.next(slot, zone());
                    next != null && !next.isAfter(at);
                    next = cron.next(next, zone())) {
                slot = next;
            }
            return Optional.of(slot);
        }
        return Optional.empty();
    }

    private CronExpression cron() {
        try {
            return CronExpression.parse(config.get().summary().cron());
        } catch (InvalidCronException e) {
            throw new IllegalStateException("summary.cron was validated: " + e.getMessage(), e);
        }
    }

    private static List<SummaryStore.Queued> render(List<TeamSummary> summaries, List<String> lines) {
        List<SummaryStore.Queued> queued = new ArrayList<>();
        for (TeamSummary s : summaries) {
            if (s.deliverTo() == null) {
                lines.add(s.team() + ": not sent, " + s.notDurableBecause() + " and summary.fallback is not set");
                continue;
            }
            lines.add(s.team() + " → " + s.deliverTo()
                    + (s.durable() ? "" : " (fallback: " + s.notDurableBecause() + ")"));
            queued.add(new SummaryStore.Queued(
                    s.team(), s.deliverTo(), s.subject(), SummaryText.render(s), SummaryHtml.render(s)));
        }
        return queued;
    }

    /** The stored summary a delivery carries, as a message. */
    public Message message(Delivery.OfSummary delivery) {
        SummaryStore.Stored s = store.summary(delivery.summary())
                .orElseThrow(() -> new IllegalStateException("summary " + delivery.summary() + " is gone"));
        return new Message(
                s.subject(),
                s.text(),
                s.html(),
                delivery.idempotencyKey(),
                "vigil/summary/" + s.weekEnding() + "/" + s.team(),
                false);
    }
}
