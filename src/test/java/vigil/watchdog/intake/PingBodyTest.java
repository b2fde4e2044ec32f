package vigil.watchdog.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vigil.testing.DaemonFixture;
import vigil.testing.TestDatabase;
import vigil.watchdog.http.Json;

/**
 * Bodies that are not plain text — a NUL byte, which PostgreSQL's text cannot hold, and bytes that
 * are not UTF-8 — are stored exactly, shown as text where they can be, and fail no other ping.
 */
class PingBodyTest {
    private static final String INVENTORY = """
            people: [{ email: alice@example.com }, { email: bob@example.com }]
            aliases: [{ email: team@example.com, members: [alice@example.com, bob@example.com] }]
            workflows:
              - { id: backup, owner: team@example.com, every: 1d, notify: [team@example.com] }
              - { id: report, owner: team@example.com, every: 1d, notify: [team@example.com] }
            """;

    private final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void a_binary_body_is_kept_byte_exact_and_fails_no_other_ping(String kind, @TempDir Path dir) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind, dir.resolve("db"));
                DaemonFixture daemon = DaemonFixture.in(dir, INVENTORY)) {
            if (kind.equals("postgresql")) {
                daemon.database(db.url());
            }
            daemon.start();
            byte[] binary = {'o', 'k', 0, (byte) 0xFF, (byte) 0xC3, '\n', 'e', 'n', 'd'};
            List<CompletableFuture<HttpResponse<String>>> others = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                others.add(post(daemon, "/ping/" + DaemonFixture.PING_KEY + "/report", ("run " + i).getBytes()));
            }
            HttpResponse<String> answer = post(daemon, "/ping/" + DaemonFixture.PING_KEY + "/backup/fail", binary)
                    .join();
            assertThat(answer.statusCode()).isEqualTo(200);
            for (CompletableFuture<HttpResponse<String>> other : others) {
                assertThat(other.join().statusCode()).isEqualTo(200);
            }

            JsonNode run = runs(daemon, "backup").path("runs").get(0);
            assertThat(run.path("body").asText()).isEqualTo("ok\uFFFD\uFFFD\uFFFD\nend");
            assertThat(Base64.getDecoder().decode(run.path("body_bytes").asText()))
                    .as("the body exactly as received")
                    .isEqualTo(binary);
            JsonNode text = runs(daemon, "report").path("runs").get(0);
            assertThat(text.path("body").asText()).startsWith("run ");
            assertThat(text.path("body_bytes").isNull()
                            || text.path("body_bytes").isMissingNode())
                    .as("plain text is kept once")
                    .isTrue();
            assertThat(runs(daemon, "report").path("total").asInt()).isEqualTo(50);
        }
    }

    private CompletableFuture<HttpResponse<String>> post(DaemonFixture daemon, String path, byte[] body) {
        return http.sendAsync(
                HttpRequest.newBuilder(URI.create(daemon.url(path)))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode runs(DaemonFixture daemon, String workflow) throws Exception {
        return Json.MAPPER.readTree(
                daemon.get("/api/v1/workflows/" + workflow + "/runs?limit=1", DaemonFixture.READ_TOKEN)
                        .body());
    }
}
