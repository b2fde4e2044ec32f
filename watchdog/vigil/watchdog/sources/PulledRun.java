package vigil.watchdog.sources;

import java.time.Instant;

/**
 * One run as a platform records it, mapped to Vigil's terms: {@code status} is {@code started}
 * (running or queued), {@code success} or {@code fail}; {@code body} is the failure's message
 * (the platform's word first), or null.
 */
public record PulledRun(String externalId, String status, Instant started, Instant finished, String body) {
    public static final String STARTED = "started";
    public static final String SUCCESS = "success";
    public static final String FAIL = "fail";

    public boolean done() {
        return !status.equals(STARTED);
    }
}
