package vigil.watchdog.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vigil.inventory.audit.AuditEvidence;
import vigil.inventory.store.Database;
import vigil.testing.TestDatabase;
import vigil.watchdog.Stages;
import vigil.watchdog.runs.RunStore;

/**
 * Pings for ids nobody inventoried cost one counted row per id and day, and at most {@link
 * RunWriter#MAX_STRAY_TARGETS} ids are kept: pings for random ids cannot grow the database without
 * bound or bury the real findings.
 */
class StrayPingsTest {
    private static final Instant DAY = Instant.parse("2026-11-27T10:00:00Z");

    private static Ping stray(String target, Instant at) {
        return new Ping(target, true, Ping.Kind.SUCCESS, null, at, null, "10.0.0.7", "curl/8", null, null);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void strays_are_counted_per_id_and_day_and_the_number_of_ids_is_capped(String kind, @TempDir Path dir) {
        try (TestDatabase db = TestDatabase.open(kind, dir);
                Database database = Database.open(db.url(), null, null, 4, Stages.MIGRATIONS);
                RunWriter writer = new RunWriter(database.dataSource(), database.isPostgres())) {
            List<Ping> batch = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                batch.add(stray("backup-nas", DAY.plusSeconds(i)));
            }
            writer.write(batch);
            writer.write(List.of(stray("backup-nas", DAY.plusSeconds(86_400))));
            List<Ping> scan = new ArrayList<>();
            for (int i = 0; i < RunWriter.MAX_STRAY_TARGETS + 49; i++) {
                scan.add(stray("random-" + i, DAY.plusSeconds(400)));
            }
            for (int from = 0; from < scan.size(); from += 400) {
                writer.write(scan.subList(from, Math.min(scan.size(), from + 400)));
            }
            writer.write(List.of(stray("backup-nas", DAY.plusSeconds(500))));

            long rows = Jdbi.create(database.dataSource())
                    .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM stray_day")
                            .mapTo(Long.class)
                            .one());
            assertThat(rows).as("one row per id and day, ids capped").isEqualTo(RunWriter.MAX_STRAY_TARGETS + 1);
            assertThat(writer.straysNotKept()).isEqualTo(50);
            List<AuditEvidence.Stray> strays = new RunStore(database.dataSource()).strays();
            assertThat(strays).hasSize(RunWriter.MAX_STRAY_TARGETS);
            assertThat(strays)
                    .filteredOn(s -> s.id().equals("backup-nas"))
                    .singleElement()
                    .satisfies(s -> {
                        assertThat(s.count()).isEqualTo(302);
                        assertThat(s.lastSeen()).isEqualTo(DAY.plusSeconds(86_400));
                    });
            assertThat(new RunStore(database.dataSource()).strays(DAY, DAY.plusSeconds(3_600)))
                    .filteredOn(s -> s.id().equals("backup-nas"))
                    .singleElement()
                    .satisfies(s -> assertThat(s.count()).as("the first day's").isEqualTo(301));
        }
    }
}
