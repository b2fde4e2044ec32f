package vigil.watchdog.intake;

import java.time.Duration;
import org.slf4j.Logger;

/**
 * A failure that repeats — a full disk, a database that is down — logged when it starts, then at
 * most once a minute with how often it happened meanwhile, and once when it ends: a failing store
 * must not fill the very disk it is short of.
 */
final class FailureLog {
    static final Duration EVERY = Duration.ofMinutes(1);

    private final Logger log;
    private final String what;
    private boolean failing;
    private long startedNanos;
    private long loggedNanos;
    private long failedSinceLogged;
    private long failedInAll;

    /** @param what the operation, e.g. "storing pings" */
    FailureLog(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    /** One more failure of {@code count} items for {@code reason} (never a value: see StoreFailure). */
    synchronized void failed(String reason, int count, long nowNanos) {
        failedInAll += count;
        if (!failing) {
            failing = true;
            startedNanos = nowNanos;
            loggedNanos = nowNanos;
            failedSinceLogged = 0;
            log.error(
                    "{} failed ({} refused): {}; said again at most once a minute while it lasts", what, count, reason);
            return;
        }
        failedSinceLogged += count;
        if (nowNanos - loggedNanos >= EVERY.toNanos()) {
            log.error(
                    "{} still failing after {} s ({} refused in the last minute): {}",
                    what,
                    (nowNanos - startedNanos) / 1_000_000_000L,
                    failedSinceLogged,
                    reason);
            loggedNanos = nowNanos;
            failedSinceLogged = 0;
        }
    }

    synchronized void succeeded(long nowNanos) {
        if (failing) {
            failing = false;
            log.info(
                    "{} works again after {} s ({} refused in all)",
                    what,
                    (nowNanos - startedNanos) / 1_000_000_000L,
                    failedInAll);
            failedInAll = 0;
        }
    }
}
