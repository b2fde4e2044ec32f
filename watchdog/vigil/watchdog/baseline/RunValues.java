package vigil.watchdog.baseline;

import java.time.Instant;

/** What a finished run reported: when it finished, and its duration, count and cost (each may be null). */
public record RunValues(long id, Instant finished, Long durationMs, Double count, Double cost) {}
