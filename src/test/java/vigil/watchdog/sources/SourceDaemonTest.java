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
                        + "\", api_key: \"${file:n8n-key}\", poll: " + poll + " }\n" + moreSources)
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
                .contains("etl              airflow");
    }
}
