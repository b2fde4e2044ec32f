package vigil.watchdog.sources;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.inventory.Inventory;
import vigil.inventory.Workflow;

/**
 * One poll of one source: every workflow the inventory watches through it is pulled from its
 * watermark and stored. The first failure of the source itself stops the round (the rest would
 * fail alike) and is recorded as the source's health; a workflow the platform does not know is
 * noted and the round goes on. The next poll starts from the stored watermarks. After each round
 * the requests it sent and its length are kept, to say when the poll interval cannot be met.
 */
public final class Poller {
    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);

    /** Polls in a row that must fail before a source is blind: one failure may be a blip. */
    public static final int BLIND_AFTER = 2;

    /** Told when a source turns blind (the {@link #BLIND_AFTER}th failed poll) and readable again. */
    public interface Listener {
        void blind(String source, SourceRuns.Health health);

        void readable(String source, SourceRuns.Health before);
    }

    private final Supplier<Inventory> inventory;
    private final Function<String, Platform> platforms;
    private final Function<String, Duration> intervals;
    private final SourceRuns store;
    private final Listener listener;
    private final SourceDefinitions definitions;
    private final Clock clock;

    public Poller(Supplier<Inventory> inventory, Function<String, Platform> platforms, SourceRuns store, Clock clock) {
        this(inventory, platforms, s -> null, store, null, null, clock);
    }

    /**
     * @param platforms the adapter for a source by name (its current configuration), or null
     * @param intervals a source's poll interval (null if unknown)
     * @param listener told of blindness and recovery (null: nobody)
     * @param definitions where each round's reading of the platform's definitions is kept (null:
     *     definitions are not read)
     */
    public Poller(
            Supplier<Inventory> inventory,
            Function<String, Platform> platforms,
            Function<String, Duration> intervals,
            SourceRuns store,
            Listener listener,
            SourceDefinitions definitions,
            Clock clock) {
        this.inventory = inventory;
        this.platforms = platforms;
        this.intervals = intervals;
        this.store = store;
        this.listener = listener;
        this.definitions = definitions;
        this.clock = clock;
    }

    /** Polls {@code source} once; returns how many runs were stored or completed. */
    public int poll(String source) {
        Platform platform = platforms.apply(source);
        if (platform == null) {
            return 0;
        }
        Instant began = clock.instant();
        int pulled = 0;
        List<String> notFound = new ArrayList<>();
        for (Workflow w : inventory.get().workflows()) {
            if (w.source() == null || !source.equals(w.source().server()) || w.paused()) {
                continue;
            }
            String ref = w.source().ref();
            try {
                Platform.Pull pull =
                        platform.pull(ref, store.watermark(source, ref).orElse(null));
                pulled += store.store(source, ref, w.id(), pull.runs(), pull.watermark(), clock.instant());
            } catch (SourceException e) {
                if (e.kind() == SourceException.Kind.NOT_FOUND) {
                    notFound.add(w.id() + " (" + ref + ")");
                    continue;
                }
                int failures = store.failed(source, clock.instant(), e.kind(), e.getMessage());
                if (failures == 1 || failures % 60 == 0) {
                    LOG.warn("source {}: {} ({} poll(s) in a row failed)", source, e.getMessage(), failures);
                }
                if (failures == BLIND_AFTER && listener != null) {
                    store.health(source).ifPresent(h -> listener.blind(source, h));
                }
                return pulled;
            }
        }
        definitions(source, platform);
        SourceRuns.Health before = store.health(source).orElse(null);
        Duration took = Duration.between(began, clock.instant());
        store.polled(source, clock.instant(), pulled, notFound, platform.requests(), took);
        if (!notFound.isEmpty()) {
            LOG.warn(
                    "source {}: the platform does not know {} workflow(s) the inventory watches through it: {}",
                    source,
                    notFound.size(),
                    String.join(", ", notFound));
        }
        if (before != null && before.failures() > 0) {
            LOG.info("source {}: polling works again", source);
            if (before.failures() >= BLIND_AFTER && listener != null) {
                listener.readable(source, before);
            }
        }
        pace(source, platform, took);
        return pulled;
    }

    /**
     * Reads the platform's definitions, on the same round as its runs. A failure here keeps what
     * was read before and is said once until it changes; the runs just pulled stand.
     */
    private void definitions(String source, Platform platform) {
        if (definitions == null) {
            return;
        }
        try {
            List<vigil.inventory.Definition> read = platform.definitions(source);
            int changed = definitions.replace(source, read, clock.instant());
            if (changed > 0) {
                LOG.info("source {}: {} definition(s) read, {} changed", source, read.size(), changed);
            }
        } catch (SourceException e) {
            String before = definitions
                    .status(source)
                    .map(SourceDefinitions.Status::error)
                    .orElse(null);
            if (!e.getMessage().equals(before)) {
                LOG.warn(
                        "source {}: its definitions could not be read ({}); the last ones read stand",
                        source,
                        e.getMessage());
            }
            definitions.failed(source, e.getMessage());
        }
    }

    /** Says when the poll interval cannot be met: a round longer than it, or more requests than allowed. */
    private void pace(String source, Platform platform, Duration took) {
        Duration interval = intervals.apply(source);
        if (interval == null) {
            return;
        }
        if (took.compareTo(interval) > 0) {
            LOG.warn(
                    "source {}: a poll round took {} s, longer than its interval ({} s); raise 'poll'",
                    source,
                    took.toSeconds(),
                    interval.toSeconds());
        }
        String over = overAllowance(platform.requests(), platform.hourlyLimit(), interval);
        if (over != null) {
            LOG.warn("source {}: {}", source, over);
        }
    }

    /**
     * A sentence when {@code requests} per round every {@code interval} exceed {@code hourlyLimit}
     * requests an hour, else null.
     */
    public static String overAllowance(int requests, int hourlyLimit, Duration interval) {
        if (requests <= 0 || hourlyLimit <= 0 || interval == null || interval.isZero()) {
            return null;
        }
        double perHour = requests * (3_600_000.0 / interval.toMillis());
        if (perHour <= hourlyLimit) {
            return null;
        }
        long needed = (long) Math.ceil(requests * 3_600.0 / hourlyLimit);
        return "a round sends " + requests + " requests, " + Math.round(perHour) + " an hour at this interval, more"
                + " than the platform allows (" + hourlyLimit + " an hour): the interval cannot be met; set 'poll'"
                + " to at least " + needed + "s";
    }

    /** Names of the sources with an adapter: those polled. */
    public static List<String> polled(Map<String, ?> sources, Function<String, Platform> platforms) {
        return sources.keySet().stream()
                .filter(s -> platforms.apply(s) != null)
                .sorted()
                .toList();
    }
}
