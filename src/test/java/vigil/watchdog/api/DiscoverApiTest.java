package vigil.watchdog.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.inventory.Definition;
import vigil.inventory.Inventory;
import vigil.inventory.Observed;
import vigil.inventory.discovery.Proposal;
import vigil.inventory.store.Database;
import vigil.testing.DaemonFixture;
import vigil.testing.Inventories;
import vigil.testing.MutableClock;
import vigil.watchdog.Stages;
import vigil.watchdog.config.Config;
import vigil.watchdog.config.ConfigLoader;
import vigil.watchdog.http.ApiServer;
import vigil.watchdog.http.HttpError;
import vigil.watchdog.http.Json;
import vigil.watchdog.sources.Platform;
import vigil.watchdog.sources.SourceDefinitions;
import vigil.watchdog.sources.SourceException;

/**
 * {@code GET /api/v1/discover} over a real vigil.yaml and a real H2 database, with the platform a
 * test double that returns fixed definitions or fails as a platform does ({@link SourceException}):
 * the daemon builds platforms through the factory this endpoint takes, so this is the seam. A
 * fresh read is kept; a failed one falls back to the definitions read last and says so; a source
 * never read answers 502.
 */
class DiscoverApiTest {
    static final Inventory INVENTORY = Inventories.load("""
            people: [{ email: alice@example.com }, { email: bob@example.com }]
            aliases: [{ email: team@example.com, members: [alice@example.com, bob@example.com] }]
            workflows:
              - { id: crm-export, owner: team@example.com, schedule: "0 6 * * *", notify: [team@example.com],
                  source: { kind: n8n, server: crm-n8n, ref: wf1 } }
            """);

    static Definition definition(String ref, String name, List<String> schedules, boolean paused) {
        return new Definition("crm-n8n", ref, name, schedules, null, paused, null, List.of(), List.of(), List.of());
    }

    static final List<Definition> PLATFORM = List.of(
            definition("wf1", "CRM export", List.of("0 6 * * *"), false),
            definition("wf2", "Invoice reminders", List.of("0 8 * * 1-5"), false),
            definition("wf3", "Old import", List.of("0 3 * * *"), true),
            definition("wf4", "Webhook intake", List.of(), false));

    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2026-11-27T10:00:00Z");
    final AtomicReference<List<Definition>> defined = new AtomicReference<>(PLATFORM);
    final AtomicReference<SourceException> failure = new AtomicReference<>();
    final AtomicInteger reads = new AtomicInteger();
    Database database;
    SourceDefinitions store;
    DiscoverApi api;

    /** The platform as the daemon would build it for one request. */
    Platform platform() {
        return new Platform() {
            @Override
            public Pull pull(String ref, String watermark) {
                return new Pull(List.of(), watermark);
            }

            @Override
            public List<Definition> definitions(String source) throws SourceException {
                reads.incrementAndGet();
                if (failure.get() != null) {
                    throw failure.get();
                }
                return defined.get();
            }
        };
    }

    @BeforeEach
    void wire() throws Exception {
        Files.writeString(dir.resolve("n8n-key"), "key\n");
        DaemonFixture files = DaemonFixture.in(dir, "")
                .appendConfig("sources:\n"
                        + "  crm-n8n: { kind: n8n, url: \"http://127.0.0.1:9\", api_key: \"${file:n8n-key}\" }\n"
                        + "  ops-jobs: { kind: n8n, url: \"http://127.0.0.1:9\", api_key: \"${file:n8n-key}\" }\n");
        Config config = ConfigLoader.load(files.configFile());
        database = Database.open("jdbc:h2:file:" + dir.resolve("vigil"), null, null, 2, Stages.MIGRATIONS);
        store = new SourceDefinitions(database.dataSource());
        BiFunction<Config.SourceServer, Clock, Platform> platforms =
                (server, c) -> server.url().equals("http://127.0.0.1:9") ? platform() : null;
        api = new DiscoverApi(() -> config, () -> INVENTORY, platforms, store, clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    static ApiServer.Request get(String... query) {
        Map<String, List<String>> params = new java.util.HashMap<>();
        for (int i = 0; i < query.length; i += 2) {
            params.put(query[i], List.of(query[i + 1]));
        }
        return new ApiServer.Request("GET", "/api/v1/discover", params, new byte[0], h -> null, "127.0.0.1");
    }

    JsonNode discover(String source) throws Exception {
        ApiServer.Response response = api.discover(get("source", source));
        assertThat(response.status()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    @Test
    void a_fresh_read_is_proposed_and_kept() throws Exception {
        JsonNode body = discover("crm-n8n");

        assertThat(body.path("source").asText()).isEqualTo("crm-n8n");
        assertThat(body.path("kind").asText()).isEqualTo("n8n");
        assertThat(body.path("fresh").asBoolean()).isTrue();
        assertThat(body.path("error").isNull()).isTrue();
        assertThat(body.path("read_at").asText()).isEqualTo("2026-11-27T10:00:00Z");
        assertThat(body.path("definitions").asInt()).isEqualTo(4);
        assertThat(body.path("uninventoried").asInt()).isEqualTo(3);
        assertThat(body.path("proposed").asInt())
                .as("the entries the YAML proposes: wf2 and the paused wf3 (paused: true); the webhook is left out")
                .isEqualTo(2);
        String yaml = body.path("yaml").asText();
        assertThat(yaml)
                .startsWith("# Proposed by 'vigil discover crm-n8n': the workflows n8n source 'crm-n8n' defines\n"
                        + "# that no inventory entry watches (3 of 4), as read at 2026-11-27T10:00:00Z.\n"
                        + "# Review each entry:")
                .doesNotContain("did not answer")
                .endsWith(Proposal.yaml(Observed.of(INVENTORY, PLATFORM), "crm-n8n", List.of()));
        assertThat(yaml.lines().filter(l -> l.startsWith("  - id: ")))
                .as("entries not commented out")
                .hasSize(body.path("proposed").asInt());
        assertThat(store.of("crm-n8n")).as("kept, as a poll would").isEqualTo(PLATFORM);
        assertThat(store.status("crm-n8n")).contains(new SourceDefinitions.Status(clock.instant(), null));
    }

    @Test
    void a_platform_that_does_not_answer_gets_the_definitions_read_last_said_as_such() throws Exception {
        discover("crm-n8n");
        clock.set("2026-11-27T12:00:00Z");
        defined.set(List.of(PLATFORM.get(0)));
        failure.set(new SourceException(SourceException.Kind.UNREACHABLE, "n8n did not answer within 30s"));

        JsonNode body = discover("crm-n8n");

        assertThat(reads.get()).as("asked the platform each time").isEqualTo(2);
        assertThat(body.path("fresh").asBoolean()).isFalse();
        assertThat(body.path("error").asText()).isEqualTo("n8n did not answer within 30s");
        assertThat(body.path("read_at").asText()).as("when they were read").isEqualTo("2026-11-27T10:00:00Z");
        assertThat(body.path("definitions").asInt()).isEqualTo(4);
        assertThat(body.path("yaml").asText())
                .contains("as read at 2026-11-27T10:00:00Z.\n# The platform did not answer now (n8n did not answer"
                        + " within 30s): these are the definitions read last.\n")
                .contains("name: \"Invoice reminders\"");
        assertThat(store.status("crm-n8n"))
                .contains(new SourceDefinitions.Status(
                        java.time.Instant.parse("2026-11-27T10:00:00Z"), "n8n did not answer within 30s"));
    }

    @Test
    void a_source_never_read_whose_platform_does_not_answer_is_a_502_with_the_platform_s_words() {
        failure.set(new SourceException(SourceException.Kind.AUTH, "n8n refused Vigil's credentials (HTTP 401)"));

        HttpError e = catchThrowableOfType(() -> api.discover(get("source", "crm-n8n")), HttpError.class);

        assertThat(e.status()).isEqualTo(502);
        assertThat(e.getMessage())
                .isEqualTo("cannot read the definitions of source 'crm-n8n': n8n refused Vigil's credentials (HTTP"
                        + " 401)");
        assertThat(store.status("crm-n8n"))
                .contains(new SourceDefinitions.Status(null, "n8n refused Vigil's credentials (HTTP 401)"));
    }

    @Test
    void an_unknown_source_suggests_the_one_meant_and_lists_them_and_no_source_asks_for_one() {
        HttpError unknown = catchThrowableOfType(() -> api.discover(get("source", "crm-n8m")), HttpError.class);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.getMessage())
                .isEqualTo("unknown source 'crm-n8m' (did you mean 'crm-n8n'?); sources: crm-n8n, ops-jobs");

        HttpError none = catchThrowableOfType(() -> api.discover(get()), HttpError.class);
        assertThat(none.status()).isEqualTo(400);
        assertThat(reads.get()).isZero();
    }
}
