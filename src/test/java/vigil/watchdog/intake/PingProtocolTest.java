package vigil.watchdog.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vigil.testing.DaemonFixture;
import vigil.watchdog.http.Json;

/** The Healthchecks.io ping protocol of docs/http.md, against a running daemon. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PingProtocolTest {
    private static final String UUID = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final String RID = "7d3c1f1e-2f4a-4b5c-9d6e-0a1b2c3d4e5f";
    private static final String INVENTORY = """
            people: [{ email: alice@example.com }, { email: bob@example.com }]
            aliases: [{ email: team@example.com, members: [alice@example.com, bob@example.com] }]
            workflows:
              - { id: backup, owner: team@example.com, every: 1d, notify: [team@example.com], ping: %s }
              - { id: report, owner: team@example.com, schedule: "0 6 * * *", notify: [team@example.com] }
              - { id: export, owner: team@example.com, every: 1h, notify: [team@example.com] }
            """.formatted(UUID);

    DaemonFixture daemon;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        daemon = DaemonFixture.in(dir, INVENTORY).start();
    }

    @AfterAll
    void stop() {
        daemon.close();
    }

    private static Arguments url(String behaviour, String path, int status, String body) {
        return Arguments.of(Named.of(behaviour, path), status, body);
    }

    static Stream<Arguments> table() {
        String slug = "/ping/" + DaemonFixture.PING_KEY + "/report";
        return Stream.of(
                url("success by uuid", "/ping/" + UUID, 200, "OK"),
                url("uuid in capitals", "/ping/" + UUID.toUpperCase(java.util.Locale.ROOT), 200, "OK"),
                url("start", "/ping/" + UUID + "/start", 200, "OK"),
                url("fail", "/ping/" + UUID + "/fail", 200, "OK"),
                url("log", "/ping/" + UUID + "/log", 200, "OK"),
                url("exit status 0", "/ping/" + UUID + "/0", 200, "OK"),
                url("exit status 255", "/ping/" + UUID + "/255", 200, "OK"),
                url("exit status 256 is out of range", "/ping/" + UUID + "/256", 400, "invalid url format"),
                url("a negative exit status", "/ping/" + UUID + "/-1", 400, "invalid url format"),
                url("an unknown action", "/ping/" + UUID + "/finish", 400, "invalid url format"),
                url("too many parts", "/ping/" + UUID + "/start/again", 400, "invalid url format"),
                url("a trailing slash, as Healthchecks allows", "/ping/" + UUID + "/", 200, "OK"),
                url("a trailing slash after the action", "/ping/" + UUID + "/fail/", 200, "OK"),
                url("a slug with a trailing slash", slug + "/", 200, "OK"),
                url("nothing to ping", "/ping/", 400, "invalid url format"),
                url("a good rid", "/ping/" + UUID + "/start?rid=" + RID, 200, "OK"),
                url("a bad rid", "/ping/" + UUID + "?rid=not-a-uuid", 400, "invalid uuid format"),
                url("an unknown uuid", "/ping/11111111-2222-3333-4444-555555555555", 404, "not found"),
                url("success by ping key and id", slug, 200, "OK"),
                url("start by ping key and id", slug + "/start", 200, "OK"),
                url("exit status by ping key and id", slug + "/3", 200, "OK"),
                url("a wrong ping key", "/ping/wrong-key/report", 404, "not found"),
                url(
                        "an id not in the inventory",
                        "/ping/" + DaemonFixture.PING_KEY + "/nightly-backup",
                        404,
                        "not found"),
                url("a ping key without id", "/ping/" + DaemonFixture.PING_KEY, 400, "invalid url format"),
                url("a count", "/ping/" + UUID + "?count=850", 200, "OK"),
                url("a count and a cost on a failure", "/ping/" + UUID + "/fail?count=0&cost=12.50", 200, "OK"),
                url("a cost by ping key and id", slug + "?cost=0.0042", 200, "OK"),
                url("a negative count", "/ping/" + UUID + "?count=-1", 400, "invalid url format"),
                url("a count with an exponent", "/ping/" + UUID + "?count=1e3", 400, "invalid url format"),
                url("a count that is no number", "/ping/" + UUID + "?count=many", 400, "invalid url format"),
                url("an empty cost", "/ping/" + UUID + "?cost=", 400, "invalid url format"),
                url("a cost with a comma", "/ping/" + UUID + "?cost=12,50", 400, "invalid url format"),
                url("a cost of NaN", "/ping/" + UUID + "?cost=NaN", 400, "invalid url format"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void answers(String path, int status, String body) {
        HttpResponse<String> response = daemon.ping(path, null);
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).isEqualTo(body);
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(daemon.url(path)))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_values_a_ping_carries_are_stored_with_its_run() throws Exception {
        String export = "/ping/" + DaemonFixture.PING_KEY + "/export";
        assertThat(daemon.ping(export + "/start?rid=" + RID + "&count=1", null).statusCode())
                .isEqualTo(200);
        assertThat(daemon.ping(export + "?rid=" + RID + "&count=850&cost=12.50", null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(daemon.ping(export + "/fail?cost=0.5", null).statusCode()).isEqualTo(200);
        assertThat(daemon.ping(export + "?count=-3", null).statusCode()).isEqualTo(400);

        var runs = vigil.watchdog.http.Json.MAPPER
                .readTree(daemon.get("/api/v1/workflows/export/runs", DaemonFixture.READ_TOKEN)
                        .body())
                .path("runs");
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).path("status").asText()).isEqualTo("fail");
        assertThat(runs.get(0).path("count").isNull()).isTrue();
        assertThat(runs.get(0).path("cost").asDouble()).isEqualTo(0.5);
        assertThat(runs.get(1).path("status").asText()).as("the start, closed").isEqualTo("success");
        assertThat(runs.get(1).path("count").asDouble())
                .as("the completion's count wins")
                .isEqualTo(850);
        assertThat(runs.get(1).path("cost").asDouble()).isEqualTo(12.5);
    }

    @Test
    void head_and_post_work_like_get_and_other_methods_do_not() throws Exception {
        assertThat(send("HEAD", "/ping/" + UUID).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/ping/" + UUID).statusCode()).isEqualTo(200);
        assertThat(send("PUT", "/ping/" + UUID).statusCode()).isEqualTo(405);
    }

    @Test
    void every_ping_answer_carries_the_body_limit_and_may_be_read_from_any_origin() throws Exception {
        String limit = Integer.toString(daemon.stages().snapshot().config().pingBodyLimit());
        for (String path : new String[] {"/ping/" + UUID, "/ping/" + UUID + "/999", "/ping/wrong-key/report"}) {
            HttpResponse<String> response = send("GET", path);
            assertThat(response.headers().firstValue("Ping-Body-Limit"))
                    .as(path)
                    .hasValue(limit);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
                    .as(path)
                    .hasValue("*");
        }
        int before = runs("backup", 1).path("total").asInt();
        HttpResponse<String> preflight = send("OPTIONS", "/ping/" + UUID);
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue("*");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods"))
                .hasValueSatisfying(m -> assertThat(m).contains("POST"));
        assertThat(runs("backup", 1).path("total").asInt())
                .as("a preflight stores no run")
                .isEqualTo(before);
    }

    private JsonNode runs(String workflow, int limit) throws Exception {
        return Json.MAPPER.readTree(
                daemon.get("/api/v1/workflows/" + workflow + "/runs?limit=" + limit, DaemonFixture.READ_TOKEN)
                        .body());
    }

    @Test
    void a_rid_pairs_a_start_with_its_completion_and_the_run_has_a_duration() throws Exception {
        String rid = "0a0a0a0a-1b1b-4c4c-8d8d-2e2e2e2e2e2e";
        daemon.ping("/ping/" + DaemonFixture.PING_KEY + "/report/start?rid=" + rid, null);
        daemon.ping("/ping/" + DaemonFixture.PING_KEY + "/report/start", null);
        daemon.ping("/ping/" + DaemonFixture.PING_KEY + "/report/7?rid=" + rid, "exit 7: disk full");

        JsonNode runs = runs("report", 10);
        JsonNode paired = null;
        for (JsonNode run : runs.path("runs")) {
            if (run.path("exit_status").asInt(-1) == 7) {
                paired = run;
            }
        }
        assertThat(paired).isNotNull();
        assertThat(paired.path("status").asText()).isEqualTo("fail");
        assertThat(paired.path("started").isNull()).isFalse();
        assertThat(paired.path("duration_ms").isNumber()).isTrue();
        assertThat(paired.path("body").asText()).isEqualTo("exit 7: disk full");
        assertThat(paired.path("source").asText()).isEqualTo("ping");
    }

    @Test
    void a_completion_without_rid_closes_the_open_start() throws Exception {
        daemon.ping("/ping/" + UUID + "/start", null);
        daemon.ping("/ping/" + UUID, "done");
        JsonNode newest = runs("backup", 1).path("runs").get(0);
        assertThat(newest.path("status").asText()).isEqualTo("success");
        assertThat(newest.path("started").isNull()).isFalse();
        assertThat(newest.path("finished").isNull()).isFalse();
    }

    @Test
    void the_body_is_stored_cut_at_the_configured_limit() throws Exception {
        daemon.ping("/ping/" + UUID + "/log", "é".repeat(400) + "x".repeat(2000));
        String body = runs("backup", 1).path("runs").get(0).path("body").asText();
        // 1000 bytes: 400 two-byte characters, then 200 of the rest
        assertThat(body).startsWith("éé").hasSize(600).endsWith("x");
    }

    @Test
    void runs_come_newest_first_and_total_counts_every_run() throws Exception {
        long before = runs("backup", 1).path("total").asLong();
        daemon.ping("/ping/" + UUID + "/log", "first");
        daemon.ping("/ping/" + UUID + "/log", "second");
        JsonNode runs = runs("backup", 2);
        assertThat(runs.path("total").asLong()).isEqualTo(before + 2);
        assertThat(runs.path("runs").size()).isEqualTo(2);
        assertThat(runs.path("runs").get(0).path("body").asText()).isEqualTo("second");
        assertThat(runs.path("runs").get(1).path("body").asText()).isEqualTo("first");
    }

    @Test
    void pings_for_ids_nobody_inventoried_are_kept_as_strays_for_the_audit() throws Exception {
        daemon.ping("/ping/" + DaemonFixture.PING_KEY + "/db-dump", null);
        daemon.ping("/ping/" + DaemonFixture.PING_KEY + "/db-dump/fail", null);
        JsonNode findings = Json.MAPPER
                .readTree(daemon.get("/api/v1/audit", DaemonFixture.READ_TOKEN).body())
                .path("findings");
        JsonNode stray = null;
        for (JsonNode f : findings) {
            if (f.path("rule").asText().equals("stray-pings")
                    && f.path("target").asText().equals("db-dump")) {
                stray = f;
            }
        }
        assertThat(stray).isNotNull();
        assertThat(stray.path("severity").asText()).isEqualTo("warning");
        assertThat(stray.path("message").asText()).startsWith("2 ping(s) for 'db-dump'");
    }

    @Test
    void the_remote_address_is_the_first_forwarded_for_entry_and_the_user_agent_is_kept() throws Exception {
        http.send(
                HttpRequest.newBuilder(URI.create(daemon.url("/ping/" + UUID + "/log")))
                        .header("X-Forwarded-For", "203.0.113.7, 10.0.0.1")
                        .header("User-Agent", "curl/8.5")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode run = runs("backup", 1).path("runs").get(0);
        assertThat(run.path("remote_addr").asText()).isEqualTo("203.0.113.7");
        assertThat(run.path("user_agent").asText()).isEqualTo("curl/8.5");
    }
}
