package vigil.watchdog;

import java.time.Clock;
import java.util.function.Supplier;
import vigil.inventory.Inventory;
import vigil.watchdog.alert.Notices;
import vigil.watchdog.config.Config;
import vigil.watchdog.sources.Poller;
import vigil.watchdog.sources.SourceRuns;

/** Tells a source's owner, through the outbox, when Vigil cannot read it and when it can again. */
final class SourceNotices implements Poller.Listener {
    private final Notices notices;
    private final Supplier<Config> config;
    private final Supplier<Inventory> inventory;
    private final Clock clock;

    SourceNotices(Notices notices, Supplier<Config> config, Supplier<Inventory> inventory, Clock clock) {
        this.notices = notices;
        this.config = config;
        this.inventory = inventory;
        this.clock = clock;
    }

    @Override
    public void blind(String source, SourceRuns.Health health) {
        describe(source)
                .ifPresent(s -> notices.blind(
                        s,
                        health.failures(),
                        health.lastSuccess(),
                        health.lastError(),
                        "auth".equals(health.lastKind()),
                        clock.instant()));
    }

    @Override
    public void readable(String source, SourceRuns.Health before) {
        describe(source).ifPresent(s -> notices.readable(s, before.lastSuccess(), clock.instant()));
    }

    private java.util.Optional<Notices.Source> describe(String name) {
        Config.SourceServer server = config.get().sources().get(name);
        if (server == null) {
            return java.util.Optional.empty();
        }
        int workflows = (int) inventory.get().workflows().stream()
                .filter(w -> w.source() != null && name.equals(w.source().server()))
                .count();
        return java.util.Optional.of(new Notices.Source(name, server.kind(), server.url(), server.owner(), workflows));
    }
}
