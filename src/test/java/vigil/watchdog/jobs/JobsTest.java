package vigil.watchdog.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vigil.testing.DaemonFixture;
import vigil.testing.TestDatabase;

/** Quartz runs the evaluation with its job store in the application's database: H2 and PostgreSQL. */
class JobsTest {
    static final String INVENTORY = """
            people: [{ email: alice@example.com }, { email: bob@example.com }]
            aliases: [{ email: team@example.com, members: [alice@example.com, bob@example.com] }]
            workflows:
              - { id: archived, owner: team@example.com, every: 1d, notify: [team@example.com], paused: true }
            """;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void quartz_fires_the_evaluation_and_keeps_its_trigger_in_the_database(String kind, @TempDir Path dir)
            throws Exception {
        try (TestDatabase db = TestDatabase.open(kind, dir.resolve("db"));
                DaemonFixture daemon = DaemonFixture.in(dir, INVENTORY)) {
            if (kind.equals("postgresql")) {
                daemon.database(db.url());
            }
            daemon.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String state = null;
            while (System.nanoTime() < deadline) {
                state = daemon.stages()
                        .states()
                        .row("archived")
                        .orElseThrow()
                        .state()
                        .label();
                if (state.equals("paused")) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(state).as("only the Quartz job evaluates here").isEqualTo("paused");
            String url = kind.equals("h2")
                    ? "jdbc:h2:file:" + daemon.stateDir().resolve("vigil").toAbsolutePath()
                    : db.url();
            daemon.stop();
            try (Connection c = DriverManager.getConnection(url);
                    ResultSet rs = c.createStatement()
                            .executeQuery("SELECT TRIGGER_NAME, REPEAT_INTERVAL FROM QRTZ_SIMPLE_TRIGGERS"
                                    + " WHERE TRIGGER_GROUP = 'vigil' ORDER BY TRIGGER_NAME")) {
                java.util.List<String> triggers = new java.util.ArrayList<>();
                while (rs.next()) {
                    triggers.add(rs.getString(1) + " every " + rs.getLong(2) + " ms");
                }
                assertThat(triggers)
                        .as("evaluation, and the dispatch round it triggers, both every evaluate_every")
                        .containsExactly("dispatch every 3600000 ms", "evaluate every 3600000 ms");
            }
        }
    }
}
