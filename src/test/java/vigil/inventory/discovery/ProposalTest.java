package vigil.inventory.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.inventory.Definition;
import vigil.inventory.Definition.Handle;
import vigil.inventory.Definition.PlatformRoute;
import vigil.inventory.Inventory;
import vigil.inventory.Observed;
import vigil.inventory.Route;
import vigil.inventory.Workflow;
import vigil.inventory.load.InvalidYamlException;
import vigil.inventory.load.InventoryContext;
import vigil.inventory.load.InventoryLoader;
import vigil.inventory.schedule.Schedule;

/**
 * The inventory YAML {@code vigil discover} proposes (docs/discovery.md): the same text for the
 * same definitions in any order, and — once a reviewer has written each entry's owner where the
 * proposal asks for it — an inventory file the loader takes as it is, whose workflows carry what
 * the platform defines.
 */
class ProposalTest {
    static final InventoryContext CONTEXT = new InventoryContext(
            Map.of("team-chat", "team@example.com"), Set.of("crm-n8n", "ops-n8n"), ZoneId.of("UTC"));

    /** The inventory as it is before the proposal: crm-export watches wf1; two credentials have refs on crm-n8n. */
    static final String INVENTORY = """
            people: [{ email: alice@example.com }, { email: bob@example.com }]
            aliases: [{ email: team@example.com, members: [alice@example.com, bob@example.com] }]
            credentials:
              - { id: svc-crm, kind: service-account, owner: team@example.com, refs: [crm-n8n:7] }
              - { id: svc-k8s, kind: service-account, owner: team@example.com, refs: ["crm-n8n:jobs/crm-token:key"] }
            workflows:
              - { id: crm-export, owner: team@example.com, schedule: "0 6 * * *", notify: [team@example.com],
                  source: { kind: n8n, server: crm-n8n, ref: wf1 } }
            """;

    static final String ODD_NAME = "Größe \"Bericht\" \\ zwei\nZeile\u2028drei\u0085vier\tfünf\u0080";

    static List<Definition> definitions() {
        return List.of(
                // inventoried already: never proposed
                definition("wf1", "CRM export", List.of("0 6 * * *"), null, false, null, List.of(), List.of()),
                // named like the inventory's crm-export; two crons differing in the hour only; a mapped and an
                // unmapped credential; a mail route and a chat route
                definition(
                        "a1",
                        "CRM export",
                        List.of("0 6 * * *", "0 18 * * *"),
                        "Europe/Berlin",
                        false,
                        null,
                        List.of(
                                new Handle("7", "Salesforce (salesforceOAuth2Api)"),
                                new Handle("99", "Google\u2028Sheets")),
                        List.of(
                                new PlatformRoute(
                                        "Dana@Example.com", "error workflow 'Mail on error', node 'Send Email'"),
                                new PlatformRoute(
                                        "slack:#crm-alerts", "error workflow 'Mail on error', node 'Slack'"))),
                // paused, on an interval
                definition("b2", "Nightly sync", List.of("every 15m"), null, true, null, List.of(), List.of()),
                // the same name again; two crons differing in two fields
                definition(
                        "c3",
                        "Nightly sync",
                        List.of("0 6 * * 1", "0 7 * * 5"),
                        "America/New_York",
                        false,
                        null,
                        List.of(),
                        List.of(new PlatformRoute("team@example.com", "workflow settings, error workflow"))),
                // a webhook: no schedule
                definition("d4", "Webhook intake", List.of(), null, false, null, List.of(), List.of()),
                // quotes, a backslash, letters beyond ASCII and a newline in the name; a ref with / and :
                definition(
                        "jobs/crm:nightly",
                        ODD_NAME,
                        List.of("30 2 * * *"),
                        null,
                        false,
                        "alice@example.com",
                        List.of(new Handle("jobs/crm-token:key", null)),
                        List.of()),
                // another source: not in this proposal
                definition("o1", "Ops job", List.of("0 1 * * *"), null, false, null, List.of(), List.of()));
    }

    static Definition definition(
            String ref,
            String name,
            List<String> schedules,
            String zone,
            boolean paused,
            String owner,
            List<Handle> credentials,
            List<PlatformRoute> routes) {
        return new Definition(
                ref.equals("o1") ? "ops-n8n" : "crm-n8n",
                ref,
                name,
                schedules,
                zone,
                paused,
                owner,
                credentials,
                routes,
                ref.equals("c3") ? List.of("node 'Mail': cc is an expression") : List.of());
    }

    @TempDir
    Path dir;

    Inventory inventory() throws Exception {
        Files.writeString(dir.resolve("inventory.yaml"), INVENTORY);
        return InventoryLoader.load(dir.resolve("inventory.yaml"), CONTEXT);
    }

    static String propose(Inventory inventory, List<Definition> definitions) {
        return Proposal.yaml(Observed.of(inventory, definitions), "crm-n8n", List.of("Proposed for a test."));
    }

    @Test
    void the_same_definitions_in_any_order_give_the_same_text() throws Exception {
        Inventory inventory = inventory();
        String first = propose(inventory, definitions());

        assertThat(propose(inventory, definitions())).isEqualTo(first);
        for (long seed = 1; seed <= 5; seed++) {
            List<Definition> shuffled = new ArrayList<>(definitions());
            Collections.shuffle(shuffled, new Random(seed));
            assertThat(propose(inventory, shuffled))
                    .as("shuffled with seed " + seed)
                    .isEqualTo(first);
        }
    }

    @Test
    void the_proposal_says_what_it_could_not_fill_in() throws Exception {
        String yaml = propose(inventory(), definitions());

        assertThat(yaml)
                .startsWith("# Proposed for a test.\nworkflows:\n")
                .contains("    schedule: \"0 6,18 * * *\"\n    # on the platform: 0 6 * * * and 0 18 * * *\n")
                .contains(
                        "    schedule: \"0 6 * * 1\"\n    # it also runs 0 7 * * 5, which no one cron joins to the one above:"
                                + " Vigil expects runs on that one only, and the audit reports the difference"
                                + " (inventory-drift)\n")
                .contains("    # uses crm-n8n:99 (Google Sheets), no inventory credential: add one with refs:"
                        + " [\"crm-n8n:99\"]\n")
                .contains("    # errors go to slack:#crm-alerts (error workflow 'Mail on error', node 'Slack'): not a"
                        + " mail address;")
                .contains("    # not understood: node 'Mail': cc is an expression\n")
                .contains("  # 'Webhook intake' runs on no schedule on the platform")
                .contains("  # - id: webhook-intake\n")
                .doesNotContain("wf1")
                .doesNotContain("Ops job");
    }

    @Test
    void with_the_owners_written_in_the_proposal_loads_and_carries_what_the_platform_defines() throws Exception {
        Inventory inventory = inventory();
        String reviewed =
                propose(inventory, definitions()).replaceAll("(?m)^    # owner: .*$", "    owner: team@example.com");
        Files.writeString(dir.resolve("proposed.yaml"), reviewed);

        Inventory loaded;
        try {
            loaded = InventoryLoader.load(dir, CONTEXT);
        } catch (InvalidYamlException e) {
            throw new AssertionError(e.getMessage() + "\n--- proposed.yaml:\n" + reviewed, e);
        }

        Map<String, Workflow> bySourceRef = loaded.workflows().stream()
                .filter(w -> !w.id().equals("crm-export"))
                .collect(Collectors.toMap(
                        w -> w.source().server() + ":" + w.source().ref(), Function.identity()));
        assertThat(bySourceRef)
                .as("the webhook is left out (commented), the other source's workflow is not proposed")
                .containsOnlyKeys("crm-n8n:a1", "crm-n8n:b2", "crm-n8n:c3", "crm-n8n:jobs/crm:nightly");

        Workflow a1 = bySourceRef.get("crm-n8n:a1");
        assertThat(a1.id()).as("kept apart from the inventory's crm-export").isEqualTo("crm-export-2");
        assertThat(a1.name()).isEqualTo("CRM export");
        assertThat(a1.owner()).isEqualTo("team@example.com");
        assertThat(a1.schedule().describe()).isEqualTo("0 6,18 * * *");
        assertThat(a1.timezone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(a1.paused()).isFalse();
        assertThat(a1.credentials()).containsExactly("svc-crm");
        assertThat(a1.routes()).containsExactly(new Route.Email("dana@example.com"));

        Workflow b2 = bySourceRef.get("crm-n8n:b2");
        assertThat(b2.id()).isEqualTo("nightly-sync");
        assertThat(b2.schedule()).isEqualTo(new Schedule.Every(java.time.Duration.ofMinutes(15), "15m"));
        assertThat(b2.timezone())
                .as("the platform's default: vigil.yaml's zone")
                .isEqualTo(ZoneId.of("UTC"));
        assertThat(b2.paused()).isTrue();
        assertThat(b2.credentials()).isEmpty();
        assertThat(b2.routes()).isEmpty();

        Workflow c3 = bySourceRef.get("crm-n8n:c3");
        assertThat(c3.id()).as("two platform workflows of one name").isEqualTo("nightly-sync-2");
        assertThat(c3.schedule().describe()).isEqualTo("0 6 * * 1");
        assertThat(c3.timezone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(c3.routes()).containsExactly(new Route.Email("team@example.com"));

        Workflow odd = bySourceRef.get("crm-n8n:jobs/crm:nightly");
        assertThat(odd.name()).isEqualTo("Größe \"Bericht\" \\ zwei Zeile drei vier fünf");
        assertThat(odd.id()).matches("[a-z0-9][a-z0-9_-]*").startsWith("gro");
        assertThat(odd.owner()).as("the platform named it").isEqualTo("alice@example.com");
        assertThat(odd.schedule().describe()).isEqualTo("30 2 * * *");
        assertThat(odd.credentials()).containsExactly("svc-k8s");

        assertThat(Observed.of(loaded, definitions()).uninventoried())
                .as("once added, only the webhook and the other source's workflow are left to discover")
                .extracting(Observed::platformId)
                .containsExactlyInAnyOrder("crm-n8n:d4", "ops-n8n:o1");
    }

    @Test
    void a_source_whose_workflows_are_all_inventoried_proposes_an_empty_list_that_loads() throws Exception {
        Inventory inventory = inventory();
        String yaml = propose(inventory, List.of(definitions().get(0)));

        assertThat(yaml)
                .isEqualTo("# Proposed for a test.\n# Every workflow crm-n8n defines is in the inventory already.\n"
                        + "workflows: []\n");
        Files.writeString(dir.resolve("proposed.yaml"), yaml);
        assertThat(InventoryLoader.load(dir, CONTEXT).workflows()).hasSize(1);
    }

    @Test
    void a_source_whose_new_workflows_all_run_on_no_schedule_proposes_a_file_that_loads() throws Exception {
        Inventory inventory = inventory();
        String yaml = propose(inventory, List.of(definitions().get(4)));
        Files.writeString(dir.resolve("proposed.yaml"), yaml);

        assertThat(yaml).contains("  # - id: webhook-intake\n");
        assertThat(InventoryLoader.load(dir, CONTEXT).workflows())
                .extracting(Workflow::id)
                .containsExactly("crm-export");
    }
}
