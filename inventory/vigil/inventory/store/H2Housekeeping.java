package vigil.inventory.store;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * H2's housekeeping, done for it. H2 rewrites the live pages of mostly-dead chunks, so that their
 * space can be used again, only from its background writer, and {@code WRITE_DELAY=0} turns that
 * writer off: every commit then leaves its chunk in the file for as long as one page of it is
 * live, and the file grows for as long as the daemon runs (measured: 0.3 MB a second under 50
 * pings a second, which store 7 KB a second of runs). So rounds run here, every {@link #EVERY} or
 * less often: a round holds H2's store lock and commits wait for it — a few ms at tens of pings a
 * second, but after a ping storm 0.6-1.1 s when a round could move 16 MB of live pages, and up to
 * ~170 ms now that it moves at most {@link #REWRITE_BYTES}. A round therefore waits while the store
 * is busy — over the time since the last look, and right now (a storm that has just begun) — for at
 * most {@link #MAX_WAIT}, and rounds are spaced to take at most 0.2% of the time.
 */
final class H2Housekeeping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(H2Housekeeping.class);

    static final Duration EVERY = Duration.ofSeconds(10);
    /** Rounds are spaced at least this many times their own duration apart (0.2% of the time). */
    private static final long SHARE = 500;
    /**
     * Above this many file writes a second (about one per commit: 50 pings a second make ~50; under
     * heavy load pings share commits, so the ping benchmark's 14,000 a second make only 300-600),
     * a round waits for quiet: with that many chunks it holds the store for 50-500 ms...
     */
    private static final int BUSY_WRITES_PER_SECOND = 100;
    /** ...but not longer than this. */
    private static final Duration MAX_WAIT = Duration.ofMinutes(5);
    /** A round that holds the store this long is logged: commits waited for it. */
    private static final Duration NOTEWORTHY = Duration.ofMillis(50);
    /** A round starts when the file's chunks hold less live data than this, in percent. */
    private static final int TARGET_FILL_PERCENT = 80;
    /**
     * At most this many bytes of live pages are moved per round: a round's hold on the store grows
     * with it (16 MB: 0.6-1.1 s after the ping benchmark's storms; 1 MB: at most 171 ms seen).
     */
    private static final int REWRITE_BYTES = 1 << 20;
    /** How long the store is watched for writes just before a round: a storm may have just begun. */
    private static final Duration QUIET_CHECK = Duration.ofMillis(250);

    private final Supplier<MVStore> store;
    private final Duration every;
    private final ScheduledThreadPoolExecutor executor;
    /** Bookkeeping of the rounds, touched by one thread at a time (the executor's, or a test's). */
    private long lastWrites;

    private long lastLook = System.nanoTime();
    private long lastRound = System.nanoTime();

    private H2Housekeeping(Supplier<MVStore> store, Duration every, long writes) {
        this.store = store;
        this.every = every;
        this.lastWrites = writes;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "vigil-db-housekeeping");
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // close() does not wait for it
        executor.schedule(this::housekeep, every.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Starts the rounds for an embedded H2 file whose own background writer is off ({@code store}
     * gives its store, or null), {@code every} apart at the least; null when there is nothing to do.
     */
    static H2Housekeeping startIfNeeded(Supplier<MVStore> store, Duration every) {
        MVStore s = store.get();
        if (s == null || s.getFileStore() == null || s.getAutoCommitDelay() != 0) {
            return null;
        }
        return new H2Housekeeping(store, every, s.getFileStore().getWriteCount());
    }

    /**
     * Rewrites the live pages of mostly-dead chunks (the next commit writes them), so that those
     * chunks can be freed; true if any was. False for no store, or one without a file.
     */
    static boolean compact(MVStore store) {
        return store != null
                && store.getFileStore() != null
                && !store.isClosed()
                && store.compact(TARGET_FILL_PERCENT, REWRITE_BYTES);
    }

    private void housekeep() {
        long next = every.toNanos();
        try {
            next = Math.max(next, round() * SHARE);
        } catch (RuntimeException e) {
            LOG.warn("compacting the database file failed (will try again): {}", e.toString());
        }
        try {
            executor.schedule(this::housekeep, next, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            // the pool is closing
        }
    }

    /** One round, unless the store is busy; how long it held the store, in ns (0 if it waited). */
    long round() {
        long now = System.nanoTime();
        MVStore s = store.get();
        if (s == null || s.getFileStore() == null) {
            return 0;
        }
        long writes = s.getFileStore().getWriteCount();
        double perSecond = (writes - lastWrites) * 1e9 / Math.max(1, now - lastLook);
        lastWrites = writes;
        lastLook = now;
        boolean overdue = now - lastRound >= MAX_WAIT.toNanos();
        if (!overdue && (perSecond > BUSY_WRITES_PER_SECOND || writingNow(s))) {
            return 0;
        }
        now = System.nanoTime();
        long before = s.getFileStore().size();
        boolean compacted = compact(s);
        lastRound = now;
        long took = System.nanoTime() - now;
        if (took >= NOTEWORTHY.toNanos()) {
            LOG.info(
                    "database housekeeping held the store for {} ms ({}; file {} MB, was {} MB)",
                    took / 1_000_000,
                    compacted ? "live pages moved" : "nothing to move",
                    s.getFileStore().size() >> 20,
                    before >> 20);
        }
        return Math.max(1, took);
    }

    /** True if the store takes more than the busy rate of writes during {@link #QUIET_CHECK}. */
    private boolean writingNow(MVStore s) {
        long from = s.getFileStore().getWriteCount();
        try {
            Thread.sleep(QUIET_CHECK.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
        long writes = s.getFileStore().getWriteCount();
        lastWrites = writes;
        lastLook = System.nanoTime();
        return (writes - from) * 1000 > BUSY_WRITES_PER_SECOND * QUIET_CHECK.toMillis();
    }

    /** Stops the rounds; one in progress finishes first. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
