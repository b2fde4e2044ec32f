package vigil.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.testing.DaemonFixture;
import vigil.testing.Incident;
import vigil.watchdog.http.Json;

/** The HTTP API of a running daemon: tokens and scopes, and the JSON shapes of docs/http.md and docs/audit.md. */
class ApiTest {
    @TempDir
    Path dir;

    DaemonFixture daemon;

    @BeforeEach
    void start() throws Exception {
        daemon = DaemonFixture.in(dir, Incident.INVENTORY).start();
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    @Test
    void health_needs_no_token() throws Exception {
        HttpResponse<String> response = daemon.get("/health", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("status").asText()).isEqualTo("ok");
    }

    @Test
    void the_api_refuses_requests_without_a_known_token() {
        assertThat(daemon.get("/api/v1/audit", null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = daemon.get("/api/v1/audit", "not-a-token");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(daemon.post("/api/v1/reload", null).statusCode()).isEqualTo(401);
    }

    @Test
    void a_read_token_can_ask_but_cannot_reload() {
        assertThat(daemon.get("/api/v1/audit", DaemonFixture.READ_TOKEN).statusCode())
                .isEqualTo(200);
        HttpResponse<String> reload = daemon.post("/api/v1/reload", DaemonFixture.READ_TOKEN);
        assertThat(reload.statusCode()).isEqualTo(403);
        assertThat(reload.body()).contains("needs admin");
        assertThat(daemon.post("/api/v1/reload", DaemonFixture.ADMIN_TOKEN).statusCode())
                .isEqualTo(200);
    }

    @Test
    void the_state_directory_and_database_are_the_daemon_users_alone_whatever_the_umask() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(daemon.stateDir())))
                .isEqualTo("rwx------");
        try (var files = Files.list(daemon.stateDir())) {
            List<Path> databases =
                    files.filter(f -> f.toString().endsWith(".db")).toList();
            assertThat(databases).isNotEmpty();
            for (Path f : databases) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                        .as(f.toString())
                        .isEqualTo("rw-------");
            }
        }
    }

    @Test
    void serve_writes_a_private_cli_token_with_admin_scope() throws Exception {
        Path tokenFile = daemon.stateDir().resolve("cli-token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)))
                .isEqualTo("rw-------");
        String token = Files.readString(tokenFile).trim();
        assertThat(daemon.post("/api/v1/reload", token).statusCode()).isEqualTo(200);
    }

    @Test
    void audit_findings_carry_the_spec_fields() throws Exception {
        JsonNode findings =
                json(daemon.get("/api/v1/audit", DaemonFixture.READ_TOKEN)).path("findings");
        assertThat(findings.size()).isPositive();
        JsonNode first = findings.get(0);
        assertThat(first.fieldNames())
                .toIterable()
                .containsExactly("rule", "severity", "workflow", "target", "message");
        assertThat(findings.findValuesAsText("rule")).contains("route-individual", "route-fragile-alias");
        assertThat(first.path("severity").asText()).isEqualTo("error");
    }

    @Test
    void impact_answers_in_the_spec_shape() throws Exception {
        HttpResponse<String> response = daemon.get("/api/v1/impact?person=dana@example.com", DaemonFixture.READ_TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode report = json(response);
        assertThat(report.fieldNames())
                .toIterable()
                .containsExactly(
                        "people", "verdict", "credentials", "workflows", "routes", "aliases", "suggested_owners");
        assertThat(report.path("verdict").asText()).isEqualTo("blocked");
        assertThat(report.path("credentials").get(0).path("id").asText()).isEqualTo("svc-reporting");
        assertThat(report.path("credentials").get(0).path("reason").asText()).isEqualTo("owned");
        assertThat(report.path("credentials").get(0).path("workflows").toString())
                .isEqualTo("[\"crm-export\",\"crm-sync\"]");
        assertThat(report.path("routes").get(0).path("effect").asText()).isEqualTo("goes dark");
        assertThat(report.path("aliases").get(0).path("active_members_after").asInt())
                .isZero();
        assertThat(report.path("suggested_owners").get(0).path("for").asText()).isEqualTo("svc-reporting");
    }

    @Test
    void impact_of_several_people_takes_repeated_parameters() throws Exception {
        JsonNode report = json(
                daemon.get("/api/v1/impact?person=lee@example.com&person=sam@example.com", DaemonFixture.READ_TOKEN));
        assertThat(report.path("people").toString()).isEqualTo("[\"lee@example.com\",\"sam@example.com\"]");
    }

    @Test
    void impact_of_an_unknown_person_is_404_with_a_suggestion() throws Exception {
        HttpResponse<String> response = daemon.get("/api/v1/impact?person=dnaa@example.com", DaemonFixture.READ_TOKEN);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).path("error").asText())
                .isEqualTo("unknown person 'dnaa@example.com' (did you mean 'dana@example.com'?)");
        assertThat(daemon.get("/api/v1/impact", DaemonFixture.READ_TOKEN).statusCode())
                .isEqualTo(400);
    }

    @Test
    void unknown_paths_and_methods_get_clear_answers() {
        assertThat(daemon.get("/api/v1/nothing", DaemonFixture.READ_TOKEN).statusCode())
                .isEqualTo(404);
        assertThat(daemon.post("/api/v1/audit", DaemonFixture.ADMIN_TOKEN).statusCode())
                .isEqualTo(405);
    }

    @Test
    void instants_and_weeks_outside_the_calendar_vigil_keeps_are_refused_plainly() throws Exception {
        for (String at :
                List.of("%2B999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "0001-01-01T00:00:00Z")) {
            HttpResponse<String> response = daemon.get("/api/v1/status?at=" + at, DaemonFixture.READ_TOKEN);
            assertThat(response.statusCode()).as(at).isEqualTo(400);
            assertThat(json(response).path("error").asText()).as(at).contains("between 1970 and 9999");
        }
        for (String week : List.of("%2B999999999-12-31", "-999999999-01-01", "1969-12-31")) {
            HttpResponse<String> response =
                    daemon.get("/api/v1/summary?format=json&week_ending=" + week, DaemonFixture.READ_TOKEN);
            assertThat(response.statusCode()).as(week).isEqualTo(400);
            assertThat(json(response).path("error").asText()).as(week).contains("between 1970 and 9999");
        }
        assertThat(daemon.get("/api/v1/status?at=2026-11-27T09:00:00Z", DaemonFixture.READ_TOKEN)
                        .statusCode())
                .isEqualTo(200);
        assertThat(daemon.get("/api/v1/summary?format=json&week_ending=9999-12-26", DaemonFixture.READ_TOKEN)
                        .statusCode())
                .isEqualTo(200);
    }
}
