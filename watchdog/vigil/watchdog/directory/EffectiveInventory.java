package vigil.watchdog.directory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import vigil.inventory.DirectoryFacts;
import vigil.inventory.DirectoryOverlay;
import vigil.inventory.Inventory;

/**
 * The inventory every stage sees: the loaded one with the directories' truth laid over it
 * (docs/directory.md). Derived again when the loaded inventory is replaced, when this daemon
 * wrote to the directory store, or — for what another daemon on the same database wrote — when
 * the facts are older than {@link #REREAD}; unchanged facts keep the derived inventory.
 */
public final class EffectiveInventory implements Supplier<Inventory> {
    /** How stale the facts may be: what another daemon of a cluster wrote shows within it. */
    public static final Duration REREAD = Duration.ofSeconds(10);

    private record Derived(
            Inventory loaded, long version, Instant read, DirectoryFacts facts, DirectoryOverlay.Overlaid result) {}

    private final Supplier<Inventory> loaded;
    private final DirectoryStore store;
    private final Clock clock;
    private volatile Derived derived;

    public EffectiveInventory(Supplier<Inventory> loaded, DirectoryStore store, Clock clock) {
        this.loaded = loaded;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Inventory get() {
        return current().result().inventory();
    }

    /** Where the inventory's explicit values won over a directory's. */
    public List<DirectoryOverlay.Conflict> conflicts() {
        return current().result().conflicts();
    }

    private Derived current() {
        Inventory inventory = loaded.get();
        long version = store.version();
        Instant now = clock.instant();
        Derived d = derived;
        if (d != null
                && d.loaded() == inventory
                && d.version() == version
                && now.isBefore(d.read().plus(REREAD))) {
            return d;
        }
        synchronized (this) {
            d = derived;
            if (d != null
                    && d.loaded() == inventory
                    && d.version() == version
                    && now.isBefore(d.read().plus(REREAD))) {
                return d;
            }
            DirectoryFacts facts = store.facts();
            DirectoryOverlay.Overlaid result =
                    d != null && d.loaded() == inventory && d.facts().equals(facts)
                            ? d.result()
                            : DirectoryOverlay.apply(inventory, facts);
            derived = new Derived(inventory, version, now, facts, result);
            return derived;
        }
    }
}
