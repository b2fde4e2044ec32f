package vigil.notifiers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.testing.Certificates;
import vigil.testing.FakeSmtpServer;

/**
 * STARTTLS against a server whose certificate keytool made: a private CA is trusted only when
 * named, and a failed handshake is explained in words, not as "Could not convert socket to TLS".
 */
class EmailTlsTest {
    @TempDir
    Path dir;

    static EmailNotifier notifier(int port, Path ca) {
        return new EmailNotifier(
                new EmailNotifier.Settings(
                        "vigil@example.com", null, "127.0.0.1", port, true, null, () -> "", null, ca),
                EmailNotifierTest.CLOCK);
    }

    @Test
    void a_certificate_from_an_unknown_ca_is_retried_with_the_reason_and_the_setting_that_fixes_it() throws Exception {
        Certificates certificates = Certificates.selfSigned(dir, "ip:127.0.0.1");
        try (FakeSmtpServer server = new FakeSmtpServer(certificates.serverContext())) {
            Outcome outcome = notifier(server.port(), null).send(EmailNotifierTest.MESSAGE, "team@example.com");

            assertThat(outcome).isInstanceOf(Outcome.Retry.class);
            assertThat(((Outcome.Retry) outcome).reason())
                    .isEqualTo("TLS with 127.0.0.1:" + server.port() + " failed: the server's certificate is not signed"
                            + " by a CA this machine trusts (for a private CA, set mail.smtp.ca to its PEM file)")
                    .doesNotContain("convert socket");
            assertThat(server.messagesReceived()).isZero();
        }
    }

    @Test
    void with_the_private_ca_named_the_message_goes_over_tls() throws Exception {
        Certificates certificates = Certificates.selfSigned(dir, "ip:127.0.0.1");
        try (FakeSmtpServer server = new FakeSmtpServer(certificates.serverContext())) {
            Outcome outcome =
                    notifier(server.port(), certificates.pem()).send(EmailNotifierTest.MESSAGE, "team@example.com");

            assertThat(outcome).isEqualTo(new Outcome.Delivered());
            assertThat(server.messagesReceived()).isEqualTo(1);
            assertThat(server.greetings()).as("greeted again after STARTTLS").hasSize(2);
        }
    }

    @Test
    void a_trusted_certificate_for_another_name_is_refused_naming_the_host() throws Exception {
        Certificates certificates = Certificates.selfSigned(dir, "dns:mail.example.com");
        try (FakeSmtpServer server = new FakeSmtpServer(certificates.serverContext())) {
            Outcome outcome =
                    notifier(server.port(), certificates.pem()).send(EmailNotifierTest.MESSAGE, "team@example.com");

            assertThat(outcome).isInstanceOf(Outcome.Retry.class);
            assertThat(((Outcome.Retry) outcome).reason())
                    .endsWith("failed: the server's certificate does not name 127.0.0.1");
            assertThat(server.messagesReceived()).isZero();
        }
    }
}
