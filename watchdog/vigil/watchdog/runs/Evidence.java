package vigil.watchdog.runs;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * What the runs say about one workflow as of one instant: its last completion (and whether it
 * failed, with exit status), its last success, and the starts still open at that instant, newest
 * first. Each start sent with a run id is tracked on its own until its completion arrives, so
 * overlapping runs each time out; a start without one counts only while it is the newest start
 * and no completion came after it (docs/states.md).
 */
public record Evidence(
        Instant lastCompletion,
        boolean lastFailed,
        Integer lastExitStatus,
        Instant lastSuccess,
        List<Instant> openStarts,
        boolean lastFailedAuth) {

    /** How many open starts per workflow evidence keeps: the newest, which decide every timeout. */
    public static final int MAX_OPEN_STARTS = 100;

    public static final Evidence NONE = new Evidence(null, false, null, null, List.of());

    /** A last completion whose failure, if any, shows no credential refused. */
    public Evidence(
            Instant lastCompletion,
            boolean lastFailed,
            Integer lastExitStatus,
            Instant lastSuccess,
            List<Instant> openStarts) {
        this(lastCompletion, lastFailed, lastExitStatus, lastSuccess, openStarts, false);
    }

    public Evidence {
        openStarts = openStarts.stream()
                .sorted(Comparator.reverseOrder())
                .limit(MAX_OPEN_STARTS)
                .toList();
    }

    /** With at most one open start (null for none). */
    public Evidence(
            Instant lastCompletion,
            boolean lastFailed,
            Integer lastExitStatus,
            Instant lastSuccess,
            Instant openStart) {
        this(
                lastCompletion,
                lastFailed,
                lastExitStatus,
                lastSuccess,
                openStart == null ? List.of() : List.of(openStart),
                false);
    }

    /** The newest open start, or null. */
    public Instant openStart() {
        return openStarts.isEmpty() ? null : openStarts.get(0);
    }

    public Instant lastRun() {
        Instant openStart = openStart();
        if (openStart == null) {
            return lastCompletion;
        }
        return lastCompletion == null || openStart.isAfter(lastCompletion) ? openStart : lastCompletion;
    }
}
