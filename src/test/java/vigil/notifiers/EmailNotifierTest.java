package vigil.notifiers;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vigil.testing.FakeSmtpServer;

/** Email against real SMTP peers: GreenMail for delivery, a fake server for 550 and 451. */
class EmailNotifierTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);
    static final String PASSWORD = "s3cret-smtp-password";
    static final Message MESSAGE = new Message(
            "nightly-crm-export missed its run",
            "No run since 06:00.",
            "<p>No run since <b>06:00</b>.</p>",
            "alert-7-abc");

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP);

    static EmailNotifier smtp(int port, String username) {
        return new EmailNotifier(
                new EmailNotifier.Settings(
                        "vigil@example.com", null, "127.0.0.1", port, false, username, () -> PASSWORD),
                CLOCK);
    }

    @Test
    void a_message_is_delivered_as_multipart_text_and_html_with_a_stable_message_id() throws Exception {
        Outcome outcome = smtp(greenMail.getSmtp().getPort(), null).send(MESSAGE, "team@example.com");

        assertThat(outcome).isEqualTo(new Outcome.Delivered());
        MimeMessage received = greenMail.getReceivedMessages()[0];
        assertThat(received.getSubject()).isEqualTo("nightly-crm-export missed its run");
        assertThat(received.getMessageID()).as("in the sender's domain").isEqualTo("<alert-7-abc@example.com>");
        assertThat(received.getHeader("Auto-Submitted")).as("RFC 3834").containsExactly("auto-generated");
        assertThat(received.getHeader("In-Reply-To"))
                .as("a first message follows nothing")
                .isNull();
        MimeMultipart parts = (MimeMultipart) received.getContent();
        assertThat(parts.getContentType()).startsWith("multipart/alternative");
        assertThat(parts.getBodyPart(0).getContent().toString()).isEqualTo("No run since 06:00.");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
    }

    @Test
    void a_mailbox_rejected_with_550_is_permanent() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer("550 5.1.1 <dana@example.com>: mailbox unavailable")) {
            Outcome outcome = smtp(server.port(), null).send(MESSAGE, "dana@example.com");
            assertThat(outcome).isInstanceOf(Outcome.Permanent.class);
            assertThat(((Outcome.Permanent) outcome).reason()).contains("550").contains("mailbox unavailable");
        }
    }

    @Test
    void a_mailbox_deferred_with_451_is_retried() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer("451 4.3.0 try again later")) {
            Outcome outcome = smtp(server.port(), null).send(MESSAGE, "dana@example.com");
            assertThat(outcome).isInstanceOf(Outcome.Retry.class);
            assertThat(((Outcome.Retry) outcome).reason()).contains("451");
        }
    }

    @Test
    void an_unreachable_server_is_retried() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Outcome outcome = smtp(closed, null).send(MESSAGE, "team@example.com");
        assertThat(outcome).isInstanceOf(Outcome.Retry.class);
        assertThat(((Outcome.Retry) outcome).reason()).contains("unreachable");
    }

    @Test
    void a_refused_login_is_retried_and_never_names_the_password() {
        greenMail.setUser("vigil", "another-password");
        Outcome outcome = smtp(greenMail.getSmtp().getPort(), "vigil").send(MESSAGE, "team@example.com");
        assertThat(outcome).isInstanceOf(Outcome.Retry.class);
        assertThat(outcome.toString()).doesNotContain(PASSWORD).contains("refused the login");
    }

    @Test
    void the_directory_transport_writes_one_eml_file_per_message_and_recipient(@TempDir Path dir) throws Exception {
        EmailNotifier notifier = new EmailNotifier(EmailNotifier.Settings.directory("vigil@example.com", dir), CLOCK);

        assertThat(notifier.send(MESSAGE, "team@example.com")).isEqualTo(new Outcome.Delivered());
        assertThat(notifier.send(MESSAGE, "team@example.com")).isEqualTo(new Outcome.Delivered());

        try (var files = Files.list(dir)) {
            assertThat(files.toList()).singleElement().satisfies(f -> {
                assertThat(f.getFileName().toString()).isEqualTo("alert-7-abc.eml");
                assertThat(Files.readString(f))
                        .contains("To: team@example.com")
                        .contains("Message-ID: <alert-7-abc@example.com>");
            });
        }
    }

    @Test
    void a_recovery_threads_to_the_failure_it_follows() throws Exception {
        EmailNotifier notifier = smtp(greenMail.getSmtp().getPort(), null);
        notifier.send(MESSAGE, "team@example.com");
        Message recovery = new Message(
                        "nightly-crm-export recovered", "Ran again.", "<p>Ran again.</p>", "alert-9-abc", "x", true)
                .following("alert-7-abc");
        notifier.send(recovery, "team@example.com");
        MimeMessage first = greenMail.getReceivedMessages()[0];
        MimeMessage second = greenMail.getReceivedMessages()[1];
        assertThat(second.getHeader("In-Reply-To")).containsExactly(first.getMessageID());
        assertThat(second.getHeader("References")).containsExactly(first.getMessageID());
    }

    @Test
    void a_server_that_takes_20_seconds_to_accept_the_data_gets_the_message_once() throws Exception {
        // RFC 5321 4.5.3.2.6: the client waits ten minutes for the reply to the end of DATA
        try (FakeSmtpServer scanning = new FakeSmtpServer(java.time.Duration.ofSeconds(20))) {
            Outcome outcome = smtp(scanning.port(), null).send(MESSAGE, "team@example.com");

            assertThat(outcome).isEqualTo(new Outcome.Delivered());
            assertThat(scanning.messagesReceived()).isEqualTo(1);
        }
    }

    @Test
    void the_client_greets_the_server_with_the_configured_name() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer("250 ok")) {
            EmailNotifier notifier = new EmailNotifier(
                    new EmailNotifier.Settings(
                            "vigil@example.com",
                            null,
                            "127.0.0.1",
                            server.port(),
                            false,
                            null,
                            () -> PASSWORD,
                            "vigil.ops.example.com",
                            null),
                    CLOCK);
            assertThat(notifier.send(MESSAGE, "team@example.com")).isEqualTo(new Outcome.Delivered());
            assertThat(server.greetings()).containsExactly("EHLO vigil.ops.example.com");
        }
    }
}
