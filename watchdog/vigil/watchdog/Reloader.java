package vigil.watchdog;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.inventory.Inventory;
import vigil.inventory.Workflow;
import vigil.inventory.load.InvalidYamlException;
import vigil.inventory.load.InventoryLoader;
import vigil.inventory.load.Problem;
import vigil.inventory.store.InventoryStore;
import vigil.watchdog.config.Config;
import vigil.watchdog.config.ConfigLoader;
import vigil.watchdog.evaluate.StateStore;
import vigil.watchdog.http.ApiServer;

/**
 * Re-reads {@code vigil.yaml} and the inventory (SIGHUP, {@code POST /api/v1/reload}): all or
 * nothing. A valid pair is stored, the workflows' states follow it, and the new {@link Snapshot}
 * replaces the old one in one step; on any problem nothing changes and the problems are returned.
 */
public final class Reloader {
    private static final Logger LOG = LoggerFactory.getLogger(Reloader.class);

    /** The outcome of a reload: {@code problems} empty when it took effect. */
    public record Result(boolean reloaded, List<String> problems, String summary) {}

    private final AtomicReference<Snapshot> current;
    private final String cliToken;
    private final InventoryStore store;
    private final StateStore states;
    private final List<Consumer<Config>> followers;
    private final Clock clock;

    /** @param followers told of the new configuration once it is in force (mail settings, the summary's schedule) */
    Reloader(
            AtomicReference<Snapshot> current,
            String cliToken,
            InventoryStore store,
            StateStore states,
            List<Consumer<Config>> followers,
            Clock clock) {
        this.current = current;
        this.cliToken = cliToken;
        this.store = store;
        this.states = states;
        this.followers = List.copyOf(followers);
        this.clock = clock;
    }

    /**
     * The inventory to start on: the one on disk, stored; or, when it is invalid and a valid one was
     * stored before, that one (its problems logged) — as a reload would keep it.
     */
    static Inventory initial(Config config, InventoryStore store, StateStore states, Clock clock)
            throws InvalidYamlException {
        try {
            Inventory loaded = InventoryLoader.load(config.inventory(), config.inventoryContext());
            store.replace(loaded, clock.instant());
            states.sync(ids(loaded), clock.instant());
            return loaded;
        } catch (InvalidYamlException e) {
            Optional<Inventory> last = store.current(config.inventoryContext().channels());
            if (last.isEmpty()) {
                throw e;
            }
            e.problems().forEach(p -> LOG.error("{}", p));
            LOG.error(
                    "the inventory is invalid ({} problems); running on the last valid one, stored {}",
                    e.problems().size(),
                    store.lastLoaded().orElse(null));
            states.sync(ids(last.get()), clock.instant());
            return last.get();
        }
    }

    /** The snapshot in force now. */
    public Snapshot current() {
        return current.get();
    }

    public synchronized Result reload() {
        Config running = current.get().config();
        Config next;
        Inventory loaded;
        try {
            next = ConfigLoader.load(running.file());
            loaded = InventoryLoader.load(next.inventory(), next.inventoryContext());
        } catch (InvalidYamlException e) {
            e.problems().forEach(p -> LOG.warn("reload rejected: {}", p));
            return new Result(
                    false,
                    e.problems().stream().map(Problem::toString).toList(),
                    "reload rejected: " + e.problems().size() + " problem(s); still running the previous inventory");
        }
        if (!next.database().equals(running.database())
                || next.listenPort() != running.listenPort()
                || !next.listenHost().equals(running.listenHost())
                || !next.stateDir().equals(running.stateDir())) {
            LOG.warn("database, http.listen and state_dir changes take effect only after a restart");
        }
        store.replace(loaded, clock.instant());
        states.sync(ids(loaded), clock.instant());
        current.set(Snapshot.of(next, loaded, cliToken));
        followers.forEach(f -> f.accept(next));
        LOG.info("reloaded: {}", loaded);
        return new Result(true, List.of(), "reloaded: " + loaded);
    }

    /** {@code POST /api/v1/reload}: 200 when reloaded, 422 with the problems when not. */
    ApiServer.Response respond(ApiServer.Request request) {
        Result result = reload();
        return ApiServer.Response.json(result.reloaded() ? 200 : 422, result);
    }

    private static List<String> ids(Inventory inventory) {
        return inventory.workflows().stream().map(Workflow::id).toList();
    }
}
