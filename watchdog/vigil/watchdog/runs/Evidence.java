package vigil.watchdog.runs;

import java.time.Instant;

/**
 * What the runs say about one workflow as of one instant: its last completion (and whether it
 * failed, with exit status), its last success, and a start still open at that instant.
 */
public record Evidence(
        Instant lastCompletion, boolean lastFailed, Integer lastExitStatus, Instant lastSuccess, Instant openStart) {

    public static final Evidence NONE = new Evidence(null, false, null, null, null);

    public Instant lastRun() {
        if (openStart == null) {
            return lastCompletion;
        }
        return lastCompletion == null || openStart.isAfter(lastCompletion) ? openStart : lastCompletion;
    }
}
