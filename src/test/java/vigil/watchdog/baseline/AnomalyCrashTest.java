package vigil.watchdog.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.testing.DaemonFixture;
import vigil.testing.DaemonProcess;

/**
 * The daemon is killed with SIGKILL as soon as an anomaly's mail is written; restarted, its
 * checks tell nothing again: one notice, one anomaly, one mail.
 */
class AnomalyCrashTest {
    private static final String INVENTORY = """
            people: [{ email: alice@example.com }, { email: bob@example.com }]
            aliases: [{ email: team@example.com, members: [alice@example.com, bob@example.com] }]
            workflows:
              - { id: newsletter-send, owner: team@example.com, every: 1d, normal: { count: 850 } }
            """;

    @Test
    void an_anomaly_is_told_once_across_a_kill(@TempDir Path dir) throws Exception {
        DaemonFixture fixture = DaemonFixture.in(dir, INVENTORY)
                .editConfig("evaluate_every: 1h", "evaluate_every: 1s")
                .appendConfig("mail: { from: vigil@example.com, transport: directory, directory: mail }\n");
        Path mail = dir.resolve("mail");
        try (DaemonProcess daemon = DaemonProcess.start(fixture, dir.resolve("first.log"))) {
            HttpResponse<String> ping = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(fixture.url(
                                            "/ping/" + DaemonFixture.PING_KEY + "/newsletter-send?count=39950")))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(ping.statusCode()).isEqualTo(200);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (mails(mail) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            daemon.signal("KILL");
            assertThat(daemon.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(mails(mail)).as("the anomaly's mail before the kill").isEqualTo(1);

        fixture.start();
        try {
            fixture.stages().baselines().check();
            fixture.stages().cycle().dispatch();
            try (Connection c = fixture.stages().database().dataSource().getConnection()) {
                assertThat(count(c, "SELECT COUNT(*) FROM notice WHERE topic LIKE 'anomaly/%'"))
                        .isEqualTo(1);
                assertThat(count(c, "SELECT COUNT(*) FROM anomaly")).isEqualTo(1);
            }
            assertThat(mails(mail)).as("no second mail after the restart").isEqualTo(1);
        } finally {
            fixture.stop();
        }
    }

    private static long mails(Path box) throws Exception {
        if (!Files.isDirectory(box)) {
            return 0;
        }
        try (var files = Files.list(box)) {
            return files.filter(f -> f.toString().endsWith(".eml")).count();
        }
    }

    private static int count(Connection c, String sql) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
