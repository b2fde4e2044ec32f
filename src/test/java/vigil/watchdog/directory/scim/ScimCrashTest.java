package vigil.watchdog.directory.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.testing.DaemonFixture;
import vigil.testing.DaemonProcess;
import vigil.watchdog.directory.DirectoryStore;
import vigil.watchdog.http.Tokens;

/**
 * The daemon is killed with SIGKILL while a directory creates and deactivates users one after
 * the other. Restarted, it has every user whose create was answered 201 and every deactivation
 * answered 200 — the person inactive, its event written once: an answer is only sent after its
 * transaction committed.
 */
class ScimCrashTest {
    @Test
    void every_answered_create_and_deactivation_survives_a_kill(@TempDir Path dir) throws Exception {
        DaemonFixture fixture = DaemonFixture.in(dir, ScimDaemon.INVENTORY)
                .appendConfig("directory: { scim: { token_sha256: \"" + Tokens.sha256(ScimDaemon.TOKEN) + "\" } }\n");
        Map<String, String> created = new ConcurrentHashMap<>(); // email -> id
        List<String> deactivated = new CopyOnWriteArrayList<>();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try (DaemonProcess daemon = DaemonProcess.start(fixture, dir.resolve("first.log"))) {
            Thread directory = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    String email = "leaver" + i + "@example.com";
                    try {
                        HttpResponse<String> answer = send(http, fixture, "POST", "/Users", """
                                {"userName": "%s", "active": true}""".formatted(email));
                        if (answer.statusCode() != 201) {
                            return;
                        }
                        String id = ScimDaemon.json(answer).path("id").asText();
                        created.put(email, id);
                        if (send(http, fixture, "PATCH", "/Users/" + id, OktaProvisioningTest.DEACTIVATE)
                                        .statusCode()
                                == 200) {
                            deactivated.add(email);
                        }
                    } catch (IOException | RuntimeException e) {
                        return; // the daemon is gone
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            directory.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (deactivated.size() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            daemon.signal("KILL");
            assertThat(daemon.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            directory.join(30_000);
        }
        assertThat(deactivated).hasSizeGreaterThanOrEqualTo(20);

        fixture.start();
        try {
            DirectoryStore store =
                    new DirectoryStore(fixture.stages().database().dataSource(), DaemonFixture.CLOCK);
            var people = store.facts().people();
            for (Map.Entry<String, String> user : created.entrySet()) {
                assertThat(send(http, fixture, "GET", "/Users/" + user.getValue(), null)
                                .statusCode())
                        .as(user.getKey())
                        .isEqualTo(200);
                assertThat(people).anyMatch(p -> p.email().equals(user.getKey()));
            }
            for (String email : deactivated) {
                assertThat(people)
                        .filteredOn(p -> p.email().equals(email))
                        .singleElement()
                        .matches(p -> !p.activeNow(), "inactive");
                assertThat(store.history(email)).as(email).hasSize(1);
            }
        } finally {
            fixture.stop();
        }
    }

    private static HttpResponse<String> send(
            HttpClient http, DaemonFixture fixture, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(fixture.url("/scim/v2" + path)))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + ScimDaemon.TOKEN)
                .header("Content-Type", "application/scim+json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
