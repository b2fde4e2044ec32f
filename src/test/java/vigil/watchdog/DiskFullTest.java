package vigil.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.testing.DaemonFixture;
import vigil.testing.DaemonProcess;

/**
 * The state directory on a real 32 MB tmpfs, filled to the last byte under pings and freed
 * again: pings are refused (503) while it is full, accepted again once space is back, the
 * condition is logged once rather than per ping, and SIGTERM still stops the daemon in seconds.
 * Mounting needs root, as CI runs ({@code .ci/run} sets VIGIL_TEST_TMPFS=required); elsewhere the
 * test is skipped, saying why.
 */
class DiskFullTest {
    static final String INVENTORY = """
            people: [{ email: alice@example.com }, { email: bob@example.com }]
            aliases: [{ email: team@example.com, members: [alice@example.com, bob@example.com] }]
            workflows:
              - { id: backup, owner: team@example.com, every: 1h, notify: [team@example.com] }
            """;

    @TempDir
    Path dir;

    Path mount;

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            new ProcessBuilder("umount", "-l", mount.toString())
                    .inheritIO()
                    .start()
                    .waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void a_full_disk_refuses_pings_until_space_returns_logs_once_and_stops_in_seconds() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Process mounting = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", state.toString())
                .redirectErrorStream(true)
                .start();
        String why = new String(mounting.getInputStream().readAllBytes()).strip();
        boolean mounted = mounting.waitFor() == 0;
        if (!mounted && "required".equals(System.getenv("VIGIL_TEST_TMPFS"))) {
            throw new AssertionError("VIGIL_TEST_TMPFS=required, but mounting a tmpfs failed: " + why);
        }
        Assumptions.assumeTrue(mounted, "cannot mount a tmpfs here (needs root): " + why);
        mount = state;

        DaemonFixture fixture = DaemonFixture.in(dir, INVENTORY);
        Path log = dir.resolve("daemon.log");
        try (DaemonProcess daemon = DaemonProcess.start(fixture, log)) {
            assertThat(ping(fixture, "before")).isEqualTo(200);

            Path filler = state.resolve("filler");
            fill(filler);
            List<Integer> whileFull = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                whileFull.add(ping(fixture, "x".repeat(900) + i));
            }
            assertThat(whileFull).as("every ping answered, none acknowledged").containsOnly(503);

            Files.delete(filler);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int status = 0;
            while (status != 200 && System.nanoTime() < deadline) {
                status = ping(fixture, "after");
                Thread.sleep(200);
            }
            assertThat(status).as("pings accepted again once space is back").isEqualTo(200);
            assertThat(get(fixture, "/api/v1/workflows/backup/runs").body())
                    .contains("\"body\":\"after\"")
                    .contains("\"body\":\"before\"");
            assertThat(get(fixture, "/health").statusCode()).isEqualTo(200);

            long stopping = System.nanoTime();
            daemon.signal("TERM");
            assertThat(daemon.process().waitFor(20, TimeUnit.SECONDS))
                    .as("SIGTERM stops it")
                    .isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(15));
        }
        String written = Files.readString(log);
        assertThat(written.lines().filter(l -> l.contains("storing pings failed")))
                .as("the failure is logged when it starts, not per ping")
                .hasSize(1)
                .allSatisfy(l -> assertThat(l).contains("No space left on device"));
        assertThat(written).contains("storing pings works again");
        assertThat(written.lines().filter(l -> l.startsWith("\tat ")).count())
                .as("stack traces stay few: 17,877 filled the log in 40 s before")
                .isLessThan(400);
    }

    private static void fill(Path filler) {
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // No space left on device: as intended
        }
    }

    private int ping(DaemonFixture fixture, String body) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(fixture.url("/ping/" + DaemonFixture.PING_KEY + "/backup")))
                                .timeout(Duration.ofSeconds(10))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private HttpResponse<String> get(DaemonFixture fixture, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(fixture.url(path)))
                        .header("Authorization", "Bearer " + DaemonFixture.READ_TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
