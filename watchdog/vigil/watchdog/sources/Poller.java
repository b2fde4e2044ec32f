package vigil.watchdog.sources;

import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.inventory.Inventory;
import vigil.inventory.Workflow;

/**
 * One poll of one source: every workflow the inventory watches through it is pulled from its
 * watermark and stored. The first failure stops the round (the rest would fail alike) and is
 * recorded as the source's health; the next poll starts from the stored watermarks.
 */
public final class Poller {
    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);

    private final Supplier<Inventory> inventory;
    private final Function<String, Platform> platforms;
    private final SourceRuns store;
    private final Clock clock;

    /** @param platforms the adapter for a source by name (its current configuration), or null */
    public Poller(Supplier<Inventory> inventory, Function<String, Platform> platforms, SourceRuns store, Clock clock) {
        this.inventory = inventory;
        this.platforms = platforms;
        this.store = store;
        this.clock = clock;
    }

    /** Polls {@code source} once; returns how many runs were stored or completed. */
    public int poll(String source) {
        Platform platform = platforms.apply(source);
        if (platform == null) {
            return 0;
        }
        int pulled = 0;
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
                int failures = store.failed(source, clock.instant(), e.kind(), e.getMessage());
                if (failures == 1 || failures % 60 == 0) {
                    LOG.warn("source {}: {} ({} poll(s) in a row failed)", source, e.getMessage(), failures);
                }
                return pulled;
            }
        }
        boolean wasFailing = store.health(source).map(h -> h.failures() > 0).orElse(false);
        store.polled(source, clock.instant(), pulled);
        if (wasFailing) {
            LOG.info("source {}: polling works again", source);
        }
        return pulled;
    }

    /** Names of the sources with an adapter: those polled. */
    public static java.util.List<String> polled(Map<String, ?> sources, Function<String, Platform> platforms) {
        return sources.keySet().stream()
                .filter(s -> platforms.apply(s) != null)
                .sorted()
                .toList();
    }
}
