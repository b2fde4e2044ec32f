package vigil.watchdog.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vigil.inventory.store.Database;
import vigil.testing.TestDatabase;
import vigil.watchdog.store.Outbox;
import vigil.watchdog.store.SummaryStore;

/** A week is claimed once, whoever races for it: threads on H2, connections on PostgreSQL. */
class SummaryClaimTest {
    static final String[] MIGRATIONS = {"classpath:vigil/watchdog/store/migration"};
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
            assertThat(store.startAfter(LocalDate.parse("2026-11-15"))).isTrue();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Callable<Boolean> claim = () -> {
                    go.await();
                    try {
                        return store.claim(WEEK, summaries(), NOW);
                    } catch (RuntimeException e) {
                        return false; // a lock conflict is a lost race too; what matters is what was queued
                    }
                };
                results.add(pool.submit(claim));
            }
            go.countDown();
            int won = 0;
            for (Future<Boolean> r : results) {
                won += r.get() ? 1 : 0;
            }
            pool.shutdown();
            assertThat(won).isEqualTo(1);
            assertThat(store.count(WEEK)).isEqualTo(2);
            assertThat(new Outbox(database.dataSource()).due(NOW, 100))
                    .as("one delivery per summary")
                    .hasSize(2)
                    .allMatch(Outbox.Delivery::isSummary);
            assertThat(store.claim(WEEK, summaries(), NOW))
                    .as("and again later: no")
                    .isFalse();
            assertThat(store.claim(LocalDate.parse("2026-11-15"), summaries(), NOW))
                    .as("nor an older week")
                    .isFalse();
            assertThat(store.startAfter(LocalDate.parse("2026-12-31")))
                    .as("only a fresh database starts after a week")
                    .isFalse();
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
