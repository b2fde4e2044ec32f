package vigil.inventory.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed 5-field cron expression: minute, hour, day of month, month, day of week. Accepts
 * numbers, ranges ({@code 1-5}), steps ({@code *}{@code /15}, {@code 0-30/10}), lists, month and
 * day names ({@code JAN}, {@code MON}), 0 or 7 for Sunday, and the {@code @hourly}-style macros.
 * As in cron, when both day fields are restricted a day matches if either one does.
 */
public final class CronExpression {
    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");
    private static final List<String> MONTHS =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    /** Long enough for any expression that can fire (Feb 29 on a Monday recurs within 28 years). */
    private static final int MAX_DAYS = 366 * 29;
    /** Clock changes shift local time by at most this much; candidates earlier than that cannot be next. */
    private static final int FLOOR_HOURS = 4;

    private final String source;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean dayOfMonthRestricted;
    private final boolean dayOfWeekRestricted;
    /** Debian cron: a job with '*' in its minute or hour field follows the new local time across DST changes. */
    private final boolean wildcardTime;

    private CronExpression(String source, String[] fields) throws InvalidCronException {
        this.source = source;
        this.minutes = field("minute", fields[0], 0, 59, List.of(), 0);
        this.hours = field("hour", fields[1], 0, 23, List.of(), 0);
        this.daysOfMonth = field("day of month", fields[2], 1, 31, List.of(), 0);
        this.months = field("month", fields[3], 1, 12, MONTHS, 1);
        BitSet dow = field("day of week", fields[4], 0, 7, DAYS, 0);
        if (dow.get(7)) {
            dow.set(0);
            dow.clear(7);
        }
        this.daysOfWeek = dow;
        this.dayOfMonthRestricted = !fields[2].startsWith("*");
        this.dayOfWeekRestricted = !fields[4].startsWith("*");
        this.wildcardTime = fields[0].startsWith("*") || fields[1].startsWith("*");
        if (dayOfMonthRestricted && !dayOfWeekRestricted && !anyDayExists()) {
            throw new InvalidCronException(
                    "day of month '" + fields[2] + "' never occurs in month '" + fields[3] + "'");
        }
    }

    private boolean anyDayExists() {
        int[] longest = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        for (int m = months.nextSetBit(1); m >= 0; m = months.nextSetBit(m + 1)) {
            int first = daysOfMonth.nextSetBit(1);
            if (first >= 0 && first <= longest[m]) {
                return true;
            }
        }
        return false;
    }

    private static final java.util.regex.Pattern DIGITS = java.util.regex.Pattern.compile("[0-9]{1,9}");

    public static CronExpression parse(String expression) throws InvalidCronException {
        String trimmed = expression.trim();
        String expanded = trimmed.startsWith("@") ? MACROS.get(trimmed.toLowerCase(Locale.ROOT)) : trimmed;
        if (expanded == null && trimmed.equalsIgnoreCase("@reboot")) {
            throw new InvalidCronException("@reboot runs once when the machine starts, so no deadline follows from"
                    + " it; write every: DURATION for how often the job should report instead");
        }
        if (expanded == null) {
            throw new InvalidCronException("unknown macro '" + trimmed + "' (use one of @hourly, @daily, @midnight,"
                    + " @weekly, @monthly, @yearly, @annually)");
        }
        String[] fields = expanded.split("\\s+");
        if (fields.length != 5) {
            throw new InvalidCronException(
                    "expected 5 fields (minute hour day-of-month month day-of-week), found " + fields.length);
        }
        return new CronExpression(trimmed, fields);
    }

    private static BitSet field(String name, String text, int min, int max, List<String> names, int nameBase)
            throws InvalidCronException {
        BitSet bits = new BitSet(max + 1);
        for (String part : text.split(",", -1)) {
            if (part.isEmpty()) {
                throw new InvalidCronException(name + " field '" + text + "' has an empty list item");
            }
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(name, part.substring(slash + 1), 1, max, List.of(), 0, "step");
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max == 7 ? 6 : max;
            } else {
                int dash = range.indexOf('-');
                if (dash > 0) {
                    from = number(name, range.substring(0, dash), min, max, names, nameBase, "value");
                    to = number(name, range.substring(dash + 1), min, max, names, nameBase, "value");
                    if (to < from) {
                        throw new InvalidCronException(name + " range '" + range + "' runs backwards");
                    }
                } else if (slash >= 0) {
                    // Debian's crontab refuses a step after a single value
                    throw new InvalidCronException(name + " step '" + part + "' needs a range: write " + range + "-"
                            + max + part.substring(slash) + " or *" + part.substring(slash));
                } else {
                    from = number(name, range, min, max, names, nameBase, "value");
                    to = from;
                }
            }
            for (int v = from; v <= to; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private static int number(String name, String text, int min, int max, List<String> names, int nameBase, String what)
            throws InvalidCronException {
        int byName = names.indexOf(text.toUpperCase(Locale.ROOT));
        if (byName >= 0) {
            return byName + nameBase;
        }
        int value;
        try {
            // ASCII digits only: parseInt also takes a sign and other scripts' digits, which cron does not
            if (!DIGITS.matcher(text).matches()) {
                throw new NumberFormatException(text);
            }
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new InvalidCronException(name + " " + what + " '" + text + "' is not a number"
                    + (names.isEmpty()
                            ? ""
                            : " or a name (" + names.get(0) + ".." + names.get(names.size() - 1) + ")"));
        }
        int low = what.equals("step") ? 1 : min;
        if (value < low || value > max) {
            throw new InvalidCronException(name + " " + what + " " + value + " is out of range " + low + "-" + max);
        }
        return value;
    }

    public String source() {
        return source;
    }

    public boolean minute(int m) {
        return minutes.get(m);
    }

    public boolean hour(int h) {
        return hours.get(h);
    }

    public boolean month(int m) {
        return months.get(m);
    }

    /** Day match with cron's rule: if both day fields are restricted, either may match. */
    public boolean day(int dayOfMonth, int dayOfWeekSundayZero) {
        boolean dom = daysOfMonth.get(dayOfMonth);
        boolean dow = daysOfWeek.get(dayOfWeekSundayZero);
        if (dayOfMonthRestricted && dayOfWeekRestricted) {
            return dom || dow;
        }
        return dom && dow;
    }

    /**
     * True when the minute or hour field starts with '*' (like {@code @hourly} or {@code *}{@code /15 * * * *}).
     * Debian cron runs such jobs by the new local time when clocks change: not at all in a skipped
     * hour, in both copies of a repeated hour. Jobs at fixed times run once at the first valid
     * time after a skipped hour, and once (the first time) in a repeated hour.
     */
    public boolean wildcardTime() {
        return wildcardTime;
    }

    /** The first due instant strictly after {@code after}, with the time zone rules above. */
    public Instant next(Instant after, ZoneId zone) {
        LocalDateTime floor = after.atZone(zone).toLocalDateTime().minusHours(FLOOR_HOURS);
        LocalDate start = floor.toLocalDate();
        for (int i = 0; i < MAX_DAYS; i++) {
            LocalDate day = start.plusDays(i);
            Instant best = null;
            for (LocalDate d : new LocalDate[] {day, day.plusDays(1)}) {
                for (Instant candidate : instantsOn(d, zone, floor)) {
                    if (candidate.isAfter(after) && (best == null || candidate.isBefore(best))) {
                        best = candidate;
                    }
                }
            }
            if (best != null) {
                return best;
            }
        }
        throw new IllegalStateException("cron expression '" + source + "' never fires");
    }

    /** The next {@code count} due instants strictly after {@code after}. */
    public List<Instant> next(Instant after, ZoneId zone, int count) {
        List<Instant> out = new ArrayList<>(count);
        Instant cursor = after;
        for (int i = 0; i < count; i++) {
            cursor = next(cursor, zone);
            out.add(cursor);
        }
        return out;
    }

    /** Every due instant on one local day from {@code floor} on, in no particular order. */
    private List<Instant> instantsOn(LocalDate day, ZoneId zone, LocalDateTime floor) {
        if (!months.get(day.getMonthValue())
                || !day(day.getDayOfMonth(), day.getDayOfWeek().getValue() % 7)) {
            return List.of();
        }
        ZoneRules rules = zone.getRules();
        List<Instant> out = new ArrayList<>();
        for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
            if (day.atTime(h, 59).isBefore(floor)) {
                continue;
            }
            for (int m = minutes.nextSetBit(0); m >= 0; m = minutes.nextSetBit(m + 1)) {
                LocalDateTime local = day.atTime(h, m);
                List<ZoneOffset> offsets = rules.getValidOffsets(local);
                if (offsets.size() == 1) {
                    out.add(local.toInstant(offsets.get(0)));
                } else if (offsets.isEmpty()) {
                    if (!wildcardTime) {
                        out.add(rules.getTransition(local).getInstant());
                    }
                } else {
                    out.add(local.toInstant(offsets.get(0)));
                    if (wildcardTime) {
                        out.add(local.toInstant(offsets.get(1)));
                    }
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return source;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CronExpression c && c.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }
}
