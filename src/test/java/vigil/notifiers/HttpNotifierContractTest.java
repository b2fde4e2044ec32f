package vigil.notifiers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every HTTP notifier passes against WireMock: the status-code → retry table,
 * timeouts and refused connections, and no secret (URL token, routing key, signing secret) in
 * any outcome.
 */
class HttpNotifierContractTest {
    /** Generous, so a loaded machine does not turn an answer into a timeout; the timeout test uses {@link #SHORT}. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    static final Duration SHORT = Duration.ofMillis(500);
    static final String SLACK_TOKEN = "slack-token-s3cr3t";
    static final String HMAC_SECRET = "hmac-s3cr3t";
    static final String ROUTING_KEY = "routing-s3cr3t";
    static final List<String> SECRETS = List.of(SLACK_TOKEN, HMAC_SECRET, ROUTING_KEY);
    static final Message MESSAGE = new Message(
            "hourly missed its run", "No run since 13:00.", "<p>No run</p>", "alert-1-abc", "vigil/hourly", false);

    @RegisterExtension
    static WireMockExtension peer = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    record Kind(String name, java.util.function.BiFunction<String, Duration, Notifier> make) {
        Notifier at(String base) {
            return make.apply(base, TIMEOUT);
        }
    }

    static final List<Kind> KINDS = List.of(
            new Kind("slack", (base, t) -> new SlackNotifier(() -> base + "/services/T0/B0/" + SLACK_TOKEN, t)),
            new Kind("webhook", (base, t) -> new WebhookNotifier(() -> base + "/hooks/vigil", () -> HMAC_SECRET, t)),
            new Kind("pagerduty", (base, t) -> new PagerDutyNotifier(base + "/v2/enqueue", () -> ROUTING_KEY, t)));

    static Stream<Arguments> table() {
        int[][] rows = {
            {200, 0}, {202, 0}, {400, 2}, {401, 2}, {403, 2}, {404, 3}, {410, 3}, {408, 1}, {429, 1}, {500, 1},
            {502, 1}, {503, 1}
        };
        return KINDS.stream()
                .flatMap(kind -> Stream.of(rows)
                        .map(r -> Arguments.of(Named.of(kind.name() + " HTTP " + r[0], kind), r[0], r[1])));
    }

    @BeforeEach
    void reset() {
        peer.resetAll();
    }

    static void noSecretIn(Outcome outcome) {
        for (String secret : SECRETS) {
            assertThat(outcome.toString()).doesNotContain(secret);
        }
    }

    /** expected: 0 delivered, 1 retry, 2 permanent, 3 permanent with the destination gone. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void status_codes_map_to_delivered_retry_or_permanent(Kind kind, int status, int expected) {
        peer.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(status)));
        Outcome outcome = kind.at(peer.baseUrl()).send(MESSAGE, "channel:ops");
        switch (expected) {
            case 0 -> assertThat(outcome).isEqualTo(new Outcome.Delivered());
            case 1 -> assertThat(outcome).isInstanceOf(Outcome.Retry.class);
            default -> {
                assertThat(outcome).isInstanceOf(Outcome.Permanent.class);
                assertThat(((Outcome.Permanent) outcome).gone()).isEqualTo(expected == 3);
            }
        }
        noSecretIn(outcome);
    }

    static Stream<Arguments> kinds() {
        return KINDS.stream().map(k -> Arguments.of(Named.of(k.name(), k)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void a_peer_that_does_not_answer_in_time_is_retried(Kind kind) {
        peer.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(2_000)));
        Outcome outcome = kind.make().apply(peer.baseUrl(), SHORT).send(MESSAGE, "channel:ops");
        assertThat(outcome).isInstanceOf(Outcome.Retry.class);
        noSecretIn(outcome);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void a_refused_connection_is_retried_without_naming_the_url(Kind kind) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Outcome outcome = kind.at("http://127.0.0.1:" + closed).send(MESSAGE, "channel:ops");
        assertThat(outcome).isInstanceOf(Outcome.Retry.class);
        noSecretIn(outcome);
    }

    private static JsonNode onlyRequestBody() throws Exception {
        List<ServeEvent> events = peer.getAllServeEvents();
        assertThat(events).hasSize(1);
        return new ObjectMapper().readTree(events.get(0).getRequest().getBodyAsString());
    }

    @Test
    void the_webhook_signs_the_exact_body_with_hmac_sha256() throws Exception {
        peer.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(204)));
        new WebhookNotifier(() -> peer.baseUrl() + "/hooks/vigil", () -> HMAC_SECRET, TIMEOUT).send(MESSAGE, "x");
        var request = peer.getAllServeEvents().get(0).getRequest();
        assertThat(request.getHeader(WebhookNotifier.SIGNATURE))
                .isEqualTo("sha256=" + WebhookNotifier.hmac(HMAC_SECRET, request.getBodyAsString()));
        assertThat(request.getHeader(WebhookNotifier.IDEMPOTENCY_KEY)).isEqualTo("alert-1-abc");
        assertThat(onlyRequestBody().path("subject").asText()).isEqualTo("hourly missed its run");
    }

    @Test
    void pagerduty_triggers_and_resolves_with_one_stable_dedup_key() throws Exception {
        peer.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(202)));
        PagerDutyNotifier pd = new PagerDutyNotifier(peer.baseUrl() + "/v2/enqueue", () -> ROUTING_KEY, TIMEOUT);
        pd.send(MESSAGE, "channel:pager");
        JsonNode trigger = onlyRequestBody();
        peer.resetRequests();
        pd.send(new Message("hourly recovered", "ok", "ok", "alert-2-def", "vigil/hourly", true), "channel:pager");
        JsonNode resolve = onlyRequestBody();

        assertThat(trigger.path("event_action").asText()).isEqualTo("trigger");
        assertThat(trigger.path("payload").path("summary").asText()).isEqualTo("hourly missed its run");
        assertThat(resolve.path("event_action").asText()).isEqualTo("resolve");
        assertThat(resolve.path("dedup_key").asText())
                .isEqualTo(trigger.path("dedup_key").asText())
                .isEqualTo("vigil/hourly");
    }

    @Test
    void slack_posts_the_subject_and_text() throws Exception {
        peer.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
        new SlackNotifier(() -> peer.baseUrl() + "/services/T0/B0/" + SLACK_TOKEN, TIMEOUT).send(MESSAGE, "x");
        assertThat(onlyRequestBody().path("text").asText()).isEqualTo("*hourly missed its run*\nNo run since 13:00.");
    }
}
