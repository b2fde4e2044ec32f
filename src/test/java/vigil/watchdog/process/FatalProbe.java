package vigil.watchdog.process;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import vigil.inventory.store.Database;
import vigil.watchdog.Stages;
import vigil.watchdog.http.ApiServer;
import vigil.watchdog.jobs.Jobs;

/**
 * A process for {@link FatalTest}: installs the daemon's handling of Errors, then throws an
 * OutOfMemoryError where a library would swallow it — in a Quartz job ({@code quartz DIR}) or in
 * an HTTP endpoint under Jetty ({@code http}). Exits 0 if it is still alive 20 s later.
 */
public final class FatalProbe {
    private FatalProbe() {}

    public static void main(String[] args) throws Exception {
        Fatal.install();
        if (args[0].equals("quartz")) {
            Database database = Database.open(
                    "jdbc:h2:file:" + Path.of(args[1]).resolve("vigil"), null, null, 4, Stages.MIGRATIONS);
            Jobs jobs = new Jobs(database.dataSource(), false, Clock.systemUTC());
            jobs.every("boom", Duration.ofSeconds(1), () -> {
                throw new OutOfMemoryError("probe: out of memory in a job");
            });
            jobs.start();
        } else {
            ApiServer server = new ApiServer("127.0.0.1", 0, () -> null).route("GET", "/boom", null, r -> {
                throw new OutOfMemoryError("probe: out of memory in an endpoint");
            });
            server.start();
            HttpClient.newHttpClient()
                    .sendAsync(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/boom"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
        }
        Thread.sleep(20_000);
        System.out.println("probe: still alive");
        System.exit(0);
    }
}
