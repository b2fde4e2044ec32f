package vigil.watchdog.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vigil.inventory.store.Database;
import vigil.testing.Race;
import vigil.testing.TestDatabase;
import vigil.watchdog.Stages;
import vigil.watchdog.alert.Delivery;
import vigil.watchdog.alert.Outbox;

/** A week is claimed once, whoever races for it: threads on H2, connections on PostgreSQL. */
class SummaryClaimTest {
    static final String MIGRATIONS = Stages.MIGRATIONS;
    static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
    static final LocalDate WEEK = LocalDate.parse("2026-11-22");

    static List<SummaryStore.Queued> summaries() {
        return List.of(
                new SummaryStore.Queued("team@example.com", "team@example.com", "s", "text", "<p>html</p>"),
                new SummaryStore.Queued("solo@example.com", "it@example.com", "s", "text", "<p>html</p>"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void eight_claims_racing_for_one_week_queue_its_summaries_once(String kind, @TempDir Path dir) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind, dir);
                Database database = Database.open(db.url(), null, null, 8, MIGRATIONS)) {
            SummaryStore store = new SummaryStore(database.dataSource());
            assertThat(store.schedule("0 9 * * MON UTC", LocalDate.parse("2026-11-15")))
                    .isTrue();
            List<Boolean> results = Race.of(8, () -> {
                try {
                    return store.claim(WEEK, summaries(), NOW);
                } catch (RuntimeException e) {
                    return false; // a lock conflict is a lost race too; what matters is what was queued
                }
            });
            assertThat(Race.won(results)).isEqualTo(1);
            assertThat(store.count(WEEK)).isEqualTo(2);
            assertThat(new Outbox(database.dataSource()).due(NOW, 100))
                    .as("one delivery per summary")
                    .hasSize(2)
                    .allMatch(d -> d instanceof Delivery.OfSummary);
            assertThat(store.claim(WEEK, summaries(), NOW))
                    .as("and again later: no")
                    .isFalse();
            assertThat(store.claim(LocalDate.parse("2026-11-15"), summaries(), NOW))
                    .as("nor an older week")
                    .isFalse();
            assertThat(store.schedule("0 9 * * MON UTC", LocalDate.parse("2026-12-31")))
                    .as("the same schedule again changes nothing")
                    .isFalse();
            assertThat(store.lastWeek()).hasValue(WEEK);
            assertThat(store.schedule("0 7 * * TUE UTC", LocalDate.parse("2026-12-01")))
                    .as("a new schedule starts after its current week")
                    .isTrue();
            assertThat(store.lastWeek()).hasValue(LocalDate.parse("2026-12-01"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void a_team_sent_by_hand_that_week_is_not_sent_again_by_the_schedule(String kind, @TempDir Path dir) {
        try (TestDatabase db = TestDatabase.open(kind, dir);
                Database database = Database.open(db.url(), null, null, 4, MIGRATIONS)) {
            SummaryStore store = new SummaryStore(database.dataSource());
            store.queue(WEEK, summaries().subList(0, 1), NOW);
            assertThat(store.claim(WEEK, summaries(), NOW.plusSeconds(3600))).isTrue();
            assertThat(store.count(WEEK))
                    .as("team@ once by hand, solo@ by the schedule")
                    .isEqualTo(2);
        }
    }
}
