package vigil.watchdog.sources;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The HTTP work every adapter shares: what is retried (unreachable, 5xx) and what is not (a refused
 * key, a rate limit, an unknown workflow), and how each answer is told apart — GitHub's 403 with
 * {@code x-ratelimit-remaining: 0} is a rate limit, not a refused token (docs.github.com/en/rest/
 * using-the-rest-api/rate-limits-for-the-rest-api, "Exceeding the rate limit").
 */
class PlatformHttpTest {
    static final String TOKEN = "platform-token-never-shown";

    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    PlatformHttp http() {
        return new PlatformHttp(
                "Example",
                server.baseUrl() + "/",
                HttpClient.newHttpClient(),
                Duration.ofSeconds(2),
                Duration.ofMillis(10),
                () -> Map.of("Authorization", "Bearer " + TOKEN));
    }

    @Test
    void a_server_error_is_tried_again_with_backoff_and_the_third_answer_counts() throws Exception {
        server.stubFor(get(urlPathEqualTo("/runs"))
                .inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(502))
                .willSetStateTo("second"));
        server.stubFor(get(urlPathEqualTo("/runs"))
                .inScenario("flaky")
                .whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("third"));
        server.stubFor(get(urlPathEqualTo("/runs"))
                .inScenario("flaky")
                .whenScenarioStateIs("third")
                .willReturn(okJson("{\"ok\": true}")));

        PlatformHttp http = http();
        assertThat(http.get("/runs?page=1").json().path("ok").asBoolean()).isTrue();
        assertThat(http.requests()).isEqualTo(3);
        server.verify(
                3,
                getRequestedFor(urlPathEqualTo("/runs"))
                        .withHeader(
                                "Authorization",
                                com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer " + TOKEN)));
    }

    @Test
    void three_server_errors_make_the_source_unreachable() {
        server.stubFor(get(urlPathEqualTo("/runs")).willReturn(aResponse().withStatus(500)));
        PlatformHttp http = http();
        SourceException e = catchThrowableOfType(() -> http.get("/runs"), SourceException.class);
        assertThat(e.kind()).isEqualTo(SourceException.Kind.UNREACHABLE);
        assertThat(e.getMessage()).isEqualTo("Example at " + server.baseUrl() + " answered HTTP 500");
        assertThat(http.requests()).isEqualTo(PlatformHttp.ATTEMPTS);
    }

    @Test
    void refusals_rate_limits_and_unknown_workflows_are_not_retried_and_never_name_the_token() {
        record Case(int status, Map<String, String> headers, SourceException.Kind kind) {}
        for (Case c : new Case[] {
            new Case(401, Map.of(), SourceException.Kind.AUTH),
            new Case(403, Map.of(), SourceException.Kind.AUTH),
            new Case(403, Map.of("x-ratelimit-remaining", "0"), SourceException.Kind.RATE_LIMITED),
            new Case(403, Map.of("retry-after", "60"), SourceException.Kind.RATE_LIMITED),
            new Case(429, Map.of("retry-after", "30"), SourceException.Kind.RATE_LIMITED),
            new Case(404, Map.of(), SourceException.Kind.NOT_FOUND),
            new Case(400, Map.of(), SourceException.Kind.UNREACHABLE)
        }) {
            var answer = aResponse().withStatus(c.status()).withBody("{\"message\": \"" + TOKEN + "\"}");
            c.headers().forEach(answer::withHeader);
            server.stubFor(get(urlPathEqualTo("/runs")).willReturn(answer));
            PlatformHttp http = http();
            SourceException e = catchThrowableOfType(() -> http.get("/runs?token=" + TOKEN), SourceException.class);
            assertThat(e.kind()).as("HTTP %d %s", c.status(), c.headers()).isEqualTo(c.kind());
            assertThat(e.getMessage()).contains("HTTP " + c.status()).doesNotContain(TOKEN);
            assertThat(http.requests()).as("HTTP %d is not retried", c.status()).isEqualTo(1);
        }
    }

    @Test
    void an_address_nothing_listens_on_is_unreachable_after_the_retries() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PlatformHttp http = new PlatformHttp(
                "Example",
                "http://127.0.0.1:" + port,
                HttpClient.newHttpClient(),
                Duration.ofSeconds(2),
                Duration.ofMillis(10),
                () -> Map.of("Authorization", "Bearer " + TOKEN));
        SourceException e = catchThrowableOfType(() -> http.get("/runs"), SourceException.class);
        assertThat(e.kind()).isEqualTo(SourceException.Kind.UNREACHABLE);
        assertThat(e.getMessage()).startsWith("Example at http://127.0.0.1:" + port + " unreachable: ");
        assertThat(http.requests()).isEqualTo(PlatformHttp.ATTEMPTS);
    }
}
