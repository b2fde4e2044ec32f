package vigil.watchdog.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.testing.DaemonFixture;
import vigil.watchdog.http.Json;

/**
 * A start stored before the daemon stops is closed by its completion after the restart: the ping
 * writer finds the open starts in the database, not only in what it remembers.
 */
class OpenStartRestartTest {
    private static final String SLUG = "/ping/" + DaemonFixture.PING_KEY + "/report";

    @TempDir
    Path dir;

    DaemonFixture daemon;

    @AfterEach
    void stop() {
        daemon.close();
    }

    @Test
    void completions_after_a_restart_close_the_starts_stored_before_it() throws Exception {
        daemon = DaemonFixture.in(dir, """
                        people: [{ email: alice@example.com }, { email: bob@example.com }]
                        aliases: [{ email: team@example.com, members: [alice@example.com, bob@example.com] }]
                        workflows:
                          - { id: report, owner: team@example.com, schedule: "0 6 * * *", notify: [team@example.com] }
                        """).start();
        String rid = "0a0a0a0a-1b1b-4c4c-8d8d-2e2e2e2e2e2e";
        daemon.ping(SLUG + "/start?rid=" + rid, null);
        daemon.ping(SLUG + "/start", null);
        daemon.ping(SLUG + "/0", null); // closes the start without a rid; the one with a rid stays open
        daemon.stop();

        daemon.start();
        daemon.ping(SLUG + "/7?rid=" + rid, "exit 7: disk full");

        JsonNode runs =
                Json.MAPPER.readTree(daemon.get("/api/v1/workflows/report/runs?limit=10", DaemonFixture.READ_TOKEN)
                        .body());
        assertThat(runs.path("total").asInt())
                .as("two starts, each closed: two runs")
                .isEqualTo(2);
        JsonNode first = runs.path("runs").get(1); // newest id first: the start with the rid came first
        assertThat(first.path("status").asText()).isEqualTo("fail");
        assertThat(first.path("exit_status").asInt()).isEqualTo(7);
        assertThat(first.path("duration_ms").isNumber()).isTrue();
        assertThat(runs.path("runs").get(0).path("status").asText()).isEqualTo("success");
    }
}
