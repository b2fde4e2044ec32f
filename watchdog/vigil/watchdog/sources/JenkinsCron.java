package vigil.watchdog.sources;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vigil.inventory.schedule.CronExpression;
import vigil.inventory.schedule.InvalidCronException;

/**
 * A Jenkins timer trigger's {@code spec} read as Jenkins reads it (core's {@code
 * hudson.scheduler}: {@code CronTabList.create}, {@code CronTab}, the {@code CrontabParser}
 * grammar and {@code BaseParser}), each line one 5-field cron as Vigil writes it.
 *
 * <p>The spec is split into lines; each is trimmed; a first line {@code TZ=Zone} names the zone
 * of all the others (a Java time zone id, else Jenkins refuses the spec); blank lines and lines
 * starting with {@code #} are skipped. A line is five fields (minute 0–59, hour 0–23, day of month
 * 1–31, month 1–12, day of week 0–7, 7 being Sunday again), each terms joined by {@code ,}: {@code
 * N}, {@code N-M}, {@code N-M/S}, {@code *}, {@code *}{@code /S}, and Jenkins' hashed forms {@code
 * H}, {@code H/S}, {@code H(N-M)}, {@code H(N-M)/S}; or one of {@code @yearly}, {@code @annually}
 * ({@code H H H H *}), {@code @monthly} ({@code H H H * *}), {@code @weekly} ({@code H H * * H}),
 * {@code @daily} ({@code H H * * *}), {@code @midnight} ({@code H H(0-2) * * *}), {@code @hourly}
 * ({@code H * * * *}). No month or day names.
 *
 * <p>{@code H} picks from the field's range — day of month 1–28 and day of week 0–6 for a bare
 * {@code H} — with {@link Hash}, seeded by the job's full name; one hash serves the whole spec,
 * drawn term by term, field by field, line by line, as the parser meets them. Without a step it
 * picks one value ({@code H/1} too, as in Jenkins); with step S it picks the first value among the
 * first S and steps from there. (A Jenkins started with {@code
 * -Dhudson.scheduler.BaseParser.hash=false} does not hash the {@code @} forms; that setting is not
 * visible remotely.)
 *
 * <p>Jenkins runs a job when every field matches, day of month and day of week both; cron (and
 * Vigil) runs it when either day field does, if both are restricted. A line restricting both is
 * therefore a problem, not a schedule. A line Jenkins cannot parse makes Jenkins refuse the whole
 * spec: then there is no schedule at all, and a problem quoting the line.
 */
final class JenkinsCron {
    private static final int[] LOW = {0, 0, 1, 1, 0};
    private static final int[] HIGH = {59, 23, 31, 12, 7};
    private static final String[] FIELDS = {"minute", "hour", "day of month", "month", "day of week"};

    private static final Map<String, String> KEYWORDS = Map.of(
            "@yearly", "H H H H *",
            "@annually", "H H H H *",
            "@monthly", "H H H * *",
            "@weekly", "H H * * H",
            "@daily", "H H * * *",
            "@midnight", "H H(0-2) * * *",
            "@hourly", "H * * * *");

    private static final Pattern RANGE = Pattern.compile("(\\d+)-(\\d+)(?:/(\\d+))?");
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern STAR = Pattern.compile("\\*(?:/(\\d+))?");
    private static final Pattern HASH_RANGE = Pattern.compile("H\\((\\d+)-(\\d+)\\)(?:/(\\d+))?");
    private static final Pattern HASH = Pattern.compile("H(?:/(\\d+))?");

    private static final Set<String> JAVA_ZONES = Set.of(java.util.TimeZone.getAvailableIDs());

    private JenkinsCron() {}

    /** What a spec says: its schedules, the zone they are read in (null: the server's), what was not read. */
    record Read(List<String> schedules, String timezone, List<String> problems) {}

    /** A line Jenkins' parser refuses, in words. */
    private static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** The spec of a timer trigger of the job named {@code job} (its full name, folders with {@code /}). */
    static Read read(String spec, String job) {
        Hash hash = Hash.from(job);
        String zone = null;
        List<String> schedules = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = spec.split("\\r?\\n");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].trim();
            if (n == 0 && line.startsWith("TZ=")) {
                String name = line.substring(3);
                if (!JAVA_ZONES.contains(name)) {
                    return refused("'TZ=" + name + "' names no time zone Jenkins knows");
                }
                zone = ZoneId.of(name, ZoneId.SHORT_IDS).getId();
                continue;
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            long[] bits;
            try {
                bits = parse(KEYWORDS.getOrDefault(line, line), hash);
            } catch (Refused e) {
                return refused("line " + (n + 1) + " '" + line + "': " + e.getMessage());
            }
            schedule(line, bits, schedules, problems);
        }
        return new Read(schedules, zone, problems);
    }

    private static Read refused(String why) {
        return new Read(
                List.of(), null, List.of("Jenkins refuses the timer trigger's spec (" + why + "): it starts no build"));
    }

    /** The line's five fields as bit sets, day of week with 7 folded onto 0 as Jenkins does. */
    private static long[] parse(String line, Hash hash) throws Refused {
        String[] fields = line.split("[ \\t]+");
        if (fields.length != 5) {
            throw new Refused("five fields expected, as in 'H 2 * * 1-5'");
        }
        long[] bits = new long[5];
        for (int f = 0; f < 5; f++) {
            for (String term : fields[f].split(",", -1)) {
                bits[f] |= term(term, f, hash);
            }
        }
        if ((bits[4] & (1L << 7)) != 0) {
            bits[4] = (bits[4] | 1L) & ~(1L << 7);
        }
        return bits;
    }

    private static long term(String term, int f, Hash hash) throws Refused {
        Matcher m;
        if ((m = RANGE.matcher(term)).matches()) {
            return range(number(m.group(1)), number(m.group(2)), step(m.group(3)), f);
        }
        if (NUMBER.matcher(term).matches()) {
            int value = number(term);
            check(value, f);
            return 1L << value;
        }
        if ((m = STAR.matcher(term)).matches()) {
            return range(LOW[f], HIGH[f], step(m.group(1)), f);
        }
        if ((m = HASH_RANGE.matcher(term)).matches()) {
            return hashed(number(m.group(1)), number(m.group(2)), step(m.group(3)), f, hash);
        }
        if ((m = HASH.matcher(term)).matches()) {
            int high = f == 2 ? 28 : f == 4 ? 6 : HIGH[f];
            return hashed(LOW[f], high, step(m.group(1)), f, hash);
        }
        throw new Refused("'" + term + "' is no " + FIELDS[f] + " Jenkins reads");
    }

    private static long range(int start, int end, int step, int f) throws Refused {
        check(start, f);
        check(end, f);
        if (step <= 0) {
            throw new Refused("step " + step + " must be positive");
        }
        if (start > end) {
            throw new Refused(FIELDS[f] + " range " + start + "-" + end + " is reversed");
        }
        long bits = 0;
        for (int i = start; i <= end; i += step) {
            bits |= 1L << i;
        }
        return bits;
    }

    /** {@code H(start-end)/step}: with a step, every step-th value from a hashed start; else one hashed value. */
    private static long hashed(int start, int end, int step, int f, Hash hash) throws Refused {
        check(start, f);
        check(end, f);
        if (start > end) {
            throw new Refused(FIELDS[f] + " range " + start + "-" + end + " is reversed");
        }
        if (step > end - start + 1) {
            throw new Refused("step " + step + " is longer than the " + FIELDS[f] + " range " + start + "-" + end);
        }
        if (step <= 0) {
            throw new Refused("step " + step + " must be positive");
        }
        if (step == 1) {
            return 1L << (start + hash.next(end + 1 - start));
        }
        long bits = 0;
        for (int i = start + hash.next(step); i <= end; i += step) {
            bits |= 1L << i;
        }
        return bits;
    }

    private static void check(int value, int f) throws Refused {
        if (value < LOW[f] || value > HIGH[f]) {
            throw new Refused(value + " is outside the " + FIELDS[f] + " range " + LOW[f] + "-" + HIGH[f]);
        }
    }

    /** No step written is Jenkins' NO_STEP, 1. */
    private static int step(String text) throws Refused {
        return text == null ? 1 : number(text);
    }

    private static int number(String digits) throws Refused {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new Refused("'" + digits + "' is too large");
        }
    }

    /** The fields as one cron Vigil reads, or a problem when Jenkins' meaning cannot be written so. */
    private static void schedule(String line, long[] bits, List<String> schedules, List<String> problems) {
        boolean anyDay = bits[2] == full(1, 31);
        boolean anyWeekday = bits[4] == full(0, 6);
        if (!anyDay && !anyWeekday) {
            problems.add("timer line '" + line + "': Jenkins runs it on days matching both its day of month and"
                    + " its day of week; a cron runs on either, so Vigil writes no schedule for it");
            return;
        }
        String cron = String.join(
                " ",
                field(bits[0], 0, 59),
                field(bits[1], 0, 23),
                field(bits[2], 1, 31),
                field(bits[3], 1, 12),
                field(bits[4], 0, 6));
        try {
            CronExpression.parse(cron);
        } catch (InvalidCronException e) {
            problems.add("timer line '" + line + "' (" + cron + "): " + e.getMessage());
            return;
        }
        if (!schedules.contains(cron)) {
            schedules.add(cron);
        }
    }

    private static long full(int low, int high) {
        long bits = 0;
        for (int i = low; i <= high; i++) {
            bits |= 1L << i;
        }
        return bits;
    }

    /** A bit set as a cron field: {@code *}, {@code 11-56/15} for an even step, else values and runs. */
    static String field(long bits, int low, int high) {
        if (bits == full(low, high)) {
            return "*";
        }
        List<Integer> values = new ArrayList<>();
        for (int i = low; i <= high; i++) {
            if ((bits & (1L << i)) != 0) {
                values.add(i);
            }
        }
        int n = values.size();
        if (n >= 3) {
            int step = values.get(1) - values.get(0);
            boolean even = step > 1;
            for (int i = 2; i < n && even; i++) {
                even = values.get(i) - values.get(i - 1) == step;
            }
            if (even) {
                return values.get(0) + "-" + values.get(n - 1) + "/" + step;
            }
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && values.get(j + 1) == values.get(j) + 1) {
                j++;
            }
            b.append(b.isEmpty() ? "" : ",").append(values.get(i));
            if (j - i >= 2) {
                b.append('-').append(values.get(j));
                i = j + 1;
            } else {
                i++;
            }
        }
        return b.toString();
    }

    /**
     * Jenkins' {@code hudson.scheduler.Hash.from(seed)}: the MD5 of the seed's UTF-8 bytes, its
     * second eight bytes XOR-ed onto the first eight, those read big-endian as the seed of a {@code
     * java.util.Random}; {@code next(n)} is {@code nextInt(n)}.
     */
    static final class Hash {
        private final Random random;

        private Hash(long seed) {
            this.random = new Random(seed);
        }

        static Hash from(String seed) {
            byte[] md5;
            try {
                md5 = MessageDigest.getInstance("MD5").digest(seed.getBytes(StandardCharsets.UTF_8));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has MD5", e);
            }
            long folded = 0;
            for (int i = 0; i < 8; i++) {
                folded = (folded << 8) | ((md5[i] ^ md5[i + 8]) & 0xFF);
            }
            return new Hash(folded);
        }

        int next(int n) {
            return random.nextInt(n);
        }
    }
}
