package vigil.inventory.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vigil.inventory.Definition;
import vigil.inventory.Definition.Handle;
import vigil.inventory.Definition.PlatformRoute;
import vigil.inventory.Inventory;
import vigil.testing.Inventories;

/**
 * The inventory set beside the platforms' definitions (docs/discovery.md): the incident where the
 * platform mails a person the inventory does not name, credentials the two sides disagree on,
 * schedules written differently but falling due alike (no finding) or not (a warning), pausing,
 * automation nobody inventoried, and definitions Vigil could not fully read.
 */
class DriftTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 27);
    private static final String SOURCE = "crm-n8n";
    private static final String ERROR_WORKFLOW = "error workflow 'Mail on error', node 'Send Email'";

    /** reporting@ has two active people; Dana is a person in no alias. */
    private static final String PEOPLE = """
            people:
              - { email: dana@example.com }
              - { email: lee@example.com }
              - { email: sam@example.com }
            aliases:
              - { email: reporting@example.com, members: [lee@example.com, sam@example.com] }
            """;

    private static Inventory inventory(String rest) {
        return Inventories.load(PEOPLE + rest);
    }

    /** One workflow watched through crm-n8n as wf1, routing to reporting@, plus {@code more} (keys). */
    private static Inventory watched(String schedule, String more) {
        return inventory("workflows:\n  - { id: crm-export, owner: reporting@example.com, schedule: \"" + schedule
                + "\", notify: [reporting@example.com], source: { kind: n8n, server: crm-n8n, ref: wf1 }"
                + (more.isEmpty() ? "" : ", " + more) + " }\n");
    }

    private static Definition definition(String ref, String zone, String... schedules) {
        return new Definition(
                SOURCE, ref, "CRM export", List.of(schedules), zone, false, null, List.of(), List.of(), List.of());
    }

    private static Definition with(Definition d, boolean paused, List<Handle> credentials, List<PlatformRoute> routes) {
        return new Definition(
                d.source(),
                d.ref(),
                d.name(),
                d.schedules(),
                d.timezone(),
                paused,
                d.owner(),
                credentials,
                routes,
                d.problems());
    }

    private static List<Finding> audit(Inventory inventory, Definition... definitions) {
        return Audit.run(
                inventory,
                new AuditEvidence(Set.of(), List.of(), List.of(), List.of(), Arrays.asList(definitions)),
                TODAY);
    }

    private static List<Finding> rule(List<Finding> findings, String rule) {
        return findings.stream().filter(f -> f.rule().equals(rule)).toList();
    }

    @Test
    void the_incident_the_platform_mails_a_person_the_inventory_does_not_name() {
        Inventory inventory = inventory("""
                credentials:
                  - { id: svc-crm, kind: service-account, owner: reporting@example.com, refs: [crm-n8n:7] }
                workflows:
                  - { id: crm-export, owner: reporting@example.com, schedule: "0 6 * * 1-5", timezone: Europe/Berlin,
                      credentials: [svc-crm], notify: [reporting@example.com],
                      source: { kind: n8n, server: crm-n8n, ref: wf1 } }
                """);
        Definition platform = with(
                definition("wf1", "Europe/Berlin", "0 6 * * MON-FRI"),
                false,
                List.of(new Handle("7", "Salesforce (salesforceOAuth2Api)")),
                List.of(new PlatformRoute("dana@example.com", ERROR_WORKFLOW)));

        assertThat(audit(inventory)).as("the inventory alone looks sound").isEmpty();

        List<Finding> findings = audit(inventory, platform);
        assertThat(findings)
                .extracting(Finding::rule, Finding::severity, Finding::workflow, Finding::target)
                .containsExactly(
                        tuple("inventory-drift", Severity.ERROR, "crm-export", "routes"),
                        // a warning, not an error: reporting@ (two active people) still hears the errors
                        tuple("route-individual", Severity.WARNING, "crm-export", "dana@example.com"));
        assertThat(findings.get(0).message())
                .isEqualTo("on crm-n8n its errors are mailed to dana@example.com (" + ERROR_WORKFLOW
                        + "); the inventory says reporting@example.com: make the platform mail a team alias and the"
                        + " inventory say so");
        assertThat(findings.get(1).message())
                .isEqualTo("errors go to one person's mailbox: dana@example.com (set on crm-n8n: " + ERROR_WORKFLOW
                        + "; not in the inventory); route them to a team alias with at least two active people");
    }

    @Test
    void a_platform_route_to_a_person_with_no_durable_route_beside_it_is_an_error() {
        Inventory inventory = inventory("""
                workflows:
                  - { id: crm-export, owner: reporting@example.com, schedule: "0 6 * * *", notify: [channel:orphan-chat],
                      source: { server: crm-n8n, ref: wf1 } }
                """);
        Definition platform = with(
                definition("wf1", null, "0 6 * * *"),
                false,
                List.of(),
                List.of(new PlatformRoute("dana@example.com", ERROR_WORKFLOW)));

        assertThat(rule(audit(inventory, platform), "route-individual"))
                .extracting(Finding::severity, Finding::target)
                .containsExactly(tuple(Severity.ERROR, "dana@example.com"));
    }

    @Test
    void routes_agree_whatever_the_case_and_chat_routes_are_not_compared() {
        Definition mailsTheAlias = with(
                definition("wf1", null, "0 6 * * *"),
                false,
                List.of(),
                List.of(
                        new PlatformRoute("Reporting@Example.com", ERROR_WORKFLOW),
                        new PlatformRoute("slack:#crm-alerts", "node 'Slack'")));
        Definition chatOnly = with(
                definition("wf1", null, "0 6 * * *"),
                false,
                List.of(),
                List.of(new PlatformRoute("slack:#crm-alerts", "node 'Slack'")));

        assertThat(audit(watched("0 6 * * *", ""), mailsTheAlias)).isEmpty();
        assertThat(audit(watched("0 6 * * *", ""), chatOnly)).isEmpty();
    }

    @Test
    void a_platform_handle_no_credential_maps_is_drift() {
        Definition platform = with(
                definition("wf1", null, "0 6 * * *"),
                false,
                List.of(new Handle("99", "Google Sheets (googleSheetsOAuth2Api)")),
                List.of());

        List<Finding> findings = audit(watched("0 6 * * *", ""), platform);

        assertThat(findings)
                .extracting(Finding::rule, Finding::severity, Finding::workflow, Finding::target)
                .containsExactly(tuple("inventory-drift", Severity.ERROR, "crm-export", "credentials"));
        assertThat(findings.get(0).message())
                .isEqualTo("on crm-n8n it uses crm-n8n:99 (Google Sheets (googleSheetsOAuth2Api)), which no"
                        + " inventory credential's 'refs' name: add the credential (or the ref to it) so that its"
                        + " owner's departure shows in 'impact'");
    }

    @Test
    void a_credential_mapped_through_refs_but_not_listed_on_the_workflow_is_drift() {
        Inventory inventory = inventory("""
                credentials:
                  - { id: svc-sheets, kind: service-account, owner: reporting@example.com, refs: [crm-n8n:8] }
                workflows:
                  - { id: crm-export, owner: reporting@example.com, schedule: "0 6 * * *", notify: [reporting@example.com],
                      source: { server: crm-n8n, ref: wf1 } }
                """);
        Definition platform =
                with(definition("wf1", null, "0 6 * * *"), false, List.of(new Handle("8", null)), List.of());

        List<Finding> findings = audit(inventory, platform);

        assertThat(findings)
                .extracting(Finding::rule, Finding::severity, Finding::target)
                .containsExactly(tuple("inventory-drift", Severity.ERROR, "credentials"));
        assertThat(findings.get(0).message())
                .isEqualTo("on crm-n8n it uses 'svc-sheets' as crm-n8n:8, which its inventory entry does not list:"
                        + " add it to 'credentials'");
    }

    @Test
    void a_listed_credential_with_a_ref_on_the_source_that_the_platform_no_longer_uses_is_drift() {
        Inventory inventory = inventory("""
                credentials:
                  - { id: svc-old, kind: service-account, owner: reporting@example.com, refs: [crm-n8n:5] }
                  - { id: db-password, kind: other, owner: reporting@example.com }
                workflows:
                  - { id: crm-export, owner: reporting@example.com, schedule: "0 6 * * *", notify: [reporting@example.com],
                      credentials: [svc-old, db-password], source: { server: crm-n8n, ref: wf1 } }
                """);
        Definition platform = definition("wf1", null, "0 6 * * *");

        List<Finding> findings = audit(inventory, platform);

        assertThat(findings)
                .as("db-password has no ref on crm-n8n: the platform cannot say whether it is used")
                .extracting(Finding::rule, Finding::severity, Finding::target)
                .containsExactly(tuple("inventory-drift", Severity.ERROR, "credentials"));
        assertThat(findings.get(0).message())
                .isEqualTo("the inventory says it uses 'svc-old', but its definition on crm-n8n no longer does:"
                        + " remove it from 'credentials'");
    }

    @Test
    void the_same_schedule_written_differently_is_no_finding() {
        assertThat(audit(watched("0 6 * * 1-5", ""), definition("wf1", null, "0 6 * * MON-FRI")))
                .as("day names against numbers")
                .isEmpty();
        assertThat(audit(
                        watched("0 6 * * *", "timezone: Europe/Berlin"),
                        definition("wf1", "Europe/Berlin", "0 6 * * *")))
                .as("the same zone given on both sides")
                .isEmpty();
        assertThat(audit(watched("0 6 * * *", ""), definition("wf1", "UTC", "0 6 * * *")))
                .as("the platform names the zone the inventory defaults to")
                .isEmpty();
        assertThat(audit(watched("0 6,18 * * *", ""), definition("wf1", null, "0 18 * * *", "0 6 * * *")))
                .as("two platform crons that together are the inventory's one")
                .isEmpty();
    }

    @Test
    void an_interval_and_a_cron_that_fall_due_alike_are_no_finding_and_differing_ones_are() {
        assertThat(audit(watched("*/15 * * * *", ""), definition("wf1", null, "every 15m")))
                .isEmpty();
        assertThat(inventory("workflows:\n  - { id: crm-export, owner: reporting@example.com, every: 15m,"
                        + " notify: [reporting@example.com], source: { server: crm-n8n, ref: wf1 } }\n"))
                .satisfies(i -> assertThat(audit(i, definition("wf1", null, "*/15 * * * *")))
                        .isEmpty());

        assertThat(audit(watched("*/15 * * * *", ""), definition("wf1", null, "every 10m")))
                .extracting(Finding::rule, Finding::severity, Finding::target)
                .containsExactly(tuple("inventory-drift", Severity.WARNING, "schedule"));
    }

    @Test
    void another_zone_on_the_platform_is_a_warning_showing_both_sides() {
        List<Finding> findings = audit(
                watched("0 6 * * *", "timezone: Europe/Berlin"), definition("wf1", "America/New_York", "0 6 * * *"));

        assertThat(findings)
                .extracting(Finding::rule, Finding::severity, Finding::workflow, Finding::target)
                .containsExactly(tuple("inventory-drift", Severity.WARNING, "crm-export", "schedule"));
        assertThat(findings.get(0).message())
                .isEqualTo("on crm-n8n it runs 0 6 * * * (America/New_York), but the inventory expects 0 6 * * *"
                        + " (Europe/Berlin): Vigil judges its runs by the inventory's schedule; make them agree");
    }

    @Test
    void another_hour_on_the_platform_is_a_warning() {
        assertThat(audit(watched("0 6 * * *", ""), definition("wf1", null, "0 7 * * *")))
                .extracting(Finding::rule, Finding::severity, Finding::target)
                .containsExactly(tuple("inventory-drift", Severity.WARNING, "schedule"));
    }

    @Test
    void a_platform_that_runs_it_on_no_schedule_is_a_warning() {
        List<Finding> findings = audit(watched("0 6 * * *", ""), definition("wf1", null));

        assertThat(findings)
                .extracting(Finding::rule, Finding::severity, Finding::target)
                .containsExactly(tuple("inventory-drift", Severity.WARNING, "schedule"));
        assertThat(findings.get(0).message())
                .isEqualTo("on crm-n8n it runs on no schedule, but the inventory expects it 0 6 * * * (UTC): Vigil"
                        + " will report every expected run as missed");
    }

    @Test
    void pausing_that_differs_is_a_warning_either_way() {
        Definition paused = with(definition("wf1", null, "0 6 * * *"), true, List.of(), List.of());

        List<Finding> pausedOnThePlatform = audit(watched("0 6 * * *", ""), paused);
        assertThat(pausedOnThePlatform)
                .extracting(Finding::rule, Finding::severity, Finding::target)
                .containsExactly(tuple("inventory-drift", Severity.WARNING, "paused"));
        assertThat(pausedOnThePlatform.get(0).message())
                .isEqualTo("paused on crm-n8n, but the inventory says it runs; set 'paused' to what the platform does");

        List<Finding> pausedInTheInventory =
                audit(watched("0 6 * * *", "paused: true"), definition("wf1", null, "0 6 * * *"));
        assertThat(pausedInTheInventory)
                .extracting(Finding::rule, Finding::target)
                .containsExactly(tuple("inventory-drift", "paused"));
        assertThat(pausedInTheInventory.get(0).message())
                .startsWith("active on crm-n8n, but the inventory says paused: true");

        assertThat(audit(watched("0 6 * * *", "paused: true"), paused)).isEmpty();
    }

    @Test
    void a_scheduled_active_definition_nobody_inventoried_is_reported_by_its_source_and_ref() {
        Definition nobodys = new Definition(
                SOURCE,
                "wf9",
                "Invoice reminders",
                List.of("0 6 * * *"),
                null,
                false,
                null,
                List.of(),
                List.of(),
                List.of());

        List<Finding> findings = audit(watched("0 6 * * *", ""), definition("wf1", null, "0 6 * * *"), nobodys);

        assertThat(findings)
                .extracting(Finding::rule, Finding::severity, Finding::workflow, Finding::target)
                .containsExactly(tuple("workflow-uninventoried", Severity.WARNING, "crm-n8n:wf9", "crm-n8n"));
        assertThat(findings.get(0).message())
                .isEqualTo("'Invoice reminders' runs on crm-n8n (0 6 * * *) but no inventory entry watches it: nobody"
                        + " is told when it stops; 'vigil discover crm-n8n' proposes the entry");
    }

    @Test
    void a_paused_or_unscheduled_definition_nobody_inventoried_is_no_finding() {
        Definition paused = with(definition("wf8", null, "0 6 * * *"), true, List.of(), List.of());
        Definition webhook = definition("wf9", null);

        assertThat(audit(watched("0 6 * * *", ""), definition("wf1", null, "0 6 * * *"), paused, webhook))
                .isEmpty();
    }

    @Test
    void what_was_not_understood_is_reported_under_the_workflow_that_watches_it_or_its_source_and_ref() {
        Definition watchedButOdd = new Definition(
                SOURCE,
                "wf1",
                "CRM export",
                List.of("0 6 * * *"),
                null,
                false,
                null,
                List.of(),
                List.of(),
                List.of("node 'Send Email': toEmail is an expression ({{ $json.owner }})"));
        Definition nobodysAndOdd = new Definition(
                SOURCE,
                "wf9",
                "Invoice reminders",
                List.of(),
                null,
                false,
                null,
                List.of(),
                List.of(),
                List.of("trigger 'Cron' has an interval Vigil does not know", "node 'HTTP' has no credential"));

        List<Finding> findings =
                rule(audit(watched("0 6 * * *", ""), watchedButOdd, nobodysAndOdd), "definition-unreadable");

        assertThat(findings)
                .extracting(Finding::severity, Finding::workflow, Finding::target)
                .containsExactlyInAnyOrder(
                        tuple(Severity.WARNING, "crm-export", "crm-n8n"),
                        tuple(Severity.WARNING, "crm-n8n:wf9", "crm-n8n"));
        assertThat(findings)
                .filteredOn(f -> f.workflow().equals("crm-n8n:wf9"))
                .singleElement()
                .extracting(Finding::message)
                .isEqualTo("Vigil could not fully read the definition of 'Invoice reminders' on crm-n8n: trigger 'Cron'"
                        + " has an interval Vigil does not know; node 'HTTP' has no credential; what it did read is"
                        + " audited, the rest is not");
        assertThat(findings)
                .filteredOn(f -> f.workflow().equals("crm-export"))
                .singleElement()
                .extracting(Finding::message)
                .asString()
                .contains("toEmail is an expression ({{ $json.owner }})");
    }

    @Test
    void a_personal_account_the_platform_uses_is_credential_personal_whether_or_not_anyone_inventoried_it() {
        Inventory inventory = inventory("""
                credentials:
                  - { id: dana-google, kind: personal-account, owner: dana@example.com, refs: [crm-n8n:42] }
                workflows:
                  - { id: crm-export, owner: reporting@example.com, schedule: "0 6 * * *", notify: [reporting@example.com],
                      source: { server: crm-n8n, ref: wf1 } }
                """);
        Definition watchedUsesIt =
                with(definition("wf1", null, "0 6 * * *"), false, List.of(new Handle("42", "Google")), List.of());
        Definition nobodysUsesIt =
                with(definition("wf9", null, "0 6 * * *"), true, List.of(new Handle("42", "Google")), List.of());

        List<Finding> findings = rule(audit(inventory, watchedUsesIt, nobodysUsesIt), "credential-personal");

        assertThat(findings)
                .extracting(Finding::severity, Finding::workflow, Finding::target)
                .containsExactly(
                        tuple(Severity.ERROR, "crm-export", "dana-google"),
                        tuple(Severity.ERROR, "crm-n8n:wf9", "dana-google"));
        assertThat(findings.get(0).message())
                .isEqualTo("authenticates as a person through 'dana-google' (owned by dana@example.com), as its"
                        + " definition on crm-n8n says; move it to a service account owned by a team alias");
    }

    @Test
    void a_definition_of_another_source_or_ref_is_not_the_workflow_s() {
        Definition otherRef = with(
                definition("wf2", null, "0 7 * * *"),
                false,
                List.of(new Handle("99", null)),
                List.of(new PlatformRoute("dana@example.com", ERROR_WORKFLOW)));

        assertThat(audit(watched("0 6 * * *", ""), otherRef))
                .as("its own route is audited under its SOURCE:REF; nothing of it is laid on crm-export")
                .extracting(Finding::rule, Finding::workflow)
                .containsExactly(
                        tuple("route-individual", "crm-n8n:wf2"), tuple("workflow-uninventoried", "crm-n8n:wf2"));
    }

    @Test
    void a_paused_workflow_nobody_inventoried_sends_no_errors_so_its_routes_are_not_judged() {
        Definition paused = with(
                definition("wf2", null, "0 7 * * *"),
                true,
                List.of(),
                List.of(new PlatformRoute("dana@example.com", ERROR_WORKFLOW)));

        assertThat(audit(watched("0 6 * * *", ""), paused)).isEmpty();
    }
}
