package vigil.watchdog.runs;

import java.time.Instant;

/**
 * One run of a workflow as stored: {@code status} is started, success, fail or log; where the
 * ping came from ({@code remoteAddr}, the first X-Forwarded-For entry if any) and its user agent.
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
        String userAgent) {}
