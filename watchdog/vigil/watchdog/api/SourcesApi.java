package vigil.watchdog.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import vigil.inventory.Inventory;
import vigil.watchdog.config.Config;
import vigil.watchdog.http.ApiServer;
import vigil.watchdog.sources.Poller;
import vigil.watchdog.sources.SourceDefinitions;
import vigil.watchdog.sources.SourceRuns;

/** {@code GET /api/v1/sources}: each configured source, whether it is polled, and its health. */
public final class SourcesApi {
    private final Supplier<Config> config;
    private final Supplier<Inventory> inventory;
    private final SourceRuns store;
    private final Function<Config.SourceServer, Boolean> polled;
    private final java.util.function.ToIntFunction<Config.SourceServer> hourlyLimit;
    private final SourceDefinitions definitions;

    public SourcesApi(
            Supplier<Config> config,
            Supplier<Inventory> inventory,
            SourceRuns store,
            SourceDefinitions definitions,
            Function<Config.SourceServer, Boolean> polled,
            java.util.function.ToIntFunction<Config.SourceServer> hourlyLimit) {
        this.definitions = definitions;
        this.hourlyLimit = hourlyLimit;
        this.config = config;
        this.inventory = inventory;
        this.store = store;
        this.polled = polled;
    }

    public ApiServer.Response sources(ApiServer.Request request) {
        List<Map<String, Object>> out = new ArrayList<>();
        config.get().sources().forEach((name, server) -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", name);
            s.put("kind", server.kind());
            s.put("url", server.url());
            s.put("poll", server.poll().toString());
            s.put("polled", polled.apply(server));
            s.put(
                    "workflows",
                    inventory.get().workflows().stream()
                            .filter(w ->
                                    w.source() != null && name.equals(w.source().server()))
                            .count());
            var health = store.health(name);
            s.put("last_success", health.map(SourceRuns.Health::lastSuccess).orElse(null));
            s.put("last_failure", health.map(SourceRuns.Health::lastFailure).orElse(null));
            s.put("last_error", health.map(SourceRuns.Health::lastError).orElse(null));
            s.put("failures", health.map(SourceRuns.Health::failures).orElse(0));
            s.put("runs_pulled", health.map(SourceRuns.Health::runsPulled).orElse(0L));
            s.put("not_found", health.map(SourceRuns.Health::notFound).orElse(null));
            s.put("round_requests", health.map(SourceRuns.Health::roundRequests).orElse(null));
            s.put("round_ms", health.map(SourceRuns.Health::roundMs).orElse(null));
            s.put("pace", health.map(h -> pace(h, server)).orElse(null));
            var read = definitions.status(name);
            s.put("definitions", definitions.count(name));
            s.put("definitions_read", read.map(SourceDefinitions.Status::read).orElse(null));
            s.put("definitions_error", read.map(SourceDefinitions.Status::error).orElse(null));
            out.add(s);
        });
        return ApiServer.Response.json(200, Map.of("sources", out));
    }

    /** Why the poll interval cannot be met, from the last round, or null when it can. */
    private String pace(SourceRuns.Health health, Config.SourceServer server) {
        if (health.roundMs() != null && health.roundMs() > server.poll().toMillis()) {
            return "a poll round took " + health.roundMs() / 1000 + " s, longer than its interval; raise 'poll'";
        }
        return health.roundRequests() == null
                ? null
                : Poller.overAllowance(health.roundRequests(), hourlyLimit.applyAsInt(server), server.poll());
    }
}
