package vigil.watchdog.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.testing.DaemonFixture;
import vigil.testing.DaemonProcess;

/**
 * A 200 means durable: the daemon runs as its own process under ping load, is killed with
 * SIGKILL mid-load, and every ping it acknowledged must be in its database afterwards.
 */
class PingDurabilityTest {
    private static final int CLIENTS = 16;

    @TempDir
    Path dir;

    @Test
    void every_acknowledged_ping_survives_kill_minus_9() throws Exception {
        DaemonFixture fixture = DaemonFixture.in(dir, """
                people: [{ email: alice@example.com }, { email: bob@example.com }]
                aliases: [{ email: team@example.com, members: [alice@example.com, bob@example.com] }]
                workflows:
                  - { id: backup, owner: team@example.com, every: 1h, notify: [team@example.com] }
                """);
        DaemonProcess process = DaemonProcess.start(fixture, dir.resolve("daemon.log"));
        Process daemon = process.process();
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        try (process) {
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();

            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger sequence = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                clients.submit(() -> {
                    while (!stop.get()) {
                        String body = "ping-" + sequence.incrementAndGet();
                        try {
                            HttpResponse<String> r = http.send(
                                    HttpRequest.newBuilder(URI.create(
                                                    fixture.url("/ping/" + DaemonFixture.PING_KEY + "/backup/log")))
                                            .timeout(Duration.ofSeconds(5))
                                            .POST(HttpRequest.BodyPublishers.ofString(body))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200 && r.body().equals("OK")) {
                                acknowledged.add(body);
                            }
                        } catch (Exception e) {
                            if (!daemon.isAlive()) {
                                return;
                            }
                        }
                    }
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (acknowledged.size() < 2_000 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            daemon.destroyForcibly();
            assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
            stop.set(true);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        Set<String> stored = new HashSet<>();
        try (Connection c = DriverManager.getConnection(
                        "jdbc:h2:file:" + fixture.stateDir().resolve("vigil").toAbsolutePath());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT body FROM run WHERE workflow = 'backup'")) {
            while (rs.next()) {
                stored.add(rs.getString(1));
            }
        }
        List<String> acked = List.copyOf(acknowledged);
        assertThat(acked).as("the load must really have run").hasSizeGreaterThan(200);
        assertThat(acked).as("acknowledged but lost").allMatch(stored::contains);
    }
}
