package vigil.watchdog.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vigil.testing.DaemonFixture;

/**
 * {@code vigil discover SERVER [--out FILE]} run in-process against a real daemon whose source
 * crm-n8n is an n8n on WireMock. What the YAML proposes is the daemon's to say (DiscoverApiTest,
 * ProposalTest); here: what the command prints, that {@code --out} writes exactly that to a new
 * file and never over an existing one, and how an unknown source is told.
 *
 * <p>The n8n answers {@code GET /api/v1/workflows} as the n8n public API reference describes it
 * (docs.n8n.io/api/api-reference/, "Retrieve all workflows": {@code data} of workflows with id,
 * name, active, nodes, connections, settings; {@code nextCursor}), with one scheduled workflow.
 */
class DiscoverCommandTest {
    @RegisterExtension
    static WireMockExtension n8n = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    static final String WORKFLOWS = """
            { "data": [ {
                "id": "inv9Reminders",
                "name": "Invoice reminders",
                "active": true,
                "createdAt": "2026-10-01T08:00:00.000Z",
                "updatedAt": "2026-11-20T08:00:00.000Z",
                "nodes": [ {
                  "id": "0b6c9a7e-2f41-4c1e-9d2a-6a1f3c5e7b90",
                  "name": "Schedule Trigger",
                  "type": "n8n-nodes-base.scheduleTrigger",
                  "typeVersion": 1.2,
                  "position": [0, 0],
                  "parameters": { "rule": { "interval": [ { "field": "cronExpression", "expression": "0 8 * * 1-5" } ] } }
                } ],
                "connections": {},
                "settings": { "executionOrder": "v1" },
                "tags": []
              } ],
              "nextCursor": null }
            """;

    @TempDir
    Path dir;

    DaemonFixture daemon;

    @BeforeEach
    void start() throws Exception {
        n8n.stubFor(get(urlPathEqualTo("/api/v1/workflows")).willReturn(okJson(WORKFLOWS)));
        n8n.stubFor(
                get(urlPathEqualTo("/api/v1/executions")).willReturn(okJson("{ \"data\": [], \"nextCursor\": null }")));
        Files.writeString(dir.resolve("n8n-key"), "n8n-api-key\n");
        daemon = DaemonFixture.in(dir, """
                        people: [{ email: alice@example.com }, { email: bob@example.com }]
                        aliases: [{ email: team@example.com, members: [alice@example.com, bob@example.com] }]
                        workflows:
                          - { id: crm-export, owner: team@example.com, schedule: "0 10 * * *", notify: [team@example.com],
                              source: { kind: n8n, server: crm-n8n, ref: kX2pQ9aLm3Rt } }
                        """)
                .appendConfig("sources:\n  crm-n8n: { kind: n8n, url: \"" + n8n.baseUrl()
                        + "\", api_key: \"${file:n8n-key}\", poll: 1h }\n")
                .start();
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    CliTest.Result discover(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "discover";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--config";
        all[args.length + 2] = daemon.configFile().toString();
        return CliTest.vigil(all);
    }

    @Test
    void prints_the_proposal_and_out_writes_the_same_text_to_a_new_file() throws Exception {
        CliTest.Result printed = discover("crm-n8n");
        assertThat(printed.exit()).as(printed.err()).isZero();
        assertThat(printed.out())
                .startsWith("# Proposed by 'vigil discover crm-n8n': the workflows n8n source 'crm-n8n' defines\n")
                .containsPattern("(?m)^workflows:");
        assertThat(printed.err()).isEmpty();

        Path out = dir.resolve("proposed").resolve("crm-n8n.yaml");
        Files.createDirectories(out.getParent());
        CliTest.Result written = discover("crm-n8n", "--out", out.toString());

        assertThat(written.exit()).as(written.err()).isZero();
        assertThat(written.out()).isEmpty();
        assertThat(written.err()).startsWith("discover: ").endsWith(" written to " + out + "\n");
        assertThat(Files.readString(out)).isEqualTo(printed.out());
        try (var files = Files.list(out.getParent())) {
            assertThat(files).as("no temporary file left beside it").containsExactly(out);
        }
    }

    @Test
    void out_refuses_a_file_that_exists_and_leaves_it_as_it_was() throws Exception {
        Path out = dir.resolve("mine.yaml");
        Files.writeString(out, "workflows: [] # reviewed by hand\n");

        CliTest.Result r = discover("crm-n8n", "--out", out.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("vigil: " + out + " exists; discover never edits a file: name a new one\n");
        assertThat(Files.readString(out)).isEqualTo("workflows: [] # reviewed by hand\n");
    }

    @Test
    void out_into_a_directory_that_does_not_exist_says_so_and_creates_nothing() {
        Path out = dir.resolve("no-such-dir").resolve("discovered.yaml");

        CliTest.Result r = discover("crm-n8n", "--out", out.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("vigil: cannot write " + out + ": its directory does not exist\n");
        assertThat(out.getParent()).doesNotExist();
    }

    @Test
    void an_unknown_source_exits_1_with_the_source_that_was_meant() {
        CliTest.Result r = discover("crm-n8m");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("vigil: unknown source 'crm-n8m' (did you mean 'crm-n8n'?); sources: crm-n8n\n");
        assertThat(r.out()).isEmpty();
    }
}
