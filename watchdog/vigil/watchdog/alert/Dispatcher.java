package vigil.watchdog.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.notifiers.Message;
import vigil.notifiers.Notifier;
import vigil.notifiers.Outcome;

/**
 * Delivers the outbox. Each due delivery goes to its notifier once per attempt; only success
 * marks it delivered. Transient failures come back after exponential backoff with jitter (30 s
 * doubling, at most an hour); a permanent rejection ends the delivery and, for an address,
 * records it as rejected so the audit reports the route as dead and later alerts avoid it.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final Duration MAX_RETRY = Duration.ofHours(1);
    private static final int PER_ROUND = 200;
    /**
     * Longer than any notifier can take, so no other daemon sends the same delivery meanwhile (mail:
     * 30 s to connect, then RFC 5321's waits, the longest ten minutes for the reply to DATA).
     */
    static final Duration LEASE = Duration.ofMinutes(15);

    private final Outbox outbox;
    private final Function<String, Optional<Notifier>> notifiers;
    private final Function<Grouping.Unit, Message> render;
    private final Function<String, List<String>> credentialsOf;
    private final Duration window;
    private final Clock clock;
    private final RandomGenerator random;

    /**
     * @param render the message for one unit: a single alert, or a group sharing a credential
     * @param credentialsOf a workflow's credentials, for grouping by likely cause
     * @param window alerts created this close together count as one evaluation window
     */
    private volatile java.util.function.BiConsumer<Notifier, Outcome> observer = (n, o) -> {};

    /** Told of every attempt's outcome (metrics count failures by notifier). */
    public void observe(java.util.function.BiConsumer<Notifier, Outcome> observer) {
        this.observer = observer;
    }

    public Dispatcher(
            Outbox outbox,
            Function<String, Optional<Notifier>> notifiers,
            Function<Grouping.Unit, Message> render,
            Function<String, List<String>> credentialsOf,
            Duration window,
            Clock clock,
            RandomGenerator random) {
        this.outbox = outbox;
        this.notifiers = notifiers;
        this.render = render;
        this.credentialsOf = credentialsOf;
        this.window = window;
        this.clock = clock;
        this.random = random;
    }

    /** Attempts every due delivery once (grouped by likely cause); returns how many were delivered. */
    public synchronized int dispatch() {
        return send(plan());
    }

    /**
     * The deliveries due now, grouped by likely cause. Taken while no evaluation is writing alerts
     * (see EvaluationCycle), so that workflows failing together are not split across rounds.
     */
    public List<Grouping.Unit> plan() {
        return Grouping.of(outbox.due(clock.instant(), PER_ROUND), credentialsOf, window);
    }

    /** Attempts each planned unit once; returns how many deliveries were delivered. */
    public synchronized int send(List<Grouping.Unit> units) {
        int delivered = 0;
        for (Grouping.Unit due : units) {
            Instant now = clock.instant();
            Grouping.Unit unit = leased(due, now);
            if (unit == null) {
                continue;
            }
            String destination = unit.first().destination();
            Optional<Notifier> notifier = notifiers.apply(destination);
            if (notifier.isEmpty()) {
                unit.deliveries().forEach(d -> outbox.failed(d, "no notifier for destination " + d.destination(), now));
                continue;
            }
            Message message = message(unit);
            Outcome outcome;
            try {
                outcome = notifier.get().send(message, destination);
            } catch (RuntimeException e) {
                LOG.error(
                        "the notifier for {} failed on {}",
                        destination,
                        unit.first().describe(),
                        e);
                outcome = new Outcome.Retry("notifier error: " + e.getClass().getSimpleName());
            }
            observer.accept(notifier.get(), outcome);
            for (Delivery d : unit.deliveries()) {
                if (outcome instanceof Outcome.Delivered) {
                    outbox.delivered(d, now);
                    delivered++;
                } else if (outcome instanceof Outcome.Permanent p) {
                    LOG.warn("{} to {} rejected permanently: {}", d.describe(), d.destination(), p.reason());
                    outbox.failed(d, p.reason(), now);
                    if (p.gone()) {
                        outbox.rejected(d.destination(), p.reason(), now);
                    }
                } else if (outcome instanceof Outcome.Retry r) {
                    Instant next = now.plus(backoff(d.attempts() + 1));
                    LOG.info(
                            "{} to {} not delivered ({}); trying again at {}",
                            d.describe(),
                            d.destination(),
                            r.reason(),
                            next);
                    outbox.retry(d, r.reason(), now, next);
                }
            }
        }
        return delivered;
    }

    /**
     * The unit's message; if making it fails (a bug, not a delivery problem), the error is logged
     * with its stack trace and a plain message made from the deliveries alone goes out instead.
     */
    private Message message(Grouping.Unit unit) {
        try {
            return render.apply(unit);
        } catch (RuntimeException e) {
            LOG.error(
                    "could not render {} to {}; sending a plain message instead",
                    unit.first().describe(),
                    unit.first().destination(),
                    e);
            return AlertMessage.plain(unit);
        }
    }

    /** The part of a unit this daemon could lease (another daemon may be sending the rest), or null. */
    private Grouping.Unit leased(Grouping.Unit unit, Instant now) {
        if (unit instanceof Grouping.Group group) {
            List<Delivery.OfAlert> mine = group.deliveries().stream()
                    .filter(d -> outbox.lease(d, now, now.plus(LEASE)))
                    .toList();
            if (mine.size() >= 2) {
                return new Grouping.Group(group.credential(), mine);
            }
            return mine.isEmpty() ? null : new Grouping.Single(mine.get(0));
        }
        return outbox.lease(unit.first(), now, now.plus(LEASE)) ? unit : null;
    }

    /** 30 s, 60 s, 120 s … at most an hour, each ±20%. */
    Duration backoff(int attempt) {
        long base = FIRST_RETRY.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, MAX_RETRY.toMillis());
        double jitter = 0.8 + 0.4 * random.nextDouble();
        return Duration.ofMillis((long) (capped * jitter));
    }
}
