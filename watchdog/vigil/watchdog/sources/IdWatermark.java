package vigil.watchdog.sources;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The watermark of a platform whose run ids only grow and whose lists come newest first (n8n
 * executions, GitHub runs, Jenkins builds), written once: a pull reads down to the stored id, and
 * the next watermark is the newest id seen — or just below the oldest run still going, so that run
 * is read again until it finishes. Also the JSON readings those adapters share.
 */
final class IdWatermark {
    private final long after;
    private long newest;
    private long oldestRunning = Long.MAX_VALUE;

    IdWatermark(String watermark) throws SourceException {
        try {
            this.after = watermark == null ? -1 : Long.parseLong(watermark);
        } catch (NumberFormatException e) {
            throw new SourceException(SourceException.Kind.MALFORMED, "a stored watermark is not a run id");
        }
        this.newest = after;
    }

    /** Whether {@code id} is newer than what was stored: when not, paging stops here. */
    boolean isNew(long id) {
        return id > after;
    }

    /** A run read at {@code id}; null when the platform's record is no run (it is passed all the same). */
    void seen(long id, PulledRun run) {
        newest = Math.max(newest, id);
        if (run != null && !run.done()) {
            oldestRunning = Math.min(oldestRunning, id);
        }
    }

    /** The watermark to store after this pull (null: nothing read yet, start from the beginning). */
    String next() {
        long next = oldestRunning == Long.MAX_VALUE ? newest : oldestRunning - 1;
        return next < 0 ? null : Long.toString(next);
    }

    /** An ISO-8601 time, or null when absent; anything else is an answer Vigil cannot read. */
    static Instant instant(String platform, JsonNode text) throws SourceException {
        if (text.isMissingNode() || text.isNull()) {
            return null;
        }
        try {
            return Instant.parse(text.asText());
        } catch (DateTimeParseException e) {
            throw new SourceException(SourceException.Kind.MALFORMED, platform + " gave a time that is not ISO-8601");
        }
    }
}
