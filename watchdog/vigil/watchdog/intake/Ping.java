package vigil.watchdog.intake;

import java.time.Instant;

/**
 * One ping as received. {@code workflow} is the inventoried workflow's id, or for a stray the id
 * or UUID that was pinged. {@code exitStatus} is set for {@code /{0-255}} pings; {@code rid} pairs
 * a start with its completion. {@code body} is the body as text (null when empty); {@code
 * bodyBytes} is set only when that text is not the body exactly (invalid UTF-8 or a NUL byte).
 * {@code count} and {@code cost} are the values the ping carried ({@code ?count=}, {@code ?cost=};
 * docs/baselines.md), null when absent.
 */
public record Ping(
        String workflow,
        boolean stray,
        Kind kind,
        Integer exitStatus,
        Instant received,
        String rid,
        String remoteAddr,
        String userAgent,
        String body,
        byte[] bodyBytes,
        Double count,
        Double cost) {

    /** A ping that carries no values. */
    public Ping(
            String workflow,
            boolean stray,
            Kind kind,
            Integer exitStatus,
            Instant received,
            String rid,
            String remoteAddr,
            String userAgent,
            String body,
            byte[] bodyBytes) {
        this(workflow, stray, kind, exitStatus, received, rid, remoteAddr, userAgent, body, bodyBytes, null, null);
    }

    public enum Kind {
        SUCCESS,
        START,
        FAIL,
        LOG;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** True for a completion that reports failure: {@code /fail} or a non-zero exit status. */
    public boolean failed() {
        return kind == Kind.FAIL;
    }
}
