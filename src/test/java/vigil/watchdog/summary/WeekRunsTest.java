package vigil.watchdog.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vigil.inventory.store.Database;
import vigil.testing.TestDatabase;
import vigil.watchdog.Stages;
import vigil.watchdog.runs.Run;
import vigil.watchdog.runs.RunStore;

/** What the store hands the summary for one week, on H2 and PostgreSQL. */
class WeekRunsTest {
    static final String MIGRATIONS = Stages.MIGRATIONS;
    static final Instant FROM = Instant.parse("2026-11-16T00:00:00Z");
    static final Instant TO = Instant.parse("2026-11-23T00:00:00Z");

    static void run(Jdbi jdbi, String workflow, String status, Instant started, Instant finished, String body) {
        jdbi.useHandle(h -> h.execute(
                "INSERT INTO run (workflow, status, started, finished, source, body) VALUES (?, ?, ?, ?, 'ping', ?)",
                workflow,
                status,
                started == null ? null : started.toEpochMilli(),
                finished == null ? null : finished.toEpochMilli(),
                body));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void the_week_its_eve_and_the_last_success_before_it(String kind, @TempDir Path dir) {
        try (TestDatabase db = TestDatabase.open(kind, dir);
                Database database = Database.open(db.url(), null, null, 4, MIGRATIONS)) {
            Jdbi jdbi = Jdbi.create(database.dataSource());
            run(jdbi, "busy", "success", null, FROM.minus(Duration.ofDays(10)), "old");
            run(jdbi, "busy", "fail", null, FROM.minus(Duration.ofHours(12)), "x".repeat(500));
            run(jdbi, "busy", "success", null, FROM.plus(Duration.ofDays(2)), "kept out");
            run(jdbi, "busy", "log", null, FROM.plus(Duration.ofDays(3)), "a log line");
            run(jdbi, "busy", "started", FROM.plus(Duration.ofDays(6)), null, null);
            run(jdbi, "busy", "success", null, TO.plus(Duration.ofHours(1)), "after the week");
            run(jdbi, "quiet", "success", null, FROM.minus(Duration.ofDays(20)), null);

            RunStore.WeekRuns week =
                    new RunStore(database.dataSource()).week(List.of("busy", "quiet", "none"), FROM, TO);

            assertThat(week.runs().get("busy"))
                    .extracting(Run::status)
                    .containsExactlyInAnyOrder("fail", "success", "started");
            Run failure = week.runs().get("busy").stream()
                    .filter(r -> r.status().equals("fail"))
                    .findFirst()
                    .orElseThrow();
            assertThat(failure.body()).as("a failure's body, cut").hasSize(200);
            assertThat(week.runs().get("busy").stream().filter(r -> r.status().equals("success")))
                    .allMatch(r -> r.body() == null);
            assertThat(week.lastBefore()).containsEntry("busy", FROM.minus(Duration.ofHours(12)));
            assertThat(week.lastSuccess()).containsEntry("busy", FROM.plus(Duration.ofDays(2)));
            assertThat(week.lastBefore()).containsEntry("quiet", FROM.minus(Duration.ofDays(20)));
            assertThat(week.lastSuccess()).containsEntry("quiet", FROM.minus(Duration.ofDays(20)));
            assertThat(week.runs().get("quiet")).isEmpty();
            assertThat(week.lastBefore()).doesNotContainKey("none");
        }
    }
}
