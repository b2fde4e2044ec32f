package vigil.watchdog.render;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Plain-text mail as people read it: lines of at most 80 columns, times in a zone, in words. */
public final class Text {
    /** Universal time, named "UTC" (ZoneOffset.UTC prints as "Z"). */
    public static final ZoneId UTC = ZoneId.of("UTC");

    /** The widest line of a text part. */
    public static final int WIDTH = 80;

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm zzz", Locale.ENGLISH);

    private Text() {}

    /** An instant as a person reads it in {@code zone}: "Mon 23 Nov 2026 03:35 CET". */
    public static String when(Instant at, ZoneId zone) {
        return WHEN.format(at.atZone(zone));
    }

    /** Appends {@code text} word-wrapped at {@link #WIDTH}: {@code indent} first, {@code hanging} after. */
    public static void wrap(StringBuilder t, String text, String indent, String hanging) {
        int room = WIDTH - indent.length();
        String rest = text;
        String lead = indent;
        while (rest.length() > room) {
            int cut = rest.lastIndexOf(' ', room);
            if (cut <= 0) {
                cut = room;
            }
            t.append(lead).append(rest, 0, cut).append('\n');
            rest = rest.substring(cut).stripLeading();
            lead = hanging;
            room = WIDTH - lead.length();
        }
        t.append(lead).append(rest).append('\n');
    }

    /**
     * Every line of {@code text} wrapped at {@link #WIDTH}; a wrapped line goes on indented two
     * more than it began, so that what belongs together stays visible.
     */
    public static String wrapLines(String text) {
        StringBuilder t = new StringBuilder(text.length() + 64);
        for (String line : text.split("\n", -1)) {
            if (line.length() <= WIDTH) {
                t.append(line).append('\n');
                continue;
            }
            int body = 0;
            while (body < line.length() && line.charAt(body) == ' ') {
                body++;
            }
            String indent = line.substring(0, Math.min(body, WIDTH / 2));
            wrap(t, line.substring(body), indent, indent + "  ");
        }
        t.setLength(t.length() - 1);
        return t.toString();
    }
}
