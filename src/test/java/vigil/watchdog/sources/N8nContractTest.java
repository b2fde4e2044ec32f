package vigil.watchdog.sources;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vigil.inventory.Secret;
import vigil.watchdog.config.Config;

/**
 * The n8n adapter against WireMock answering as n8n's public API v1 does. Fixtures are written
 * field by field from the API reference (https://docs.n8n.io/api/api-reference/, "Execution":
 * GET /executions with workflowId, includeData, limit, cursor; an execution's id, finished, mode,
 * startedAt, stoppedAt, workflowId, status; the list's data and nextCursor), and from what n8n 1.x
 * puts under data.resultData.error for a failed node (message, description, httpCode, node.name).
 */
class N8nContractTest {
    static final String KEY = "n8n-api-key-do-not-leak";

    @RegisterExtension
    static WireMockExtension n8n = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    N8n adapter() {
        return new N8n(new PlatformHttp(
                "n8n",
                n8n.baseUrl(),
                HttpClient.newHttpClient(),
                Duration.ofSeconds(2),
                Duration.ofMillis(10),
                () -> N8n.headers(KEY)));
    }

    static String execution(long id, String status, String started, String stopped, String error) {
        return """
                { "id": "%d", "finished": %s, "mode": "trigger", "retryOf": null, "retrySuccessId": null,
                  "startedAt": %s, "stoppedAt": %s, "workflowId": "kX2pQ9aLm3Rt", "waitTill": null,
                  "status": "%s"%s }""".formatted(
                        id,
                        status.equals("success"),
                        started == null ? "null" : "\"" + started + "\"",
                        stopped == null ? "null" : "\"" + stopped + "\"",
                        status,
                        error == null ? "" : ", \"data\": { \"resultData\": { \"error\": " + error + " } }");
    }

    @Test
    void executions_are_paged_by_cursor_newest_first_and_mapped_to_runs() throws Exception {
        n8n.stubFor(get(urlPathEqualTo("/api/v1/executions"))
                .withQueryParam("workflowId", equalTo("kX2pQ9aLm3Rt"))
                .withQueryParam("includeData", equalTo("true"))
                .withQueryParam("cursor", com.github.tomakehurst.wiremock.client.WireMock.absent())
                .withHeader("X-N8N-API-KEY", equalTo(KEY))
                .willReturn(okJson("{ \"data\": ["
                        + execution(105, "running", "2026-11-27T10:05:00.000Z", null, null) + ","
                        + execution(104, "error", "2026-11-27T10:04:00.000Z", "2026-11-27T10:04:03.000Z", """
                                { "message": "Authorization failed - please check your credentials",
                                  "description": "Unauthorized", "httpCode": "401",
                                  "node": { "name": "Fetch accounts", "type": "n8n-nodes-base.httpRequest" } }""")
                        + "], \"nextCursor\": \"MTAz\" }")));
        n8n.stubFor(get(urlPathEqualTo("/api/v1/executions"))
                .withQueryParam("cursor", equalTo("MTAz"))
                .willReturn(okJson("{ \"data\": ["
                        + execution(103, "success", "2026-11-27T10:03:00.000Z", "2026-11-27T10:03:02.500Z", null) + ","
                        + execution(102, "crashed", "2026-11-27T10:02:00.000Z", "2026-11-27T10:02:01.000Z", null) + ","
                        + execution(101, "canceled", null, "2026-11-27T10:01:00.000Z", null)
                        + "], \"nextCursor\": null }")));

        Platform.Pull pull = adapter().pull("kX2pQ9aLm3Rt", null);

        assertThat(pull.runs())
                .extracting(PulledRun::externalId, PulledRun::status)
                .as("canceled before it started is no run")
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("105", "started"),
                        org.assertj.core.groups.Tuple.tuple("104", "fail"),
                        org.assertj.core.groups.Tuple.tuple("103", "success"),
                        org.assertj.core.groups.Tuple.tuple("102", "fail"));
        assertThat(pull.runs().get(1).body())
                .isEqualTo("n8n error: HTTP 401: Authorization failed - please check your credentials (node Fetch"
                        + " accounts)\nUnauthorized");
        assertThat(pull.runs().get(2).started()).isEqualTo(Instant.parse("2026-11-27T10:03:00Z"));
        assertThat(pull.runs().get(2).finished()).isEqualTo(Instant.parse("2026-11-27T10:03:02.500Z"));
        assertThat(pull.watermark())
                .as("below the execution still running, so it is read again")
                .isEqualTo("104");
    }

    @Test
    void paging_stops_at_the_watermark() throws Exception {
        n8n.stubFor(get(urlPathEqualTo("/api/v1/executions"))
                .willReturn(okJson("{ \"data\": ["
                        + execution(9, "success", "2026-11-27T10:09:00Z", "2026-11-27T10:09:01Z", null) + ","
                        + execution(8, "success", "2026-11-27T10:08:00Z", "2026-11-27T10:08:01Z", null)
                        + "], \"nextCursor\": \"more\" }")));

        Platform.Pull pull = adapter().pull("kX2pQ9aLm3Rt", "8");

        assertThat(pull.runs()).extracting(PulledRun::externalId).containsExactly("9");
        assertThat(pull.watermark()).isEqualTo("9");
        n8n.verify(
                1,
                getRequestedFor(urlPathEqualTo("/api/v1/executions"))
                        .withQueryParam("status", com.github.tomakehurst.wiremock.client.WireMock.absent()));
    }

    @Test
    void an_empty_history_keeps_the_watermark() throws Exception {
        n8n.stubFor(
                get(urlPathEqualTo("/api/v1/executions")).willReturn(okJson("{ \"data\": [], \"nextCursor\": null }")));
        assertThat(adapter().pull("kX2pQ9aLm3Rt", "41").watermark()).isEqualTo("41");
        assertThat(adapter().pull("kX2pQ9aLm3Rt", null).runs()).isEmpty();
    }

    @Test
    void vigil_s_own_trouble_is_told_apart_and_never_names_the_key() throws Exception {
        for (int status : new int[] {401, 403, 429, 500}) {
            n8n.stubFor(get(urlPathEqualTo("/api/v1/executions"))
                    .willReturn(aResponse().withStatus(status)));
            SourceException e = catchThrowableOfType(() -> adapter().pull("kX2pQ9aLm3Rt", null), SourceException.class);
            assertThat(e.kind())
                    .as("HTTP %d", status)
                    .isEqualTo(
                            status == 429
                                    ? SourceException.Kind.RATE_LIMITED
                                    : status == 500 ? SourceException.Kind.UNREACHABLE : SourceException.Kind.AUTH);
            assertThat(e.getMessage()).contains("HTTP " + status).doesNotContain(KEY);
        }
        n8n.stubFor(get(urlPathEqualTo("/api/v1/executions")).willReturn(okJson("{ \"data\": [ {\"id\": ")));
        assertThat(catchThrowableOfType(() -> adapter().pull("kX2pQ9aLm3Rt", null), SourceException.class)
                        .kind())
                .isEqualTo(SourceException.Kind.MALFORMED);
        n8n.stubFor(get(urlPathEqualTo("/api/v1/executions"))
                .willReturn(okJson("{}").withFixedDelay(3_000)));
        assertThat(catchThrowableOfType(() -> adapter().pull("kX2pQ9aLm3Rt", null), SourceException.class)
                        .kind())
                .as("a timeout")
                .isEqualTo(SourceException.Kind.UNREACHABLE);
    }

    /**
     * n8n leaves a request that offers an upgrade to h2c unanswered (Node gives every request with
     * {@code Upgrade:} to its WebSocket handlers, which answer only their own paths). A server that
     * does the same is still read by the adapter as the daemon builds it, in well under the 30 s a
     * request may take.
     */
    @Test
    void the_daemon_s_client_offers_no_upgrade_that_n8n_would_leave_unanswered() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread serving = new Thread(() -> {
                try {
                    while (true) {
                        Socket socket = server.accept();
                        BufferedReader in = new BufferedReader(
                                new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
                        boolean upgrade = false;
                        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                            upgrade |= line.toLowerCase(Locale.ROOT).startsWith("upgrade:");
                        }
                        if (upgrade) {
                            held.add(socket); // as n8n does: neither answered nor closed
                            continue;
                        }
                        String body = "{ \"data\": [], \"nextCursor\": null }";
                        socket.getOutputStream()
                                .write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                                                + body.length() + "\r\nConnection: close\r\n\r\n" + body)
                                        .getBytes(StandardCharsets.ISO_8859_1));
                        socket.close();
                    }
                } catch (IOException closed) {
                    // the server socket closed: the test is over
                }
            });
            serving.setDaemon(true);
            serving.start();
            Platform platform = Platforms.of(
                    Config.SourceServer.n8n(
                            "http://127.0.0.1:" + server.getLocalPort(), new Secret(KEY), Duration.ofMinutes(5)),
                    java.time.Clock.systemUTC());

            Platform.Pull pull =
                    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> platform.pull("kX2pQ9aLm3Rt", null));

            assertThat(pull.runs()).isEmpty();
            assertThat(held).as("requests that offered an upgrade").isEmpty();
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void an_older_execution_still_running_holds_the_watermark_though_the_list_leaves_it_out() throws Exception {
        // n8n 1.123 lists 7 (finished) but not 6, which started earlier and is still running
        n8n.stubFor(get(urlPathEqualTo("/api/v1/executions"))
                .withQueryParam("status", com.github.tomakehurst.wiremock.client.WireMock.absent())
                .willReturn(okJson("{ \"data\": ["
                        + execution(7, "success", "2026-11-27T10:07:00Z", "2026-11-27T10:07:01Z", null) + ","
                        + execution(5, "success", "2026-11-27T10:05:00Z", "2026-11-27T10:05:01Z", null)
                        + "], \"nextCursor\": null }")));
        n8n.stubFor(get(urlPathEqualTo("/api/v1/executions"))
                .withQueryParam("status", equalTo("running"))
                .withQueryParam("workflowId", equalTo("kX2pQ9aLm3Rt"))
                .willReturn(okJson("{ \"data\": ["
                        + execution(6, "running", "2026-11-27T10:06:00Z", null, null)
                        + "], \"nextCursor\": null }")));

        Platform.Pull pull = adapter().pull("kX2pQ9aLm3Rt", "4");

        assertThat(pull.runs())
                .extracting(PulledRun::externalId, PulledRun::status)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("7", "success"),
                        org.assertj.core.groups.Tuple.tuple("5", "success"),
                        org.assertj.core.groups.Tuple.tuple("6", "started"));
        assertThat(pull.watermark())
                .as("below 6, so it is read when it finishes")
                .isEqualTo("5");
    }
}
