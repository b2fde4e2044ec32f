package vigil.watchdog.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.testing.DaemonFixture;
import vigil.testing.DaemonProcess;
import vigil.testing.FakeSmtpServer;

/**
 * The daemon is killed with SIGKILL while its mail server holds an alert unanswered; restarted
 * against a working server, it delivers the alert — once per recipient, with the same Message-ID.
 */
class AlertCrashTest {
    static final String INVENTORY = """
            people: [{ email: alice@example.com }, { email: bob@example.com }]
            aliases: [{ email: team@example.com, members: [alice@example.com, bob@example.com] }]
            workflows:
              - { id: backup, owner: team@example.com, every: 1d, notify: [team@example.com] }
            """;

    @TempDir
    Path dir;

    @Test
    void an_alert_in_flight_when_the_daemon_is_killed_is_delivered_after_restart() throws Exception {
        GreenMail mail = null;
        try (FakeSmtpServer hanging = new FakeSmtpServer("250 ok", true)) {
            DaemonFixture fixture = DaemonFixture.in(dir, INVENTORY)
                    .smtp(hanging.port())
                    .editConfig("evaluate_every: 1h", "evaluate_every: 1s");
            try (DaemonProcess daemon = DaemonProcess.start(fixture, dir.resolve("first.log"))) {
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(
                                                fixture.url("/ping/" + DaemonFixture.PING_KEY + "/backup/fail")))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (hanging.messagesReceived() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(hanging.messagesReceived())
                        .as("the alert reached the mail server")
                        .isEqualTo(1);
                daemon.signal("KILL");
                assertThat(daemon.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            }

            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            mail.start();
            fixture.editConfig("port: " + hanging.port(), "port: " + port);
            try (DaemonProcess daemon = DaemonProcess.start(fixture, dir.resolve("second.log"))) {
                assertThat(mail.waitForIncomingEmail(60_000, 1))
                        .as("delivered after restart")
                        .isTrue();
                Thread.sleep(3_000);
                assertThat(mail.getReceivedMessages()).hasSize(1);
                assertThat(mail.getReceivedMessages()[0].getSubject()).isEqualTo("[vigil] backup failed (fail signal)");
                assertThat(mail.getReceivedMessages()[0].getMessageID()).startsWith("<alert-1-");
            }
        } finally {
            if (mail != null) {
                mail.stop();
            }
        }
    }
}
