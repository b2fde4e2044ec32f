package vigil.inventory.load;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reading single values of the inventory — addresses, time zones, durations, ids — each wrong one
 * recorded as a problem at its line and column.
 */
final class Values {
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");

    private final Problems problems;

    Values(Problems problems) {
        this.problems = problems;
    }

    Optional<Located<String>> email(Located<String> text) {
        String value = text.value().trim();
        if (!EMAIL.matcher(value).matches()) {
            text.problem(problems, "invalid email address '" + value + "'");
            return Optional.empty();
        }
        return Optional.of(new Located<>(value.toLowerCase(Locale.ROOT), text.file(), text.path(), text.node()));
    }

    Optional<ZoneId> zone(Located<String> text) {
        try {
            return Optional.of(ZoneId.of(text.value()));
        } catch (java.time.DateTimeException e) {
            text.problem(
                    problems,
                    "unknown time zone '" + text.value() + "'"
                            + (text.value().contains("/")
                                    ? Suggest.hint(text.value(), ZoneId.getAvailableZoneIds())
                                    : "")
                            + " (use an IANA name like Europe/Berlin)");
            return Optional.empty();
        }
    }

    Optional<Duration> duration(Located<String> text) {
        Optional<Duration> parsed = Durations.parse(text.value());
        if (parsed.isEmpty()) {
            text.problem(
                    problems,
                    "invalid duration '" + text.value() + "' (use 30s, 5m, 1h, 1d, 1w or ISO-8601 like PT1H)");
        }
        return parsed;
    }

    /**
     * A duration within [{@code min}, {@code max}]; out of bounds is a problem that names them
     * (a negative grace would alert at once, a huge one overflow every date computed from it).
     */
    Optional<Duration> duration(Located<String> text, Duration min, Duration max) {
        return duration(text).filter(d -> {
            if (d.compareTo(min) >= 0 && d.compareTo(max) <= 0) {
                return true;
            }
            text.problem(
                    problems,
                    "'" + text.value() + "' is out of bounds: write a duration from " + Durations.inDays(min) + " to "
                            + Durations.inDays(max));
            return false;
        });
    }

    boolean matches(Located<String> id, Pattern pattern, String rule) {
        if (pattern.matcher(id.value()).matches()) {
            return true;
        }
        id.problem(problems, "invalid id '" + id.value() + "' (must match " + rule + ")");
        return false;
    }

    static String where(Located<?> located) {
        return located.file() + ":" + (located.node().getStartMark().getLine() + 1) + ":"
                + (located.node().getStartMark().getColumn() + 1);
    }
}
