package vigil.watchdog.summary;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Seven days ending on {@code ending} (inclusive), in one time zone: from the first day's midnight
 * to the midnight after the last day. A day may last 23 or 25 hours when the clocks change.
 */
public record Week(LocalDate ending, ZoneId zone) {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);
    private static final DateTimeFormatter DAY_YEAR = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);

    /** The seven complete days before {@code at}: the week ends the day before. */
    public static Week before(Instant at, ZoneId zone) {
        return new Week(at.atZone(zone).toLocalDate().minusDays(1), zone);
    }

    public LocalDate first() {
        return ending.minusDays(6);
    }

    public Instant start() {
        return first().atStartOfDay(zone).toInstant();
    }

    public Instant end() {
        return ending.plusDays(1).atStartOfDay(zone).toInstant();
    }

    public List<LocalDate> days() {
        return Stream.iterate(first(), d -> d.plusDays(1)).limit(7).toList();
    }

    /** The index (0–6) of the day {@code at} falls on, or -1 outside the week. */
    public int dayOf(Instant at) {
        if (at.isBefore(start()) || !at.isBefore(end())) {
            return -1;
        }
        return (int) (at.atZone(zone).toLocalDate().toEpochDay() - first().toEpochDay());
    }

    /** "Mon 16 Nov – Sun 22 Nov 2026". */
    public String describe() {
        return DAY.format(first()) + " – " + DAY_YEAR.format(ending);
    }

    static String day(LocalDate date) {
        return DAY.format(date);
    }
}
