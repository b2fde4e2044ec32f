package vigil.watchdog.http;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Query parameters that name a time. Java parses years up to a billion, but no schedule, week or
 * run lies outside 1970–9999, and arithmetic on such dates overflows deep in the evaluator; so a
 * time outside those years is the client's error (400), said plainly.
 */
public final class Params {
    private static final LocalDate FIRST = LocalDate.of(1970, 1, 1);
    private static final LocalDate LAST = LocalDate.of(9999, 12, 31);

    private Params() {}

    /** An instant like {@code 2026-11-27T09:00:00Z}, in 1970–9999. */
    public static Instant instant(String name, String text) {
        Instant at;
        try {
            at = Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new HttpError(400, name + " must be an instant like 2026-11-27T09:00:00Z, not '" + text + "'");
        }
        within(name, text, LocalDate.ofInstant(at, ZoneOffset.UTC));
        return at;
    }

    /** A date like {@code 2026-11-22}, in 1970–9999. */
    public static LocalDate date(String name, String text) {
        LocalDate date;
        try {
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new HttpError(400, name + " must be a date like 2026-11-22, not '" + text + "'");
        }
        within(name, text, date);
        return date;
    }

    private static void within(String name, String text, LocalDate day) {
        if (day.isBefore(FIRST) || day.isAfter(LAST)) {
            throw new HttpError(400, name + " must lie between 1970 and 9999, not '" + text + "'");
        }
    }
}
