package vigil.watchdog.api;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import vigil.inventory.Definition;
import vigil.inventory.Inventory;
import vigil.inventory.Observed;
import vigil.inventory.discovery.Proposal;
import vigil.inventory.load.Suggest;
import vigil.watchdog.config.Config;
import vigil.watchdog.http.ApiServer;
import vigil.watchdog.http.HttpError;
import vigil.watchdog.sources.Platform;
import vigil.watchdog.sources.SourceDefinitions;
import vigil.watchdog.sources.SourceException;

/**
 * {@code GET /api/v1/discover?source=NAME}: inventory YAML proposed for the workflows the source's
 * platform defines and no inventory entry watches (docs/discovery.md). The definitions are read
 * from the platform then and there (and kept, as a poll would); when the platform does not answer,
 * those read last are used and the proposal says so. Nothing is written to the inventory.
 */
public final class DiscoverApi {
    private final Supplier<Config> config;
    private final Supplier<Inventory> inventory;
    private final BiFunction<Config.SourceServer, Clock, Platform> platforms;
    private final SourceDefinitions store;
    private final Clock clock;

    public DiscoverApi(
            Supplier<Config> config,
            Supplier<Inventory> inventory,
            BiFunction<Config.SourceServer, Clock, Platform> platforms,
            SourceDefinitions store,
            Clock clock) {
        this.config = config;
        this.inventory = inventory;
        this.platforms = platforms;
        this.store = store;
        this.clock = clock;
    }

    public ApiServer.Response discover(ApiServer.Request request) {
        String source = request.param("source")
                .orElseThrow(() -> new HttpError(400, "name a source: ?source=NAME (a source in vigil.yaml)"));
        Map<String, Config.SourceServer> sources = config.get().sources();
        Config.SourceServer server = sources.get(source);
        if (server == null) {
            throw new HttpError(
                    404,
                    "unknown source '" + source + "'" + Suggest.hint(source, sources.keySet())
                            + (sources.isEmpty()
                                    ? "; vigil.yaml defines no sources"
                                    : "; sources: " + String.join(", ", new java.util.TreeSet<>(sources.keySet()))));
        }
        Platform platform = platforms.apply(server, clock);
        if (platform == null) {
            throw new HttpError(
                    404, "source '" + source + "' is of kind '" + server.kind() + "', which Vigil does not read");
        }
        List<Definition> definitions;
        String error = null;
        Instant readAt;
        try {
            definitions = platform.definitions(source);
            readAt = clock.instant();
            store.replace(source, definitions, readAt);
        } catch (SourceException e) {
            error = e.getMessage();
            store.failed(source, error);
            readAt = store.status(source).map(SourceDefinitions.Status::read).orElse(null);
            if (readAt == null) {
                throw new HttpError(502, "cannot read the definitions of source '" + source + "': " + error);
            }
            definitions = store.of(source);
        }
        Observed observed = Observed.of(inventory.get(), definitions);
        long proposed = Proposal.entries(observed, source);
        List<String> header = new java.util.ArrayList<>();
        header.add("Proposed by 'vigil discover " + source + "': the workflows " + server.kind() + " source '" + source
                + "' defines");
        header.add("that no inventory entry watches ("
                + observed.uninventoried().size() + " of " + definitions.size() + "), as read at " + readAt + ".");
        if (error != null) {
            header.add("The platform did not answer now (" + error + "): these are the definitions read last.");
        }
        header.add("Review each entry: add its owner (a team alias), check schedule and notify, then add it");
        header.add("to the inventory. Nothing was written; 'vigil validate' checks the result.");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", source);
        body.put("kind", server.kind());
        body.put("read_at", readAt);
        body.put("fresh", error == null);
        body.put("error", error);
        body.put("definitions", definitions.size());
        body.put("uninventoried", observed.uninventoried().size());
        body.put("proposed", proposed);
        body.put("yaml", Proposal.yaml(observed, source, header));
        return ApiServer.Response.json(200, body);
    }
}
