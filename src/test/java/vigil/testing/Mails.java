package vigil.testing;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** What a GreenMail server received, as "recipient subject" lines, sorted. */
public final class Mails {
    private Mails() {}

    public static List<String> received(GreenMail mail) {
        return Arrays.stream(mail.getReceivedMessages())
                .map(Mails::line)
                .sorted()
                .toList();
    }

    /** The lines whose subject names a weekly summary. */
    public static List<String> summaries(GreenMail mail) {
        return received(mail).stream().filter(r -> r.contains("Week ending")).toList();
    }

    /** Waits up to 30 s until {@code count} received lines match. */
    public static void await(GreenMail mail, Predicate<String> which, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (received(mail).stream().filter(which).count() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static String line(MimeMessage m) {
        try {
            return m.getAllRecipients()[0] + " " + m.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
