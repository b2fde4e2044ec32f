package vigil.watchdog.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vigil.inventory.store.Database;
import vigil.testing.TestDatabase;
import vigil.watchdog.Stages;

/** How run ids are handed out: in the order rows are inserted, and on H2 without a commit of their own. */
class RunIdsTest {
    static final String MIGRATIONS = Stages.MIGRATIONS;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void run_ids_follow_the_order_rows_were_inserted_in_across_connections(String kind, @TempDir Path dir)
            throws SQLException {
        try (TestDatabase db = TestDatabase.open(kind, dir);
                Database database = Database.open(db.url(), null, null, 4, MIGRATIONS);
                Connection a = database.dataSource().getConnection();
                Connection b = database.dataSource().getConnection()) {
            List<Long> ids = new ArrayList<>();
            for (Connection c : List.of(a, b, a, b, a)) {
                ids.add(insertRun(c));
            }
            assertThat(ids).isSorted().doesNotHaveDuplicates();
        }
    }

    /**
     * A crash skips the rest of the block H2 had handed out: the next id is past every id stored
     * before, never one of them again (newest first goes by id). {@code SHUTDOWN IMMEDIATELY}
     * closes the file the way {@code kill -9} leaves it.
     */
    @Test
    void after_a_crash_run_ids_go_on_past_every_stored_one(@TempDir Path dir) throws SQLException {
        String url = "jdbc:h2:file:" + dir.resolve("vigil");
        List<Long> before = new ArrayList<>();
        try (Database database = Database.open(url, null, null, 2, MIGRATIONS);
                Connection c = database.dataSource().getConnection()) {
            for (int i = 0; i < 3; i++) {
                before.add(insertRun(c));
            }
            try (Statement s = c.createStatement()) {
                s.execute("SHUTDOWN IMMEDIATELY");
            }
        } catch (SQLException | RuntimeException closingAfterTheCrash) {
            // the pool finds its connections dead
        }
        try (Database database = Database.open(url, null, null, 2, MIGRATIONS);
                Connection c = database.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet stored = s.executeQuery("SELECT COUNT(*) FROM run")) {
            stored.next();
            assertThat(stored.getInt(1)).as("runs committed before the crash").isEqualTo(3);
            assertThat(insertRun(c)).isGreaterThan(before.get(2));
        }
    }

    private static long insertRun(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate(
                    "INSERT INTO run (workflow, status, finished, source) VALUES ('w', 'success', 1, 'ping')",
                    new String[] {"id"});
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /**
     * Each commit is a chunk in the H2 file, and a chunk's bookkeeping lives on the heap for at least
     * 45 s; with H2's default identity blocks of 32 a batch of 100 pings made four.
     */
    @Test
    void storing_a_batch_of_pings_is_one_commit_in_the_h2_file(@TempDir Path dir) throws SQLException {
        try (Database database = Database.open("jdbc:h2:file:" + dir.resolve("vigil"), null, null, 4, MIGRATIONS);
                Connection look = database.dataSource().getConnection()) {
            MVStore store = ((SessionLocal) look.unwrap(JdbcConnection.class).getSession())
                    .getDatabase()
                    .getStore()
                    .getMvStore();
            RunWriter writer = new RunWriter(database.dataSource(), false);
            try {
                writer.write(batch(100)); // the first batch also starts the first block of ids
                long before = store.getCurrentVersion();
                writer.write(batch(100));
                assertThat(store.getCurrentVersion() - before).isEqualTo(1);
            } finally {
                writer.close();
            }
        }
    }

    private static List<Ping> batch(int size) {
        List<Ping> pings = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            pings.add(new Ping(
                    "backup",
                    false,
                    Ping.Kind.SUCCESS,
                    null,
                    Instant.parse("2026-11-27T10:00:00Z"),
                    null,
                    "127.0.0.1",
                    "curl",
                    null,
                    null));
        }
        return pings;
    }
}
