package vigil.testing;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** What a GreenMail server received, as "recipient subject" lines, sorted; and mails written to a directory. */
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

    /** The .eml files the {@code directory} mail transport wrote into {@code box}, by name. */
    public static List<java.nio.file.Path> files(java.nio.file.Path box) throws java.io.IOException {
        if (!java.nio.file.Files.isDirectory(box)) {
            return List.of();
        }
        try (var files = java.nio.file.Files.list(box)) {
            return files.filter(f -> f.toString().endsWith(".eml")).sorted().toList();
        }
    }

    /** A written .eml file as a message. */
    public static MimeMessage read(java.nio.file.Path eml) throws Exception {
        try (var in = java.nio.file.Files.newInputStream(eml)) {
            return new MimeMessage(jakarta.mail.Session.getInstance(new java.util.Properties()), in);
        }
    }

    /** A multipart alert's plain-text part, its whitespace runs as single spaces. */
    public static String plainText(MimeMessage m) throws Exception {
        return ((jakarta.mail.internet.MimeMultipart) m.getContent())
                .getBodyPart(0)
                .getContent()
                .toString()
                .replaceAll("\\s+", " ");
    }

    private static String line(MimeMessage m) {
        try {
            return m.getAllRecipients()[0] + " " + m.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
