package vigil.watchdog;

import java.util.Map;
import vigil.inventory.store.Database;
import vigil.watchdog.http.ApiServer;
import vigil.watchdog.jobs.Jobs;

/** {@code GET /health}: 200 when the database answers and the scheduler runs, 503 otherwise. */
final class Health {
    private final Database database;
    private final Jobs jobs;

    Health(Database database, Jobs jobs) {
        this.database = database;
        this.jobs = jobs;
    }

    ApiServer.Response check(ApiServer.Request request) {
        boolean db = database.healthy();
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
