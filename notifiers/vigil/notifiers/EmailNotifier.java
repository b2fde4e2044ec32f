package vigil.notifiers;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Date;
import java.util.Properties;
import java.util.function.Supplier;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.util.MailConnectException;

/**
 * Email as multipart text + HTML, through SMTP (STARTTLS required or off, optional login, all
 * timeouts set) or into a directory as {@code .eml} files. A 5xx rejection of the recipient is
 * permanent; a 4xx, an unreachable server or a failed login is worth retrying.
 */
public final class EmailNotifier implements Notifier {
    /** How long to wait for a connection. */
    private static final int CONNECT_MS = 30_000;
    /**
     * How long to wait for any reply: RFC 5321 §4.5.3.2 gives the reply to the end of DATA ten
     * minutes (servers scan the message then), so a shorter wait sends the message again.
     */
    private static final int REPLY_MS = 600_000;
    /** How long one block of DATA may take to write (RFC 5321: three minutes). */
    private static final int WRITE_MS = 180_000;

    /**
     * {@code password} is asked for only when sending; it never appears in an outcome. {@code ehlo}
     * is the name the client greets the server with (null: this host's name); {@code ca}, a PEM
     * file of the certificates to trust for STARTTLS instead of the JVM's (a private CA).
     */
    public record Settings(
            String from,
            Path directory,
            String host,
            int port,
            boolean starttlsRequired,
            String username,
            Supplier<String> password,
            String ehlo,
            Path ca) {

        public Settings(
                String from,
                Path directory,
                String host,
                int port,
                boolean starttlsRequired,
                String username,
                Supplier<String> password) {
            this(from, directory, host, port, starttlsRequired, username, password, null, null);
        }

        public static Settings directory(String from, Path directory) {
            return new Settings(from, directory, null, 0, false, null, null);
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final Session session;

    public EmailNotifier(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        Properties p = new Properties();
        if (settings.host() != null) {
            p.setProperty("mail.smtp.host", settings.host());
            p.setProperty("mail.smtp.port", Integer.toString(settings.port()));
            p.setProperty("mail.smtp.connectiontimeout", Integer.toString(CONNECT_MS));
            p.setProperty("mail.smtp.timeout", Integer.toString(REPLY_MS));
            p.setProperty("mail.smtp.writetimeout", Integer.toString(WRITE_MS));
            p.setProperty("mail.smtp.starttls.enable", Boolean.toString(settings.starttlsRequired()));
            p.setProperty("mail.smtp.starttls.required", Boolean.toString(settings.starttlsRequired()));
            p.setProperty("mail.smtp.auth", Boolean.toString(settings.username() != null));
            if (settings.ehlo() != null) {
                p.setProperty("mail.smtp.localhost", settings.ehlo());
            }
            // the certificate must name the host we connect to
            p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            if (settings.ca() != null) {
                p.put("mail.smtp.ssl.socketFactory", Tls.trusting(settings.ca()).getSocketFactory());
            }
        }
        this.session = Session.getInstance(p);
    }

    @Override
    public Outcome send(Message message, String address) {
        MimeMessage mime;
        try {
            mime = mime(message, address);
        } catch (MessagingException e) {
            return new Outcome.Permanent("cannot address mail to '" + address + "': " + e.getMessage(), false);
        }
        return settings.host() == null ? toDirectory(mime, message) : toServer(mime);
    }

    /**
     * The Message-ID of the message sent with idempotency key {@code key}: the same on every attempt,
     * in the sender's domain (RFC 5322 §3.6.4), so a repeat is visible as one and replies thread.
     */
    String messageId(String key) {
        String from = settings.from();
        int at = from.lastIndexOf('@');
        String domain = at < 0 || at == from.length() - 1 ? "localhost" : from.substring(at + 1);
        return "<" + key.replaceAll("[^A-Za-z0-9._-]", "_") + "@" + domain.replaceAll("[^A-Za-z0-9.-]", "") + ">";
    }

    private MimeMessage mime(Message message, String address) throws MessagingException {
        String id = messageId(message.idempotencyKey());
        MimeMessage mime = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", id);
            }
        };
        // RFC 3834: vacation and out-of-office responders stay quiet
        mime.setHeader("Auto-Submitted", "auto-generated");
        if (message.repliesTo() != null) {
            String earlier = messageId(message.repliesTo());
            mime.setHeader("In-Reply-To", earlier);
            mime.setHeader("References", earlier);
        }
        mime.setFrom(new InternetAddress(settings.from()));
        mime.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(address, true));
        mime.setSubject(message.subject(), "UTF-8");
        mime.setSentDate(Date.from(clock.instant()));
        MimeBodyPart text = new MimeBodyPart();
        text.setText(message.text(), "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setContent(message.html(), "text/html; charset=UTF-8");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        mime.setContent(alternative);
        mime.saveChanges();
        return mime;
    }

    private Outcome toServer(MimeMessage mime) {
        try {
            if (settings.username() != null) {
                Transport.send(mime, settings.username(), settings.password().get());
            } else {
                Transport.send(mime);
            }
            return new Outcome.Delivered();
        } catch (SendFailedException e) {
            return rejected(e);
        } catch (AuthenticationFailedException e) {
            return new Outcome.Retry("the mail server refused the login for user '" + settings.username() + "'");
        } catch (MailConnectException e) {
            return new Outcome.Retry("mail server " + settings.host() + ":" + settings.port() + " unreachable");
        } catch (MessagingException e) {
            String tls = Tls.failure(e, settings.host());
            if (tls != null) {
                return new Outcome.Retry("TLS with " + settings.host() + ":" + settings.port() + " failed: " + tls);
            }
            return new Outcome.Retry("sending mail failed: " + firstLine(e.getMessage()));
        }
    }

    /** 5xx for the recipient: permanent; anything else: retry. */
    private static Outcome rejected(SendFailedException e) {
        for (Exception next = e.getNextException(); next != null; ) {
            if (next instanceof SMTPAddressFailedException failed) {
                String reason = firstLine(failed.getMessage());
                return failed.getReturnCode() >= 500
                        ? new Outcome.Permanent("recipient rejected: " + reason, true)
                        : new Outcome.Retry("recipient deferred: " + reason);
            }
            next = next instanceof MessagingException m ? m.getNextException() : null;
        }
        return e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0
                ? new Outcome.Permanent("recipient rejected: " + firstLine(e.getMessage()), true)
                : new Outcome.Retry("sending mail failed: " + firstLine(e.getMessage()));
    }

    /** One .eml file per (message, recipient): written once, atomically; a repeat is a no-op. */
    private Outcome toDirectory(MimeMessage mime, Message message) {
        try {
            Files.createDirectories(settings.directory());
            Path file =
                    settings.directory().resolve(message.idempotencyKey().replaceAll("[^A-Za-z0-9._-]", "_") + ".eml");
            if (Files.exists(file)) {
                return new Outcome.Delivered();
            }
            Path tmp = Files.createTempFile(settings.directory(), ".mail-", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                mime.writeTo(out);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            return new Outcome.Delivered();
        } catch (IOException | MessagingException e) {
            return new Outcome.Retry("cannot write mail to " + settings.directory() + ": " + e.getMessage());
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return (nl < 0 ? text : text.substring(0, nl)).trim();
    }
}
