package vigil.watchdog.runs;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What a run's log says, for people: a job's error is at the end of its output (and runitor and
 * {@code vigil run} put the exit status last), so messages show the tail and the last meaningful
 * line, never the head.
 */
public final class RunLog {
    /** Lines that repeat what the run's status already says. */
    private static final Pattern NOISE = Pattern.compile("(?i)\\W*|exit status \\d+|\\W*(done|end|finished)\\W*");

    private RunLog() {}

    /** The last {@code lines} lines of a log, at most {@code chars} characters, and what was left out. */
    public record Tail(String text, int linesCut) {
        /** A note on what was left out, e.g. "… 41 earlier lines not shown", or empty. */
        public String note() {
            return linesCut == 0 ? "" : "… " + linesCut + " earlier line" + (linesCut == 1 ? "" : "s") + " not shown";
        }
    }

    /** The end of {@code body}: whole lines, at most {@code lines} of them and {@code chars} characters. */
    public static Tail tail(String body, int lines, int chars) {
        List<String> all = body == null ? List.of() : body.strip().lines().toList();
        int from = Math.max(0, all.size() - lines);
        int length = -1;
        for (int i = all.size() - 1; i >= from; i--) {
            int next = length + 1 + all.get(i).length();
            if (next > chars) {
                if (i == all.size() - 1) {
                    // one line longer than the whole budget: its end
                    String line = all.get(i);
                    return new Tail("…" + line.substring(line.length() - chars + 1), i);
                }
                from = i + 1;
                break;
            }
            length = next;
        }
        return new Tail(String.join("\n", all.subList(from, all.size())), from);
    }

    /** The last line that says something (not blank, not only the exit status), or empty. */
    public static String lastMeaningfulLine(String body) {
        if (body == null) {
            return "";
        }
        List<String> all = body.strip().lines().toList();
        for (int i = all.size() - 1; i >= 0; i--) {
            String line = all.get(i).strip();
            if (!NOISE.matcher(line).matches()) {
                return line;
            }
        }
        return all.isEmpty() ? "" : all.get(all.size() - 1).strip();
    }
}
