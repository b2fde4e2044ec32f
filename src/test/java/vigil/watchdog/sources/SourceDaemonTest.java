package vigil.watchdog.sources;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vigil.testing.DaemonFixture;
import vigil.testing.MutableClock;
import vigil.watchdog.http.Json;

/**
 * A workflow watched through a source and never pinged: the daemon's poll job pulls its failed
 * n8n execution, and the failure drives the same state as a ping would.
 */
class SourceDaemonTest {
    @RegisterExtension
    static WireMockExtension n8n = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2026-11-27T10:30:00Z");
    DaemonFixture daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    /** A daemon watching crm-export through the n8n on WireMock, with {@code key}; more sources after. */
    void start(String key, String poll, String moreSources) throws Exception {
        Files.writeString(dir.resolve("n8n-key"), key + "\n");
        daemon = DaemonFixture.in(dir, """
                        people: [{ email: alice@example.com }, { email: bob@example.com }]
                        aliases: [{ email: team@example.com, members: [alice@example.com, bob@example.com] }]
                        workflows:
                          - { id: crm-export, owner: team@example.com, schedule: "0 10 * * *", notify: [team@example.com],
                              source: { kind: n8n, server: crm-n8n, ref: kX2pQ9aLm3Rt } }
                        """)
                .appendConfig("sources:\n  crm-n8n: { kind: n8n, url: \"" + n8n.baseUrl()
                        + "\", api_key: \"${file:n8n-key}\", owner: it@example.com, poll: " + poll + " }\n"
                        + moreSources)
                .clock(clock)
                .start();
    }

    @Test
    void a_platform_run_is_pulled_without_a_ping_and_its_failure_makes_the_workflow_failed() throws Exception {
        n8n.stubFor(get(urlPathEqualTo("/api/v1/executions"))
                .willReturn(okJson("{ \"data\": ["
                        + N8nContractTest.execution(
                                7,
                                "error",
                                "2026-11-27T10:00:00Z",
                                "2026-11-27T10:00:05Z",
                                "{ \"message\": \"Unauthorized\", \"httpCode\": \"401\" }")
                        + "], \"nextCursor\": null }")));
        start("n8n-api-key", "1m", "");

        JsonNode runs = null;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            runs = Json.MAPPER.readTree(daemon.get("/api/v1/workflows/crm-export/runs", DaemonFixture.READ_TOKEN)
                    .body());
            if (runs.path("total").asInt() > 0) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(runs.path("total").asInt())
                .as("pulled by the poll job at start")
                .isEqualTo(1);
        assertThat(runs.path("runs").get(0).path("source").asText()).isEqualTo("crm-n8n");
        assertThat(runs.path("runs").get(0).path("body").asText()).isEqualTo("n8n error: HTTP 401: Unauthorized");

        daemon.stages().cycle().run();
        assertThat(daemon.stages()
                        .states()
                        .row("crm-export")
                        .orElseThrow()
                        .state()
                        .label())
                .isEqualTo("failed");
        n8n.verify(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/api/v1/executions"))
                .withHeader("X-N8N-API-KEY", com.github.tomakehurst.wiremock.client.WireMock.equalTo("n8n-api-key")));
    }

    @Test
    void a_source_that_refuses_vigil_s_key_twice_is_a_finding_and_shows_in_vigil_sources() throws Exception {
        n8n.stubFor(get(urlPathEqualTo("/api/v1/executions"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                        .withStatus(401)));
        start(
                "revoked-key",
                "1s",
                "  etl: { kind: airflow, url: \"http://127.0.0.1:9\", username: vigil, password: \"${file:n8n-key}\","
                        + " poll: 1h }\n");

        JsonNode source = null;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            source = Json.MAPPER
                    .readTree(daemon.get("/api/v1/sources", DaemonFixture.READ_TOKEN)
                            .body())
                    .path("sources")
                    .get(0);
            if (source.path("failures").asInt() >= 2) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(source.path("name").asText()).isEqualTo("crm-n8n");
        assertThat(source.path("failures").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(source.path("last_error").asText())
                .contains("refused Vigil's credentials (HTTP 401)")
                .doesNotContain("revoked-key");
        assertThat(source.path("workflows").asInt()).isEqualTo(1);

        String audit = daemon.get("/api/v1/audit", DaemonFixture.READ_TOKEN).body();
        assertThat(audit)
                .contains("\"rule\":\"source-auth\"")
                .contains("1 workflow(s) watched through it are unseen until it answers: renew the key in vigil.yaml")
                .doesNotContain("revoked-key");

        java.io.StringWriter out = new java.io.StringWriter();
        int exit = vigil.watchdog.cli.Main.run(
                new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(new java.io.StringWriter(), true),
                "sources",
                "--config=" + daemon.configFile());
        assertThat(exit).as(out.toString()).isEqualTo(3);
        assertThat(out.toString())
                .contains("crm-n8n          n8n         every 1s")
                .contains("refused Vigil's credentials (HTTP 401)")
                .contains("etl              airflow     every 1h");
    }

    @Test
    void a_blind_source_is_told_to_its_owner_once_and_its_silent_workflow_is_unseen_not_missed() throws Exception {
        n8n.stubFor(get(urlPathEqualTo("/api/v1/executions"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                        .withStatus(401)));
        start("n8n-api-key", "1s", "");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline && failures() < 4) {
            Thread.sleep(100);
        }
        assertThat(failures()).as("polls kept failing").isGreaterThanOrEqualTo(4);

        clock.set(java.time.Instant.parse("2026-11-28T12:00:00Z")); // the 10:00 run's deadline has passed
        daemon.stages().cycle().run();
        var row = daemon.stages().states().row("crm-export").orElseThrow();
        assertThat(row.state().label()).isEqualTo("missed");
        assertThat(row.reason())
                .as("Vigil cannot see, not: the job did not run")
                .isEqualTo("source-unreachable");

        java.util.List<String> mails = mails();
        assertThat(mails.stream().filter(m -> m.contains("To: it@example.com")))
                .as("one notice to the source's owner however many polls fail")
                .singleElement()
                .asString()
                .contains("Subject: [vigil] cannot read source crm-n8n: its key was refused")
                .contains("refused Vigil's own credentials")
                .doesNotContain("n8n-api-key");
        assertThat(mails.stream().filter(m -> m.contains("To: team@example.com")))
                .singleElement()
                .asString()
                .contains("Subject: [vigil] crm-export unseen: its source is unreachable")
                .contains("Vigil cannot see this workflow");

        n8n.stubFor(
                get(urlPathEqualTo("/api/v1/executions")).willReturn(okJson("{ \"data\": [], \"nextCursor\": null }")));
        deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline
                && mails().stream()
                                .filter(m -> m.contains("To: it@example.com"))
                                .count()
                        < 2) {
            daemon.stages().cycle().run(); // the notice is queued just after the poll that worked
            Thread.sleep(100);
        }
        assertThat(failures()).isZero();
        assertThat(mails().stream().filter(m -> m.contains("To: it@example.com")))
                .hasSize(2)
                .anySatisfy(m -> assertThat(m).contains("Subject: [vigil] source crm-n8n readable again"));
    }

    @Test
    void a_source_added_by_a_reload_is_polled_without_a_restart() throws Exception {
        n8n.stubFor(get(urlPathEqualTo("/api/v1/executions"))
                .willReturn(okJson("{ \"data\": ["
                        + N8nContractTest.execution(9, "success", "2026-11-27T10:00:00Z", "2026-11-27T10:00:05Z", null)
                        + "], \"nextCursor\": null }")));
        start("n8n-api-key", "1h", "");
        Files.writeString(
                daemon.configFile(),
                Files.readString(daemon.configFile())
                        + "  ops-n8n: { kind: n8n, url: \"" + n8n.baseUrl()
                        + "\", api_key: \"${file:n8n-key}\", poll: 1h }\n");
        Files.writeString(
                daemon.inventoryFile(),
                Files.readString(daemon.inventoryFile())
                        + "  - { id: ops-export, owner: team@example.com, every: 1d, notify: [team@example.com],"
                        + " source: { server: ops-n8n, ref: opsRef1 } }\n");
        assertThat(daemon.post("/api/v1/reload", DaemonFixture.ADMIN_TOKEN).statusCode())
                .isEqualTo(200);

        long deadline = System.nanoTime() + 20_000_000_000L;
        int total = 0;
        while (System.nanoTime() < deadline && total == 0) {
            total = Json.MAPPER
                    .readTree(daemon.get("/api/v1/workflows/ops-export/runs", DaemonFixture.READ_TOKEN)
                            .body())
                    .path("total")
                    .asInt();
            Thread.sleep(100);
        }
        assertThat(total).as("pulled through the source the reload added").isEqualTo(1);
        n8n.verify(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/api/v1/executions"))
                .withQueryParam("workflowId", com.github.tomakehurst.wiremock.client.WireMock.equalTo("opsRef1")));
    }

    private int failures() throws Exception {
        return Json.MAPPER
                .readTree(
                        daemon.get("/api/v1/sources", DaemonFixture.READ_TOKEN).body())
                .path("sources")
                .get(0)
                .path("failures")
                .asInt();
    }

    private java.util.List<String> mails() throws Exception {
        java.util.List<String> mails = new java.util.ArrayList<>();
        for (Path eml : vigil.testing.Mails.files(daemon.stateDir().resolve("mail"))) {
            mails.add(Files.readString(eml));
        }
        return mails;
    }
}
