package vigil.inventory;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import vigil.inventory.schedule.Schedule;

/**
 * A piece of scheduled automation. {@code ping} and {@code source} may be null, and so may {@code
 * normal} and {@code budget} (docs/baselines.md) when none is written.
 */
public record Workflow(
        String id,
        String name,
        String owner,
        Schedule schedule,
        ZoneId timezone,
        Duration grace,
        List<String> credentials,
        List<Route> routes,
        UUID ping,
        Source source,
        boolean paused,
        Normal normal,
        Budget budget) {

    public Workflow {
        credentials = List.copyOf(credentials);
        routes = List.copyOf(routes);
    }

    /** A workflow with no baseline written. */
    public Workflow(
            String id,
            String name,
            String owner,
            Schedule schedule,
            ZoneId timezone,
            Duration grace,
            List<String> credentials,
            List<Route> routes,
            UUID ping,
            Source source,
            boolean paused) {
        this(id, name, owner, schedule, timezone, grace, credentials, routes, ping, source, paused, null, null);
    }
}
