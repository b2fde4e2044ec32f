package vigil.watchdog.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.inventory.Inventory;
import vigil.inventory.Normal;
import vigil.inventory.Workflow;
import vigil.inventory.schedule.Schedule;
import vigil.inventory.store.Database;
import vigil.testing.MutableClock;
import vigil.testing.TestDatabase;
import vigil.watchdog.Stages;
import vigil.watchdog.runs.RunStore;

/** The check on its own: a tell that fails is tried again at the next check, and then kept once. */
class BaselineCheckTest {
    @Test
    void a_tell_that_fails_is_tried_again_and_then_told_once(@TempDir Path dir) {
        try (TestDatabase db = TestDatabase.open("h2", dir);
                Database database = Database.open(db.url(), null, null, 2, Stages.MIGRATIONS)) {
            Instant now = Instant.parse("2026-11-27T10:00:00Z");
            Jdbi.create(database.dataSource())
                    .useHandle(h -> h.execute(
                            "INSERT INTO run (workflow, status, finished, source, item_count)"
                                    + " VALUES ('send', 'success', ?, 'ping', 39950)",
                            now.minusSeconds(60).toEpochMilli()));
            Workflow send = new Workflow(
                    "send",
                    "send",
                    "team@example.com",
                    new Schedule.Every(Duration.ofDays(1), "1d"),
                    ZoneId.of("UTC"),
                    Duration.ofHours(1),
                    List.of(),
                    List.of(),
                    null,
                    null,
                    false,
                    new Normal(Map.of(), null, 850.0, null, 3),
                    null);
            Inventory inventory = new Inventory(List.of(), List.of(), List.of(), List.of(send), Map.of());
            List<String> told = new ArrayList<>();
            boolean[] failing = {true};
            BaselineCheck check = new BaselineCheck(
                    () -> inventory,
                    new RunStore(database.dataSource()),
                    new AnomalyStore(database.dataSource()),
                    (a, w, inv) -> {
                        if (failing[0]) {
                            throw new IllegalStateException("the outbox is down");
                        }
                        told.add(a.key());
                    },
                    new MutableClock(now));

            assertThatThrownBy(check::check).hasMessageContaining("the outbox is down");
            failing[0] = false;
            check.touched(List.of("send"));
            assertThat(check.check()).as("tried again").isEqualTo(1);
            check.touched(List.of("send"));
            assertThat(check.check()).as("and not again").isZero();
            assertThat(told).containsExactly("send/count/2026-11-27");
        }
    }
}
