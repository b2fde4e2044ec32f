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
 * A 200 means durable: the daemon runs as its own process under ping load, is stopped mid-load
 * — killed with SIGKILL, or told to stop with SIGTERM — and every ping it acknowledged must be in
 * its database afterwards. SIGTERM also drains: no ping is refused while the writer stops.
 */
class PingDurabilityTest {
    private static final int CLIENTS = 16;

    @TempDir
    Path dir;

    static final String INVENTORY = """
            people: [{ email: alice@example.com }, { email: bob@example.com }]
            aliases: [{ email: team@example.com, members: [alice@example.com, bob@example.com] }]
            workflows:
              - { id: backup, owner: team@example.com, every: 1h, notify: [team@example.com] }
            """;

    /** What the clients saw: the bodies acknowledged with 200 OK, and every other status answered. */
    record Load(List<String> acknowledged, Set<String> otherStatuses) {}

    @Test
    void every_acknowledged_ping_survives_kill_minus_9() throws Exception {
        DaemonFixture fixture = DaemonFixture.in(dir, INVENTORY);
        Load load = underLoad(fixture, daemon -> daemon.process().destroyForcibly());

        assertThat(load.acknowledged()).as("acknowledged but lost").allMatch(stored(fixture)::contains);
    }

    @Test
    void sigterm_under_load_drains_the_writer_answers_no_503_and_logs_no_error() throws Exception {
        DaemonFixture fixture = DaemonFixture.in(dir, INVENTORY);
        Load load = underLoad(fixture, daemon -> {
            try {
                daemon.signal("TERM");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(load.otherStatuses())
                .as("a ping is answered 200 or its connection refused; never 503 while stopping")
                .isEmpty();
        assertThat(load.acknowledged()).as("acknowledged but lost").allMatch(stored(fixture)::contains);
        assertThat(java.nio.file.Files.readString(dir.resolve("daemon.log")))
                .contains("vigil stopped")
                .doesNotContain(" ERROR ")
                .doesNotContain("already closed")
                .doesNotContain("exclusive mode");
    }

    /** Runs {@value #CLIENTS} clients pinging until 2,000 pings were acknowledged, then {@code stop}s the daemon. */
    private Load underLoad(DaemonFixture fixture, java.util.function.Consumer<DaemonProcess> stopping)
            throws Exception {
        DaemonProcess process = DaemonProcess.start(fixture, dir.resolve("daemon.log"));
        Process daemon = process.process();
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        Set<String> others = java.util.concurrent.ConcurrentHashMap.newKeySet();
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
                            } else {
                                others.add(r.statusCode() + " " + r.body().strip());
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
            stopping.accept(process);
            assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
            stop.set(true);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        List<String> acked = List.copyOf(acknowledged);
        assertThat(acked).as("the load must really have run").hasSizeGreaterThan(200);
        return new Load(acked, Set.copyOf(others));
    }

    private static Set<String> stored(DaemonFixture fixture) throws Exception {
        Set<String> stored = new HashSet<>();
        try (Connection c = DriverManager.getConnection(
                        "jdbc:h2:file:" + fixture.stateDir().resolve("vigil").toAbsolutePath());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT body FROM run WHERE workflow = 'backup'")) {
            while (rs.next()) {
                stored.add(rs.getString(1));
            }
        }
        return stored;
    }
}
