package vigil.watchdog.sources;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vigil.testing.DaemonFixture;
import vigil.testing.DaemonProcess;
import vigil.watchdog.http.Json;

/**
 * The daemon is killed with SIGKILL in the middle of a poll round — some workflows' runs stored,
 * one pull in flight. Restarted, it pulls on from the stored watermarks: every platform run is
 * stored exactly once, none lost and none doubled.
 */
class SourceCrashTest {
    static final int WORKFLOWS = 6;
    static final int EXECUTIONS = 40;
    static final int SLOW = 3;

    @RegisterExtension
    static WireMockExtension n8n = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path dir;

    static String history(int workflow) {
        List<String> executions = new ArrayList<>();
        for (int i = EXECUTIONS; i >= 1; i--) {
            long id = workflow * 1000L + i;
            executions.add(N8nContractTest.execution(
                    id,
                    i % 7 == 0 ? "error" : "success",
                    "2026-11-2%dT10:%02d:00Z".formatted(workflow % 3 + 1, i),
                    "2026-11-2%dT10:%02d:30Z".formatted(workflow % 3 + 1, i),
                    i % 7 == 0 ? "{ \"message\": \"Bad credentials\", \"httpCode\": \"401\" }" : null));
        }
        return "{ \"data\": [" + String.join(",", executions) + "], \"nextCursor\": null }";
    }

    void stub(boolean slow) {
        n8n.resetAll();
        for (int w = 1; w <= WORKFLOWS; w++) {
            var answer = okJson(history(w));
            if (slow && w == SLOW) {
                answer = answer.withFixedDelay(60_000);
            }
            n8n.stubFor(get(urlPathEqualTo("/api/v1/executions"))
                    .withQueryParam("workflowId", equalTo("wf" + w))
                    .willReturn(answer));
        }
    }

    @Test
    void a_poll_killed_midway_resumes_from_the_watermarks_and_stores_each_run_once() throws Exception {
        StringBuilder inventory = new StringBuilder("""
                people: [{ email: alice@example.com }]
                workflows:
                """);
        for (int w = 1; w <= WORKFLOWS; w++) {
            inventory.append(
                    "  - { id: flow-%d, owner: alice@example.com, every: 1d, notify: [alice@example.com],".formatted(w)
                            + " source: { server: crm-n8n, ref: wf%d } }\n".formatted(w));
        }
        Files.writeString(dir.resolve("n8n-key"), "key\n");
        DaemonFixture fixture = DaemonFixture.in(dir, inventory.toString())
                .appendConfig("sources:\n  crm-n8n: { kind: n8n, url: \"" + n8n.baseUrl()
                        + "\", api_key: \"${file:n8n-key}\", poll: 2s }\n");

        stub(true);
        try (DaemonProcess daemon = DaemonProcess.start(fixture, dir.resolve("first.log"))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline
                    && n8n.countRequestsMatching(getRequestedFor(urlPathEqualTo("/api/v1/executions"))
                                            .withQueryParam("workflowId", equalTo("wf" + SLOW))
                                            .build())
                                    .getCount()
                            == 0) {
                Thread.sleep(50);
            }
            assertThat(total(fixture, 1))
                    .as("the workflows before the slow one were stored")
                    .isEqualTo(EXECUTIONS);
            assertThat(total(fixture, SLOW)).as("the slow pull is in flight").isZero();
            daemon.signal("KILL");
            assertThat(daemon.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        stub(false);
        try (DaemonProcess daemon = DaemonProcess.start(fixture, dir.resolve("second.log"))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && total(fixture, WORKFLOWS) < EXECUTIONS) {
                Thread.sleep(100);
            }
            Thread.sleep(5_000); // two more rounds: nothing may be stored again
            for (int w = 1; w <= WORKFLOWS; w++) {
                assertThat(total(fixture, w)).as("flow-%d", w).isEqualTo(EXECUTIONS);
            }
            var runs = Json.MAPPER.readTree(fetch(fixture, "/api/v1/workflows/flow-1/runs?limit=100"));
            assertThat(runs.path("runs").findValuesAsText("status"))
                    .filteredOn("fail"::equals)
                    .hasSize(EXECUTIONS / 7);
        }
    }

    private static int total(DaemonFixture fixture, int workflow) throws Exception {
        return Json.MAPPER
                .readTree(fetch(fixture, "/api/v1/workflows/flow-" + workflow + "/runs"))
                .path("total")
                .asInt();
    }

    private static String fetch(DaemonFixture fixture, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(fixture.url(path)))
                                .header("Authorization", "Bearer " + DaemonFixture.READ_TOKEN)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
