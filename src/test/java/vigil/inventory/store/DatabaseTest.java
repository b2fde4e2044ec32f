package vigil.inventory.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings an H2 file database is opened with, read back from the database itself. */
class DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void an_h2_file_database_is_opened_durable_with_a_small_page_cache() throws SQLException {
        try (Database database = Database.open("jdbc:h2:file:" + dir.resolve("vigil"), null, null, 2)) {
            Map<String, String> settings = settings(database);
            assertThat(settings).containsEntry("WRITE_DELAY", "0");
            // CACHE_SIZE is listed only when set; H2's own default would leave it out
            assertThat(settings).containsEntry("CACHE_SIZE", Integer.toString(Database.H2_CACHE_KB));
            assertThat(settings.get("info.CACHE_MAX_SIZE")).isEqualTo(Integer.toString(Database.H2_CACHE_KB / 1024));
        }
    }

    @Test
    void the_health_probe_answers_down_within_its_deadline_when_no_connection_can_be_had() throws Exception {
        try (Database database = Database.open("jdbc:h2:file:" + dir.resolve("vigil"), null, null, 2)) {
            assertThat(database.healthy(Duration.ofSeconds(2))).isTrue();
            try (var held1 = database.dataSource().getConnection();
                    var held2 = database.dataSource().getConnection()) {
                // the pool would wait 10 s for a connection; the probe gives up at its deadline
                java.util.concurrent.CompletableFuture<Boolean> answer =
                        java.util.concurrent.CompletableFuture.supplyAsync(
                                () -> database.healthy(Duration.ofMillis(500)));
                assertThat(answer.get(5, java.util.concurrent.TimeUnit.SECONDS)).isFalse();
            }
        }
    }

    @Test
    void h2_is_closed_by_the_daemon_not_by_its_own_shutdown_hook() {
        assertThat(Database.durable("jdbc:h2:file:/var/lib/vigil/vigil")).contains(";DB_CLOSE_ON_EXIT=FALSE");
        assertThat(Database.durable("jdbc:h2:file:/x;DB_CLOSE_ON_EXIT=TRUE")).doesNotContain("=FALSE");
    }

    @Test
    void settings_given_in_the_url_are_kept() throws SQLException {
        String url = "jdbc:h2:file:" + dir.resolve("vigil") + ";CACHE_SIZE=8192";
        try (Database database = Database.open(url, null, null, 2)) {
            Map<String, String> settings = settings(database);
            assertThat(settings).containsEntry("info.CACHE_MAX_SIZE", "8").containsEntry("WRITE_DELAY", "0");
        }
    }

    /**
     * Every commit writes a new chunk, and a chunk stays in the file while one page of it is live.
     * Here each commit appends a run (the full leaf it leaves behind stays live) and rewrites a
     * state row (dead by the next commit): most chunks are kept for one small live page.
     * Housekeeping moves those pages so the chunks can go (freed at once here: no retention time).
     */
    @Test
    void housekeeping_frees_the_chunks_that_single_live_pages_kept_in_the_file() throws SQLException {
        String url = "jdbc:h2:file:" + dir.resolve("vigil") + ";RETENTION_TIME=0";
        // the rounds are the test's own: a scheduled one during a slow loop would compact early
        try (Database database = Database.open(Duration.ofDays(1), url, null, null, 2);
                Connection c = database.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE evidence (id INT PRIMARY KEY, note VARCHAR(100))");
            s.execute("CREATE TABLE state (id INT PRIMARY KEY, checked INT, note VARCHAR(200))");
            s.execute("INSERT INTO state SELECT X, 0, REPEAT('x', 200) FROM SYSTEM_RANGE(1, 40)");
            c.setAutoCommit(false);
            for (int i = 0; i < 2_000; i++) {
                s.execute("INSERT INTO evidence VALUES (" + i + ", 'a run of the nightly backup')");
                s.execute("UPDATE state SET checked = " + i + " WHERE id = " + (1 + i % 40));
                c.commit();
            }
            int before = chunks(database);

            for (int round = 0; round < 10 && database.compactFile(); round++) {
                s.execute("UPDATE state SET checked = -1 WHERE id = 1");
                c.commit(); // writes the pages housekeeping moved
            }
            int after = chunks(database);

            assertThat(before).as("chunks kept by live pages").isGreaterThan(50);
            assertThat(after).as("chunks after housekeeping, of " + before).isLessThan(before / 4);
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM evidence")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(2_000);
            }
        }
    }

    private static int chunks(Database database) throws SQLException {
        return Integer.parseInt(settings(database).get("info.CHUNK_COUNT"));
    }

    @Test
    void closing_does_not_wait_for_the_next_housekeeping_round() {
        Database database = Database.open("jdbc:h2:file:" + dir.resolve("vigil"), null, null, 2);
        long started = System.nanoTime();
        database.close();
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("the next round is " + H2Housekeeping.EVERY + " away")
                .isLessThan(H2Housekeeping.EVERY.dividedBy(2));
    }

    /**
     * A round holds the store, so it waits while commits are coming — also when they have only just
     * begun after a quiet spell, which the rate since the last look does not show (after a ping
     * storm began in such a spell, a round held every ping for 0.6 s). Once it is quiet, it runs.
     */
    @Test
    void a_housekeeping_round_waits_when_commits_have_just_begun_and_runs_once_it_is_quiet() throws Exception {
        try (Database database =
                        Database.open(Duration.ofDays(1), "jdbc:h2:file:" + dir.resolve("vigil"), null, null, 2);
                Connection c = database.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE evidence (id INT PRIMARY KEY)");
            c.setAutoCommit(false);
            try (H2Housekeeping housekeeping =
                    H2Housekeeping.startIfNeeded(database::embeddedStore, Duration.ofDays(1))) {
                Thread.sleep(3_000); // quiet since the last look
                AtomicInteger commits = new AtomicInteger();
                CompletableFuture<Long> round = new CompletableFuture<>();
                Thread storm = new Thread(() -> {
                    try {
                        for (int i = 0; !round.isDone(); i++) {
                            s.execute("INSERT INTO evidence VALUES (" + i + ")");
                            c.commit();
                            if (commits.incrementAndGet() == 20) {
                                // 20 commits in 3 s: well under the busy rate since the last look
                                new Thread(() -> round.complete(housekeeping.round())).start();
                            }
                        }
                    } catch (SQLException e) {
                        round.completeExceptionally(e);
                    }
                });
                storm.start();
                assertThat(round.get(30, TimeUnit.SECONDS))
                        .as("the round, with commits going on")
                        .isZero();
                storm.join();
                assertThat(commits.get()).as("commits while the round looked").isGreaterThan(100);
            }
            try (H2Housekeeping housekeeping =
                    H2Housekeeping.startIfNeeded(database::embeddedStore, Duration.ofDays(1))) {
                Thread.sleep(1_000);
                assertThat(housekeeping.round()).as("the round, in quiet").isPositive();
            }
        }
    }

    @Test
    void an_in_memory_database_has_no_file_to_compact() {
        try (Database database = Database.open("jdbc:h2:mem:compact-test", null, null, 2)) {
            assertThat(database.compactFile()).isFalse();
        }
    }

    private static Map<String, String> settings(Database database) throws SQLException {
        Map<String, String> settings = new HashMap<>();
        try (Connection c = database.dataSource().getConnection();
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS")) {
            while (rs.next()) {
                settings.put(rs.getString(1), rs.getString(2));
            }
        }
        return settings;
    }
}
