package vigil.watchdog.sources;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vigil.inventory.Inventory;
import vigil.inventory.store.Database;
import vigil.testing.Inventories;
import vigil.testing.MutableClock;
import vigil.testing.TestDatabase;
import vigil.watchdog.Stages;

/**
 * Polls of an n8n (WireMock) stored in a real database, H2 and PostgreSQL: a platform run is
 * stored once however often it is polled, a run seen running is completed in place, and the
 * source's own failures are its health, not the workflow's.
 */
class SourcePollTest {
    static final Inventory INVENTORY = Inventories.load("""
            people: [{ email: alice@example.com }, { email: bob@example.com }]
            aliases: [{ email: team@example.com, members: [alice@example.com, bob@example.com] }]
            workflows:
              - { id: crm-export, owner: team@example.com, schedule: "0 * * * *", notify: [team@example.com],
                  source: { kind: n8n, server: crm-n8n, ref: kX2pQ9aLm3Rt } }
            """);

    @RegisterExtension
    static WireMockExtension n8n = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    final MutableClock clock = MutableClock.at("2026-11-27T11:00:00Z");

    static void history(String... executions) {
        n8n.stubFor(get(urlPathEqualTo("/api/v1/executions"))
                .willReturn(okJson("{ \"data\": [" + String.join(",", executions) + "], \"nextCursor\": null }")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void polls_store_each_platform_run_once_and_complete_running_ones_in_place(String kind, @TempDir Path dir) {
        try (TestDatabase db = TestDatabase.open(kind, dir);
                Database database = Database.open(db.url(), null, null, 4, Stages.MIGRATIONS)) {
            SourceRuns store = new SourceRuns(database.dataSource());
            Platform platform = n8nAdapter();
            Poller poller = new Poller(() -> INVENTORY, name -> platform, store, clock);

            history(
                    N8nContractTest.execution(12, "running", "2026-11-27T10:00:00Z", null, null),
                    N8nContractTest.execution(11, "success", "2026-11-27T09:00:00Z", "2026-11-27T09:00:04Z", null));
            assertThat(poller.poll("crm-n8n")).isEqualTo(2);
            assertThat(poller.poll("crm-n8n"))
                    .as("the same history again: nothing new")
                    .isZero();

            history(
                    N8nContractTest.execution(13, "success", "2026-11-27T11:00:00Z", "2026-11-27T11:00:02Z", null),
                    N8nContractTest.execution(
                            12,
                            "error",
                            "2026-11-27T10:00:00Z",
                            "2026-11-27T10:00:09Z",
                            "{ \"message\": \"Bad credentials\", \"httpCode\": \"401\" }"),
                    N8nContractTest.execution(11, "success", "2026-11-27T09:00:00Z", "2026-11-27T09:00:04Z", null));
            assertThat(poller.poll("crm-n8n")).as("13 added, 12 completed").isEqualTo(2);
            assertThat(poller.poll("crm-n8n")).isZero();

            List<String> rows = Jdbi.create(database.dataSource())
                    .withHandle(h -> h.createQuery("SELECT r.status, r.source, r.duration_ms, COALESCE(r.body, '')"
                                    + " FROM run r JOIN pulled_run p ON p.run = r.id ORDER BY p.external_id")
                            .map((rs, ctx) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getLong(3) + " "
                                    + rs.getString(4))
                            .list());
            assertThat(rows)
                    .containsExactly(
                            "success crm-n8n 4000 ",
                            "fail crm-n8n 9000 n8n error: HTTP 401: Bad credentials",
                            "success crm-n8n 2000 ");
            assertThat(store.health("crm-n8n").orElseThrow().runsPulled()).isEqualTo(4);

            n8n.stubFor(get(urlPathEqualTo("/api/v1/executions"))
                    .willReturn(aResponse().withStatus(401)));
            poller.poll("crm-n8n");
            SourceRuns.Health health = store.health("crm-n8n").orElseThrow();
            assertThat(health.failures()).isEqualTo(1);
            assertThat(health.lastError()).contains("refused Vigil's credentials (HTTP 401)");
            assertThat(health.lastSuccess()).isEqualTo(clock.instant());
        }
    }

    @Test
    void a_workflow_the_platform_does_not_know_is_noted_and_the_others_are_still_pulled(@TempDir Path dir) {
        Inventory two = Inventories.load("""
                people: [{ email: alice@example.com }]
                workflows:
                  - { id: gone, owner: alice@example.com, schedule: "0 * * * *", notify: [alice@example.com],
                      source: { kind: n8n, server: crm-n8n, ref: deleted1 } }
                  - { id: crm-export, owner: alice@example.com, schedule: "0 * * * *", notify: [alice@example.com],
                      source: { kind: n8n, server: crm-n8n, ref: kX2pQ9aLm3Rt } }
                """);
        n8n.stubFor(get(urlPathEqualTo("/api/v1/executions"))
                .withQueryParam("workflowId", com.github.tomakehurst.wiremock.client.WireMock.equalTo("deleted1"))
                .atPriority(1)
                .willReturn(aResponse().withStatus(404)));
        history(N8nContractTest.execution(5, "success", "2026-11-27T10:00:00Z", "2026-11-27T10:00:01Z", null));
        try (TestDatabase db = TestDatabase.open("h2", dir);
                Database database = Database.open(db.url(), null, null, 4, Stages.MIGRATIONS)) {
            SourceRuns store = new SourceRuns(database.dataSource());
            Platform platform = n8nAdapter();
            assertThat(new Poller(() -> two, name -> platform, store, clock).poll("crm-n8n"))
                    .isEqualTo(1);
            SourceRuns.Health health = store.health("crm-n8n").orElseThrow();
            assertThat(health.failures()).as("the source itself answers").isZero();
            assertThat(health.notFound()).isEqualTo("gone (deleted1)");
            assertThat(health.roundRequests())
                    .as("one refused, then the list and the running ones")
                    .isEqualTo(3);
        }
    }

    static Platform n8nAdapter() {
        return new N8n(new PlatformHttp(
                "n8n",
                n8n.baseUrl(),
                HttpClient.newHttpClient(),
                Duration.ofSeconds(5),
                Duration.ofMillis(10),
                () -> N8n.headers("key")));
    }

    /**
     * A pull that finds nothing new — the runs it reads again are stored and finished, and the
     * watermark has not moved — writes nothing. On H2 each commit that changed anything is a write
     * to the file; a poll commits once per workflow, and most polls find nothing new.
     */
    @Test
    void a_pull_with_nothing_new_writes_nothing(@TempDir Path dir) throws SQLException {
        try (Database database =
                Database.open("jdbc:h2:file:" + dir.resolve("vigil"), null, null, 4, Stages.MIGRATIONS)) {
            SourceRuns store = new SourceRuns(database.dataSource());
            Instant started = Instant.parse("2026-11-27T10:00:00Z");
            List<PulledRun> runs =
                    List.of(new PulledRun("12", PulledRun.SUCCESS, started, started.plusSeconds(4), null));
            assertThat(store.store("crm-n8n", "kX2pQ9aLm3Rt", "crm-export", runs, "12", clock.instant()))
                    .isEqualTo(1);
            long writes = fileWrites(database);

            assertThat(store.store("crm-n8n", "kX2pQ9aLm3Rt", "crm-export", runs, "12", clock.instant()))
                    .isZero();
            assertThat(fileWrites(database)).as("the same pull again").isEqualTo(writes);

            assertThat(store.store("crm-n8n", "kX2pQ9aLm3Rt", "crm-export", List.of(), "13", clock.instant()))
                    .isZero();
            assertThat(store.watermark("crm-n8n", "kX2pQ9aLm3Rt")).contains("13");
            assertThat(fileWrites(database)).as("the watermark moved").isGreaterThan(writes);
        }
    }

    /** How many times H2 has written to its file. */
    private static long fileWrites(Database database) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                                + " WHERE SETTING_NAME = 'info.FILE_WRITE'")) {
            assertThat(rs.next()).as("H2 reports its file writes").isTrue();
            return Long.parseLong(rs.getString(1));
        }
    }
}
