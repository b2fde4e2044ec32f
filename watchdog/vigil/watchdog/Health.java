package vigil.watchdog;

import java.util.Map;
import vigil.inventory.store.Database;
import vigil.watchdog.http.ApiServer;
import vigil.watchdog.jobs.Jobs;

/**
 * {@code GET /health}: 200 when the database answers within two seconds and the scheduler runs,
 * 503 otherwise.
 */
final class Health {
    /** How long /health waits for the database before it says "down": a load balancer asks often. */
    static final java.time.Duration PROBE_DEADLINE = java.time.Duration.ofSeconds(2);

    private final Database database;
    private final Jobs jobs;

    Health(Database database, Jobs jobs) {
        this.database = database;
        this.jobs = jobs;
    }

    ApiServer.Response check(ApiServer.Request request) {
        boolean db = database.healthy(PROBE_DEADLINE);
        boolean scheduler = jobs.healthy();
        boolean ok = db && scheduler;
        return ApiServer.Response.json(
                ok ? 200 : 503,
                Map.of(
                        "status", ok ? "ok" : "unhealthy",
                        "database", db ? "up" : "down",
                        "scheduler", scheduler ? "up" : "down"));
    }
}
