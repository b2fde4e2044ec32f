package vigil.inventory.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.db.Store;
import vigil.inventory.Secret;

/**
 * The application's one connection pool, shared by the store and the scheduler. H2 file URLs are
 * made durable: {@code WRITE_DELAY=0} (a committed row survives {@code kill -9}), a lock timeout
 * long enough for the scheduler's row locks, and a small page cache (below). A setting already in
 * the URL is kept. Because {@code WRITE_DELAY=0} also stops H2's own housekeeping, the pool
 * reclaims the file's dead space itself ({@link H2Housekeeping}).
 */
public final class Database implements AutoCloseable {
    /**
     * H2's page cache, in KB (H2's default is 16 MB). H2 caches every page it writes; under ping
     * load that is tens of MB a second of pages that live just long enough to be copied by each
     * young collection, and those pauses were most of the ping p99. With 1 MB the pauses stay
     * short; evaluation cycles measured the same, a weekly summary run somewhat slower
     * (docs/performance.md).
     */
    static final int H2_CACHE_KB = 1024;

    /**
     * Values an H2 identity column hands out per block. H2 records the end of each block in a
     * commit of its own — with its default of 32, a commit (and a chunk in the file, bookkeeping
     * that lives on the heap) for every 32 rows: 1.6 chunks per ping batch of 20 were measured,
     * 1.0 with this. A restart after {@code kill -9} skips the rest of a block: ids have gaps,
     * never repeats.
     */
    static final int H2_IDENTITY_CACHE = 4096;

    private final HikariDataSource dataSource;
    private final String url;
    private final H2Housekeeping housekeeping;

    private Database(HikariDataSource dataSource, String url, Duration housekeepingEvery) {
        this.dataSource = dataSource;
        this.url = url;
        this.housekeeping = H2Housekeeping.startIfNeeded(this::embeddedStore, housekeepingEvery);
    }

    /**
     * Embedded H2 file: one round of H2's housekeeping now (see {@link H2Housekeeping}); true if
     * any chunk was rewritten. PostgreSQL, H2 in memory or over TCP: false.
     */
    public boolean compactFile() {
        return H2Housekeeping.compact(embeddedStore());
    }

    /** The embedded H2 database's store; null for PostgreSQL, H2 over TCP, or a closed pool. */
    MVStore embeddedStore() {
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
     * the vendor's binary large object type (BYTEA on PostgreSQL, BLOB on H2), and {@code
     * identity_cache} for how many values an identity column hands out per block (see {@link
     * #H2_IDENTITY_CACHE}; 1 on PostgreSQL, where a block belongs to one session and ids would no
     * longer follow the order rows were inserted in).
     * {@code user}/{@code password} may be null.
     */
    public static Database open(String url, String user, Secret password, int poolSize, String... moreMigrations) {
        return open(H2Housekeeping.EVERY, url, user, password, poolSize, moreMigrations);
    }

    /** As {@link #open}, with housekeeping rounds {@code housekeepingEvery} apart instead. */
    static Database open(
            Duration housekeepingEvery,
            String url,
            String user,
            Secret password,
            int poolSize,
            String... moreMigrations) {
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
        config.setExceptionOverrideClassName(ReopenAfterFailure.class.getName());
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            String[] locations = new String[moreMigrations.length + 1];
            locations[0] = "classpath:vigil/inventory/store/migration";
            System.arraycopy(moreMigrations, 0, locations, 1, moreMigrations.length);
            boolean postgres = effective.startsWith("jdbc:postgresql:");
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations(locations)
                    // one numbering for the inventory's and the daemon's migrations, with the
                    // scheduler's tables at V200: every migration added since is numbered below an
                    // applied one, and must be applied, not refused (MigrationUpgradeTest)
                    .outOfOrder(true)
                    .placeholders(java.util.Map.of(
                            "binary",
                            postgres ? "BYTEA" : "BLOB",
                            "identity_cache",
                            Integer.toString(postgres ? 1 : H2_IDENTITY_CACHE)))
                    .load()
                    .migrate();
            return new Database(dataSource, effective, housekeepingEvery);
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
        if (!upper.contains(";DB_CLOSE_ON_EXIT=")) {
            // H2's own shutdown hook would close the database under the scheduler and the ping
            // writer while the daemon's hook still stops them in order; the daemon closes it last
            b.append(";DB_CLOSE_ON_EXIT=FALSE");
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

    /** The probe in flight, shared by every caller until it answers. */
    private java.util.concurrent.CompletableFuture<Boolean> probe;

    /**
     * As {@link #healthy()}, answering false once {@code deadline} has passed instead of waiting out
     * the pool's 10 s connection timeout (a database that is down, or a pool held by load). One
     * probe runs at a time; callers meanwhile share its answer.
     */
    public boolean healthy(Duration deadline) {
        java.util.concurrent.CompletableFuture<Boolean> running;
        synchronized (this) {
            if (probe == null || probe.isDone()) {
                probe = java.util.concurrent.CompletableFuture.supplyAsync(this::healthy, PROBES);
            }
            running = probe;
        }
        try {
            return running.get(deadline.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static final java.util.concurrent.Executor PROBES =
            java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "database-probe");
                t.setDaemon(true);
                return t;
            });

    @Override
    public void close() {
        if (housekeeping != null) {
            housekeeping.close();
        }
        dataSource.close();
    }
}
