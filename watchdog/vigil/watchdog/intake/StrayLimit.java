package vigil.watchdog.intake;

import java.time.Clock;

/**
 * A token bucket for pings to ids nobody inventoried: a scan of random ids costs the writer no
 * more than {@link #PER_SECOND} a second (after a burst of {@link #BURST}); beyond that they are
 * answered 429 without being counted. Real workflows' pings are never limited.
 */
final class StrayLimit {
    static final int PER_SECOND = 50;
    static final int BURST = 200;

    private final Clock clock;
    private double tokens = BURST;
    private long lastMillis;

    StrayLimit(Clock clock) {
        this.clock = clock;
        this.lastMillis = clock.millis();
    }

    /** True if one more stray ping may be counted now. */
    synchronized boolean take() {
        long now = clock.millis();
        if (now > lastMillis) {
            tokens = Math.min(BURST, tokens + (now - lastMillis) * PER_SECOND / 1000.0);
            lastMillis = now;
        }
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
