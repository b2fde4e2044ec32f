package vigil.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.testing.DaemonFixture;
import vigil.testing.Incident;
import vigil.watchdog.http.Json;

/** An invalid inventory never replaces a valid one: not on reload, not on restart. */
class ReloadTest {
    @TempDir
    Path dir;

    @Test
    void a_reload_with_a_broken_inventory_is_rejected_and_the_running_one_kept() throws Exception {
        try (DaemonFixture daemon = DaemonFixture.in(dir, Incident.INVENTORY).start()) {
            Files.writeString(
                    daemon.inventoryFile(),
                    Incident.INVENTORY
                            .replaceFirst("credentials: \\[svc-reporting]", "credentials: [svc-reportng]")
                            .replace("owner: team@example.com, every: 1h", "owner: team@example.com, every: soon"));

            var response = daemon.post("/api/v1/reload", DaemonFixture.ADMIN_TOKEN);

            assertThat(response.statusCode()).isEqualTo(422);
            JsonNode body = Json.MAPPER.readTree(response.body());
            assertThat(body.path("reloaded").asBoolean()).isFalse();
            assertThat(body.path("problems").toString())
                    .contains("unknown credential 'svc-reportng' (did you mean 'svc-reporting'?)")
                    .contains("invalid duration 'soon'");
            assertThat(daemon.stages().snapshot().inventory().workflows()).hasSize(4);
            assertThat(daemon.stages()
                            .inventory()
                            .current(java.util.Map.of())
                            .orElseThrow()
                            .workflows())
                    .hasSize(4);
        }
    }

    @Test
    void a_reloaded_ping_body_limit_applies_to_the_next_ping() throws Exception {
        try (DaemonFixture daemon = DaemonFixture.in(dir, Incident.INVENTORY).start()) {
            String slug = "/ping/" + DaemonFixture.PING_KEY + "/crm-sync";
            assertThat(daemon.ping(slug, "0123456789abcdef").headers().firstValue("Ping-Body-Limit"))
                    .contains("1000");

            daemon.editConfig("ping_body_limit: 1000", "ping_body_limit: 10");
            assertThat(daemon.post("/api/v1/reload", DaemonFixture.ADMIN_TOKEN).statusCode())
                    .isEqualTo(200);

            assertThat(daemon.ping(slug, "0123456789abcdef").headers().firstValue("Ping-Body-Limit"))
                    .contains("10");
            JsonNode runs = Json.MAPPER.readTree(daemon.get("/api/v1/workflows/crm-sync/runs", DaemonFixture.READ_TOKEN)
                    .body());
            assertThat(runs.path("runs").get(0).path("body").asText())
                    .as("the newest run, cut at the new limit")
                    .isEqualTo("0123456789");
        }
    }

    @Test
    void a_valid_reload_takes_effect_for_the_next_question() throws Exception {
        try (DaemonFixture daemon = DaemonFixture.in(dir, Incident.INVENTORY).start()) {
            Files.writeString(
                    daemon.inventoryFile(),
                    Incident.INVENTORY.replace("notify: [dana@example.com] }", "notify: [team@example.com] }"));

            assertThat(daemon.post("/api/v1/reload", DaemonFixture.ADMIN_TOKEN).statusCode())
                    .isEqualTo(200);

            String audit = daemon.get("/api/v1/audit", DaemonFixture.READ_TOKEN).body();
            assertThat(audit).doesNotContain("route-individual");
        }
    }

    @Test
    void a_restart_with_a_broken_inventory_runs_on_the_last_valid_one() throws Exception {
        try (DaemonFixture daemon = DaemonFixture.in(dir, Incident.INVENTORY)) {
            daemon.start().stop();
            Files.writeString(daemon.inventoryFile(), "workflows: [ this is not yaml");

            daemon.start();

            assertThat(daemon.stages().snapshot().inventory().workflows()).hasSize(4);
            assertThat(daemon.get("/api/v1/impact?person=dana@example.com", DaemonFixture.READ_TOKEN)
                            .statusCode())
                    .isEqualTo(200);
        }
    }
}
