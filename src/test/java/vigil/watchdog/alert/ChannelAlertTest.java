package vigil.watchdog.alert;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vigil.notifiers.WebhookNotifier;
import vigil.testing.DaemonFixture;
import vigil.testing.MutableClock;

/** Alerts to a channel route, through the daemon, against WireMock. */
class ChannelAlertTest {
    static final String INVENTORY = """
            people: [{ email: alice@example.com }, { email: bob@example.com }]
            aliases: [{ email: team@example.com, members: [alice@example.com, bob@example.com] }]
            workflows:
              - { id: hourly, owner: team@example.com, every: 1h, grace: 10m, notify: [channel:team-chat] }
            """;

    @RegisterExtension
    static WireMockExtension chat = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");
    DaemonFixture daemon;

    @AfterEach
    void stop() {
        daemon.close();
    }

    void start() throws Exception {
        Files.writeString(dir.resolve("chat-secret"), "chat-signing-secret\n");
        daemon = DaemonFixture.in(dir, INVENTORY)
                .teamChat(chat.baseUrl() + "/hooks/team", "chat-secret")
                .clock(clock)
                .start();
        clock.set("2026-11-23T13:10:00Z");
        daemon.stages().cycle().run();
    }

    @Test
    void a_missed_run_is_posted_to_the_channel_signed() throws Exception {
        chat.stubFor(post(urlEqualTo("/hooks/team")).willReturn(aResponse().withStatus(200)));
        start();
        var request = chat.getAllServeEvents().get(0).getRequest();
        assertThat(request.getBodyAsString()).contains("\"subject\":\"[vigil] hourly missed its run\"");
        assertThat(request.getHeader(WebhookNotifier.SIGNATURE))
                .isEqualTo("sha256=" + WebhookNotifier.hmac("chat-signing-secret", request.getBodyAsString()));
    }

    @Test
    void a_channel_whose_webhook_is_gone_becomes_a_dead_route() throws Exception {
        chat.stubFor(post(urlEqualTo("/hooks/team")).willReturn(aResponse().withStatus(410)));
        start();
        String audit = daemon.get("/api/v1/audit", DaemonFixture.READ_TOKEN).body();
        assertThat(audit)
                .contains("\"rule\":\"route-dead\"")
                .contains("channel:team-chat is gone: its webhook answered 404/410");
    }
}
