package vigil.inventory.load;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}, {@code 1w}, combinations like {@code 1h30m}, and ISO-8601. */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d+)([smhdw])");
    private static final Pattern SHORT_ALL = Pattern.compile("(\\d+[smhdw])+");

    /** The longest grace a workflow may have. */
    public static final Duration MAX_GRACE = Duration.ofDays(365);
    /** The longest {@code every:} interval; rarer runs are written as a cron schedule. */
    public static final Duration MAX_EVERY = Duration.ofDays(366);

    private Durations() {}

    public static Optional<Duration> parse(String text) {
        String t = text.trim();
        if (SHORT_ALL.matcher(t).matches()) {
            try {
                return Optional.of(sum(t));
            } catch (ArithmeticException | NumberFormatException e) {
                return Optional.empty();
            }
        }
        if (t.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                return Optional.of(Duration.parse(t));
            } catch (DateTimeParseException | ArithmeticException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Duration sum(String t) {
        Duration total = Duration.ZERO;
        Matcher m = SHORT.matcher(t);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(
                    switch (m.group(2)) {
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        case "d" -> Duration.ofDays(n);
                        default -> Duration.ofDays(Math.multiplyExact(7, n));
                    });
        }
        return total;
    }

    /** Whole days as {@code 365d} (not {@code 52w1d}); anything else as {@link #format}. */
    public static String inDays(Duration d) {
        return !d.isZero() && d.equals(Duration.ofDays(d.toDays())) ? d.toDays() + "d" : format(d);
    }

    /** Shortest human form: {@code 90m} prints as {@code 1h30m}. */
    public static String format(Duration d) {
        long s = d.getSeconds();
        if (s == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        long[] units = {604800, 86400, 3600, 60, 1};
        String[] names = {"w", "d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (s >= units[i]) {
                b.append(s / units[i]).append(names[i]);
                s %= units[i];
            }
        }
        return b.toString();
    }
}
