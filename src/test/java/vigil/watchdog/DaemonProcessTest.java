package vigil.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.testing.DaemonFixture;
import vigil.testing.DaemonProcess;
import vigil.testing.Incident;

/** {@code vigil serve} as its own process: SIGHUP reloads, SIGTERM stops it cleanly. */
class DaemonProcessTest {
    @TempDir
    Path dir;

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void sighup_reloads_a_valid_inventory_keeps_the_old_one_when_broken_and_sigterm_stops_cleanly() throws Exception {
        DaemonFixture fixture = DaemonFixture.in(dir, Incident.INVENTORY);
        Path log = dir.resolve("daemon.log");
        try (DaemonProcess daemon = DaemonProcess.start(fixture, log)) {
            assertThat(statusBody(fixture)).doesNotContain("\"id\":\"added\"");

            Files.writeString(
                    fixture.inventoryFile(),
                    Incident.INVENTORY
                            + "  - { id: added, owner: team@example.com, every: 1h, notify: [team@example.com] }\n");
            daemon.signal("HUP");
            awaitContains(fixture, "\"id\":\"added\"");

            Files.writeString(fixture.inventoryFile(), "workflows: [ broken");
            daemon.signal("HUP");
            awaitLog(log, "reload rejected");
            assertThat(statusBody(fixture)).contains("\"id\":\"added\"");

            daemon.signal("TERM");
            assertThat(daemon.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(daemon.process().exitValue()).isEqualTo(143);
            assertThat(Files.readString(log))
                    .contains("vigil stopped")
                    .as("stopped in order, quietly")
                    .doesNotContain("already closed")
                    .doesNotContain("Exception")
                    .doesNotContain(" ERROR ");
        }
    }

    private String statusBody(DaemonFixture fixture) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(fixture.url("/api/v1/status")))
                                .header("Authorization", "Bearer " + DaemonFixture.READ_TOKEN)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private void awaitContains(DaemonFixture fixture, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (statusBody(fixture).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("status never contained " + text);
    }

    private static void awaitLog(Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("log never contained " + text);
    }
}
