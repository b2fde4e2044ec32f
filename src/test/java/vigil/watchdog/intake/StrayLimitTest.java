package vigil.watchdog.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.testing.DaemonFixture;
import vigil.testing.MutableClock;

/**
 * A scan of random ids is answered 429 past a burst and a steady rate, on the daemon's clock, while
 * the inventoried workflows' pings are never limited.
 */
class StrayLimitTest {
    static final String INVENTORY = """
            people: [{ email: alice@example.com }, { email: bob@example.com }]
            aliases: [{ email: team@example.com, members: [alice@example.com, bob@example.com] }]
            workflows:
              - { id: backup, owner: team@example.com, every: 1h, notify: [team@example.com] }
            """;

    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2026-11-27T10:00:00Z");
    DaemonFixture daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    Map<Integer, Integer> scan(int pings) {
        Map<Integer, Integer> statuses = new HashMap<>();
        for (int i = 0; i < pings; i++) {
            statuses.merge(daemon.ping("/ping/" + UUID.randomUUID(), null).statusCode(), 1, Integer::sum);
        }
        return statuses;
    }

    @Test
    void pings_for_unknown_ids_are_limited_to_a_burst_and_a_rate_and_known_ones_never() throws Exception {
        daemon = DaemonFixture.in(dir, INVENTORY).clock(clock).start();

        assertThat(scan(StrayLimit.BURST + 30))
                .containsEntry(404, StrayLimit.BURST)
                .containsEntry(429, 30);
        assertThat(daemon.ping("/ping/" + DaemonFixture.PING_KEY + "/backup", null)
                        .statusCode())
                .as("an inventoried workflow is never limited")
                .isEqualTo(200);

        clock.set("2026-11-27T10:00:02Z");
        assertThat(scan(2 * StrayLimit.PER_SECOND + 10))
                .as("two seconds later, two seconds' worth")
                .containsEntry(404, 2 * StrayLimit.PER_SECOND)
                .containsEntry(429, 10);
    }
}
