package vigil.inventory.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.db.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.inventory.Secret;

/**
 * The application's one connection pool, shared by the store and the scheduler. H2 file URLs are
 * made durable: {@code WRITE_DELAY=0} (a committed row survives {@code kill -9}), a lock timeout
 * long enough for the scheduler's row locks, and a small page cache (below). A setting already in
 * the URL is kept. Because {@code WRITE_DELAY=0} also stops H2's own housekeeping, the pool
 * reclaims the file's dead space itself (below).
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /**
     * H2's page cache, in KB (H2's default is 16 MB). H2 caches every page it writes; under ping
     * load that is tens of MB a second of pages that live just long enough to be copied by each
     * young collection, and those pauses were most of the ping p99. With 1 MB the pauses stay
     * short; evaluation cycles measured the same, a weekly summary run somewhat slower (README,
     * Performance).
     */
    static final int H2_CACHE_KB = 1024;

    /**
     * H2 rewrites the live pages of mostly-dead chunks, so that their space can be used again, only
     * from its background writer, and {@code WRITE_DELAY=0} turns that writer off: every commit
     * then leaves its chunk in the file for as long as one page of it is live, and the file grows
     * for as long as the daemon runs (measured: 0.3 MB a second under 50 pings a second, which
     * store 7 KB a second of runs). So the pool does that housekeeping itself, this often (or
     * less, below).
     */
    static final Duration H2_HOUSEKEEPING_EVERY = Duration.ofSeconds(10);
    /** Rounds are spaced at least this many times their own duration apart (0.2% of the time). */
    private static final long H2_HOUSEKEEPING_SHARE = 500;
    /**
     * Above this many file writes a second (about one per commit; 50 pings a second make ~50, the
     * ping benchmark's load ~1,000), a round waits for quiet...
     */
    private static final int H2_BUSY_WRITES_PER_SECOND = 500;
    /** ...but not longer than this. */
    private static final Duration H2_HOUSEKEEPING_MAX_WAIT = Duration.ofMinutes(5);
    /** Housekeeping starts when the file's chunks hold less live data than this, in percent. */
    private static final int H2_TARGET_FILL_PERCENT = 80;
    /** At most this many bytes of live pages are moved per round. */
    private static final int H2_REWRITE_BYTES = 16 << 20;

    private final HikariDataSource dataSource;
    private final String url;
    private final ScheduledExecutorService housekeeping;
    /** Housekeeping's own bookkeeping, touched by its thread only. */
    private long lastWrites;

    private long lastLook = System.nanoTime();
    private long lastRound = System.nanoTime();

    private Database(HikariDataSource dataSource, String url) {
        this.dataSource = dataSource;
        this.url = url;
        MVStore store = isPostgres() ? null : embeddedStore();
        if (store != null && store.getFileStore() != null && store.getAutoCommitDelay() == 0) {
            this.lastWrites = store.getFileStore().getWriteCount();
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "vigil-db-housekeeping");
                t.setDaemon(true);
                return t;
            });
            executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // close() does not wait for it
            this.housekeeping = executor;
            housekeeping.schedule(this::housekeep, H2_HOUSEKEEPING_EVERY.toNanos(), TimeUnit.NANOSECONDS);
        } else {
            this.housekeeping = null;
        }
    }

    /**
     * One round, then the next. A round holds H2's store lock and commits wait for it: a few ms
     * at tens of pings a second, up to ~170 ms under the ping benchmark's 15,000 (its cost follows
     * the number of chunks, which follows the commit rate). So a round waits while the store is
     * busy (more than {@link #H2_BUSY_WRITES_PER_SECOND} since the last look), for at most {@link
     * #H2_HOUSEKEEPING_MAX_WAIT}, and rounds are spaced to take at most 0.2% of the time.
     */
    private void housekeep() {
        long next = H2_HOUSEKEEPING_EVERY.toNanos();
        try {
            next = Math.max(next, round() * H2_HOUSEKEEPING_SHARE);
        } catch (RuntimeException e) {
            LOG.warn("compacting the database file failed (will try again): {}", e.toString());
        }
        try {
            housekeeping.schedule(this::housekeep, next, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            // the pool is closing
        }
    }

    /** One round, unless the store is busy; how long it took, in ns (0 if it waited). */
    private long round() {
        long now = System.nanoTime();
        MVStore store = embeddedStore();
        if (store == null || store.getFileStore() == null) {
            return 0;
        }
        long writes = store.getFileStore().getWriteCount();
        double perSecond = (writes - lastWrites) * 1e9 / Math.max(1, now - lastLook);
        lastWrites = writes;
        lastLook = now;
        if (perSecond > H2_BUSY_WRITES_PER_SECOND && now - lastRound < H2_HOUSEKEEPING_MAX_WAIT.toNanos()) {
            return 0;
        }
        compact(store);
        lastRound = now;
        return System.nanoTime() - now;
    }

    /**
     * Embedded H2 file: rewrites the live pages of mostly-dead chunks (the next commit writes
     * them), so that those chunks can be freed; true if any was. Runs by itself every {@link
     * #H2_HOUSEKEEPING_EVERY} when H2's own background writer is off. Anything else: false.
     */
    public boolean compactFile() {
        return compact(embeddedStore());
    }

    private static boolean compact(MVStore store) {
        return store != null
                && store.getFileStore() != null
                && !store.isClosed()
                && store.compact(H2_TARGET_FILL_PERCENT, H2_REWRITE_BYTES);
    }

    /** The embedded H2 database's store; null for PostgreSQL, H2 over TCP, or a closed pool. */
    private MVStore embeddedStore() {
        if (isPostgres() || dataSource.isClosed()) {
            return null;
        }
        try (Connection c = dataSource.getConnection()) {
            if (c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local) {
                Store store = local.getDatabase().getStore();
                return store == null ? null : store.getMvStore();
            }
            return null;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database: " + e.getMessage(), e);
        }
    }

    /**
     * Opens the pool and applies every pending migration: the inventory's, then those in {@code
     * moreMigrations} (Flyway locations). Scripts may write the placeholder {@code binary} for
     * the vendor's binary large object type (BYTEA on PostgreSQL, BLOB on H2).
     * {@code user}/{@code password} may be null.
     */
    public static Database open(String url, String user, Secret password, int poolSize, String... moreMigrations) {
        String effective = durable(url);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(effective);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password.reveal());
        }
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("vigil-db");
        config.setConnectionTimeout(10_000);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            String[] locations = new String[moreMigrations.length + 1];
            locations[0] = "classpath:vigil/inventory/store/migration";
            System.arraycopy(moreMigrations, 0, locations, 1, moreMigrations.length);
            boolean postgres = effective.startsWith("jdbc:postgresql:");
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations(locations)
                    .placeholders(java.util.Map.of("binary", postgres ? "BYTEA" : "BLOB"))
                    .load()
                    .migrate();
            return new Database(dataSource, effective);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    static String durable(String url) {
        if (!url.startsWith("jdbc:h2:")) {
            return url;
        }
        String upper = url.toUpperCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(url);
        if (!upper.contains(";WRITE_DELAY=")) {
            b.append(";WRITE_DELAY=0");
        }
        if (!upper.contains(";LOCK_TIMEOUT=")) {
            b.append(";LOCK_TIMEOUT=10000");
        }
        if (!upper.contains(";CACHE_SIZE=")) {
            b.append(";CACHE_SIZE=").append(H2_CACHE_KB);
        }
        return b.toString();
    }

    public boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** True when a connection can be had and answers a trivial query. */
    public boolean healthy() {
        try (var c = dataSource.getConnection();
                var s = c.createStatement()) {
            return s.execute("SELECT 1");
        } catch (java.sql.SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (housekeeping != null) {
            housekeeping.shutdown(); // a round in progress finishes
            try {
                housekeeping.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dataSource.close();
    }
}
