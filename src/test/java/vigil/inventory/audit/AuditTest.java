package vigil.inventory.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vigil.inventory.Inventory;
import vigil.testing.Inventories;

/** Every audit rule of docs/audit.md, each with a case that fires it and a case that must not. */
class AuditTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 27);

    private static final String PEOPLE = """
            people:
              - { email: alice@example.com, manager: carol@example.com }
              - { email: bob@example.com }
              - { email: carol@example.com }
              - { email: dave@example.com, active: false }
            aliases:
              - { email: team@example.com, members: [alice@example.com, bob@example.com] }
              - { email: fragile@example.com, members: [carol@example.com, dave@example.com] }
              - { email: nested@example.com, members: [fragile@example.com, team@example.com] }
              - { email: twice@example.com, members: [carol@example.com, fragile@example.com] }
            """;

    private static List<Finding> audit(String rest) {
        return audit(rest, AuditEvidence.none());
    }

    private static List<Finding> audit(String rest, AuditEvidence evidence) {
        Inventory inventory = Inventories.load(PEOPLE + rest);
        return Audit.run(inventory, evidence, TODAY);
    }

    private static String workflow(String id, String owner, String routes) {
        return "  - { id: " + id + ", owner: " + owner + ", every: 1h, notify: " + routes + " }\n";
    }

    private static List<Finding> rule(List<Finding> findings, String rule) {
        return findings.stream().filter(f -> f.rule().equals(rule)).toList();
    }

    @Test
    void a_workflow_reporting_only_to_a_durable_alias_has_no_findings() {
        assertThat(audit("workflows:\n" + workflow("good", "team@example.com", "[team@example.com]")))
                .isEmpty();
    }

    @Test
    void an_alias_is_durable_through_nested_aliases() {
        assertThat(audit("workflows:\n" + workflow("nested", "team@example.com", "[nested@example.com]")))
                .isEmpty();
    }

    @Test
    void a_route_to_one_person_is_an_error_when_no_durable_route_exists() {
        List<Finding> findings = audit("workflows:\n" + workflow("solo", "team@example.com", "[alice@example.com]"));
        assertThat(findings)
                .extracting(Finding::rule, Finding::severity, Finding::workflow, Finding::target)
                .containsExactly(tuple("route-individual", Severity.ERROR, "solo", "alice@example.com"));
        assertThat(findings.get(0).message()).contains("one person's mailbox", "team alias");
    }

    @Test
    void a_route_to_one_person_is_a_warning_beside_a_durable_route() {
        List<Finding> findings =
                audit("workflows:\n" + workflow("both", "team@example.com", "[alice@example.com, team@example.com]"));
        assertThat(findings)
                .extracting(Finding::rule, Finding::severity)
                .containsExactly(tuple("route-individual", Severity.WARNING));
    }

    @Test
    void a_route_to_a_deactivated_person_is_dead() {
        List<Finding> findings =
                audit("workflows:\n" + workflow("gone", "team@example.com", "[dave@example.com, team@example.com]"));
        assertThat(findings)
                .extracting(Finding::rule, Finding::severity, Finding::target)
                .containsExactly(tuple("route-dead", Severity.ERROR, "dave@example.com"));
    }

    @Test
    void a_route_rejected_permanently_by_the_mail_server_is_dead() {
        AuditEvidence bounced = new AuditEvidence(Set.of("team@example.com"), List.of());
        List<Finding> findings =
                audit("workflows:\n" + workflow("bounced", "team@example.com", "[team@example.com]"), bounced);
        assertThat(findings)
                .extracting(Finding::rule, Finding::target)
                .containsExactly(tuple("route-dead", "team@example.com"));
        assertThat(findings.get(0).message()).contains("rejected permanently");
    }

    @Test
    void an_alias_with_fewer_than_two_active_people_is_fragile() {
        List<Finding> findings = audit(
                "workflows:\n" + workflow("fragile", "team@example.com", "[fragile@example.com, team@example.com]"));
        assertThat(findings)
                .extracting(Finding::rule, Finding::severity, Finding::target)
                .containsExactly(tuple("route-fragile-alias", Severity.ERROR, "fragile@example.com"));
        assertThat(findings.get(0).message()).contains("1 active person");
    }

    @Test
    void the_same_person_reached_twice_through_nesting_counts_once() {
        List<Finding> findings =
                audit("workflows:\n" + workflow("twice", "team@example.com", "[twice@example.com, team@example.com]"));
        assertThat(rule(findings, "route-fragile-alias"))
                .extracting(Finding::target)
                .containsExactly("twice@example.com");
    }

    @Test
    void an_address_in_no_list_cannot_be_verified() {
        List<Finding> findings = audit(
                "workflows:\n" + workflow("outside", "team@example.com", "[ops@partner.example, team@example.com]"));
        assertThat(findings)
                .extracting(Finding::rule, Finding::severity, Finding::target)
                .containsExactly(tuple("route-unknown", Severity.WARNING, "ops@partner.example"));
    }

    @Test
    void a_channel_is_durable_when_its_owner_is_a_durable_alias() {
        assertThat(audit("workflows:\n" + workflow("chat", "team@example.com", "[channel:team-chat]")))
                .isEmpty();
    }

    @Test
    void a_channel_owned_by_one_person_is_an_individual_route() {
        List<Finding> findings = audit("workflows:\n" + workflow("chat", "team@example.com", "[channel:alice-chat]"));
        assertThat(findings)
                .extracting(Finding::rule, Finding::severity, Finding::target)
                .containsExactly(tuple("route-individual", Severity.ERROR, "channel:alice-chat"));
    }

    @Test
    void a_channel_without_owner_cannot_be_verified() {
        List<Finding> findings =
                audit("workflows:\n" + workflow("chat", "team@example.com", "[channel:orphan-chat, team@example.com]"));
        assertThat(findings)
                .extracting(Finding::rule, Finding::target)
                .containsExactly(tuple("route-unknown", "channel:orphan-chat"));
    }

    @Test
    void a_workflow_without_any_route_is_an_error() {
        List<Finding> findings = audit("workflows:\n  - { id: silent, owner: team@example.com, every: 1h }\n");
        assertThat(findings)
                .extracting(Finding::rule, Finding::severity, Finding::workflow)
                .containsExactly(tuple("workflow-no-route", Severity.ERROR, "silent"));
    }

    @Test
    void a_workflow_owned_by_a_person_is_a_warning_and_by_a_deactivated_one_an_error() {
        List<Finding> findings = audit("workflows:\n"
                + workflow("mine", "alice@example.com", "[team@example.com]")
                + workflow("orphan", "dave@example.com", "[team@example.com]"));
        assertThat(findings)
                .extracting(Finding::rule, Finding::severity, Finding::workflow)
                .containsExactly(
                        tuple("workflow-owner-inactive", Severity.ERROR, "orphan"),
                        tuple("workflow-owner-individual", Severity.WARNING, "mine"));
    }

    @Test
    void a_workflow_that_authenticates_as_a_person_is_an_error() {
        List<Finding> findings = audit("""
                credentials:
                  - { id: alice-login, kind: personal-account, owner: team@example.com }
                  - { id: svc, kind: service-account, owner: team@example.com }
                workflows:
                  - { id: as-alice, owner: team@example.com, every: 1h, credentials: [alice-login], notify: [team@example.com] }
                  - { id: as-service, owner: team@example.com, every: 1h, credentials: [svc], notify: [team@example.com] }
                """);
        assertThat(findings)
                .extracting(Finding::rule, Finding::severity, Finding::workflow, Finding::target)
                .containsExactly(tuple("credential-personal", Severity.ERROR, "as-alice", "alice-login"));
    }

    @Test
    void credentials_owned_by_people_are_flagged_by_whether_the_person_is_active() {
        List<Finding> findings = audit("""
                credentials:
                  - { id: alices, kind: api-key, owner: alice@example.com }
                  - { id: daves, kind: api-key, owner: dave@example.com }
                  - { id: teams, kind: api-key, owner: team@example.com }
                """);
        assertThat(findings)
                .extracting(Finding::rule, Finding::severity, Finding::target)
                .containsExactly(
                        tuple("credential-owner-inactive", Severity.ERROR, "daves"),
                        tuple("credential-owner-individual", Severity.WARNING, "alices"));
    }

    @Test
    void credentials_expiring_within_thirty_days_warn_and_expired_ones_are_errors() {
        List<Finding> findings = audit("""
                credentials:
                  - { id: expired, kind: certificate, owner: team@example.com, expires: 2026-11-26 }
                  - { id: today, kind: certificate, owner: team@example.com, expires: 2026-11-27 }
                  - { id: in-30-days, kind: certificate, owner: team@example.com, expires: 2026-12-27 }
                  - { id: in-31-days, kind: certificate, owner: team@example.com, expires: 2026-12-28 }
                  - { id: forever, kind: certificate, owner: team@example.com }
                """);
        assertThat(findings)
                .extracting(Finding::rule, Finding::severity, Finding::target)
                .containsExactly(
                        tuple("credential-expired", Severity.ERROR, "expired"),
                        tuple("credential-expiring", Severity.WARNING, "in-30-days"),
                        tuple("credential-expiring", Severity.WARNING, "today"));
    }

    @Test
    void stray_pings_are_reported_with_count_and_last_seen_and_the_entry_to_add() {
        String uuid = "5b1c3e2a-8d4f-4a6b-9c0d-1e2f3a4b5c6d";
        AuditEvidence strays = new AuditEvidence(
                Set.of(),
                List.of(
                        new AuditEvidence.Stray("backup-nas", 12, Instant.parse("2026-11-27T03:00:00Z")),
                        new AuditEvidence.Stray(uuid, 1, Instant.parse("2026-11-27T04:00:00Z"))));
        List<Finding> findings = audit("", strays);
        assertThat(findings)
                .extracting(Finding::rule, Finding::severity, Finding::target)
                .containsExactly(
                        tuple("stray-pings", Severity.WARNING, uuid),
                        tuple("stray-pings", Severity.WARNING, "backup-nas"));
        assertThat(findings.get(1).message())
                .contains("12 ping(s)", "2026-11-27T03:00:00Z")
                .contains("- { id: backup-nas, owner: TEAM-ALIAS, schedule: \"CRON\", notify: [TEAM-ALIAS] }");
        assertThat(findings.get(0).message()).contains("- { id: NAME, ping: " + uuid + ", owner: TEAM-ALIAS");
    }

    @Test
    void many_stray_ids_are_reported_as_the_ten_most_pinged_and_one_finding_for_the_rest() {
        List<AuditEvidence.Stray> strays = new java.util.ArrayList<>();
        for (int i = 0; i < 25; i++) {
            strays.add(new AuditEvidence.Stray("id-" + i, i + 1, Instant.parse("2026-11-27T03:00:00Z")));
        }
        List<Finding> findings = audit("", new AuditEvidence(Set.of(), strays));
        assertThat(findings).hasSize(11);
        assertThat(findings)
                .extracting(Finding::target)
                .contains("id-24", "id-15", "*")
                .doesNotContain("id-14");
        Finding rest = findings.stream()
                .filter(f -> f.target().equals("*"))
                .findFirst()
                .orElseThrow();
        // ids 0-14 have 1..15 pings: 120 in all
        assertThat(rest.message()).startsWith("120 ping(s) for 15 further ids not in the inventory");
    }

    @Test
    void errors_come_before_warnings() {
        List<Finding> findings = audit("workflows:\n"
                + workflow("a", "alice@example.com", "[team@example.com]")
                + workflow("b", "team@example.com", "[]"));
        assertThat(findings).extracting(Finding::severity).containsExactly(Severity.ERROR, Severity.WARNING);
        assertThat(Audit.hasErrors(findings)).isTrue();
        assertThat(Audit.hasErrors(findings.subList(1, 2))).isFalse();
    }
}
