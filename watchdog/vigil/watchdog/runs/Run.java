package vigil.watchdog.runs;

import java.time.Instant;

/**
 * One run of a workflow as stored: {@code status} is started, success, fail or log; where the
 * ping came from ({@code remoteAddr}, the first X-Forwarded-For entry if any) and its user agent.
 * {@code body} is the log as text; {@code bodyBytes} is set only when the body was not plain text
 * (invalid UTF-8, or a NUL byte), and then holds it exactly as received. {@code count} and {@code
 * cost} are the values the run reported (a ping's {@code ?count=} and {@code ?cost=}), null if none.
 */
public record Run(
        long id,
        String status,
        Instant started,
        Instant finished,
        Long durationMs,
        String source,
        Integer exitStatus,
        String body,
        String remoteAddr,
        String userAgent,
        byte[] bodyBytes,
        Double count,
        Double cost) {

    /** A run whose body, if any, is plain text. */
    public Run(
            long id,
            String status,
            Instant started,
            Instant finished,
            Long durationMs,
            String source,
            Integer exitStatus,
            String body,
            String remoteAddr,
            String userAgent) {
        this(
                id,
                status,
                started,
                finished,
                durationMs,
                source,
                exitStatus,
                body,
                remoteAddr,
                userAgent,
                null,
                null,
                null);
    }
}
