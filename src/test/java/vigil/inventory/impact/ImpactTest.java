package vigil.inventory.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vigil.inventory.Definition;
import vigil.inventory.Inventory;
import vigil.testing.Inventories;

/** Offboarding impact (docs/audit.md): one leaver, two together, transitive through an alias, unknown people. */
class ImpactTest {
    /**
     * Dana owns the reporting service account that three workflows use, and gets their errors.
     * Erin and Dana are the only active members of finance@, which owns the SFTP key. Lee manages Dana.
     */
    private static final Inventory INVENTORY = Inventories.load("""
            people:
              - { email: dana@example.com, manager: lee@example.com }
              - { email: erin@example.com, manager: lee@example.com }
              - { email: lee@example.com }
              - { email: sam@example.com }
              - { email: gone@example.com, active: false }
            aliases:
              - { email: reporting@example.com, members: [lee@example.com, sam@example.com, dana@example.com] }
              - { email: finance@example.com, members: [dana@example.com, erin@example.com, gone@example.com] }
              - { email: pair@example.com, members: [dana@example.com, sam@example.com] }
            credentials:
              - { id: svc-reporting, kind: service-account, owner: dana@example.com }
              - { id: finance-sftp, kind: ssh-key, owner: finance@example.com }
              - { id: unused-key, kind: api-key, owner: sam@example.com }
            workflows:
              - { id: crm-export, owner: reporting@example.com, every: 1d, credentials: [svc-reporting], notify: [dana@example.com] }
              - { id: crm-sync, owner: reporting@example.com, every: 1h, credentials: [svc-reporting], notify: [dana@example.com, reporting@example.com] }
              - { id: dashboards, owner: reporting@example.com, every: 1h, credentials: [svc-reporting], notify: [reporting@example.com] }
              - { id: bank-import, owner: finance@example.com, every: 1d, credentials: [finance-sftp], notify: [finance@example.com] }
              - { id: pair-job, owner: reporting@example.com, every: 1d, notify: [pair@example.com] }
              - { id: sams-job, owner: reporting@example.com, every: 1d, credentials: [unused-key], notify: [reporting@example.com] }
            """);

    private static ImpactReport impact(String... people) throws UnknownPersonException {
        return Impact.of(INVENTORY, List.of(people), Set.of());
    }

    @Test
    void one_leaver_breaks_every_workflow_using_her_credential_and_darkens_her_routes() throws Exception {
        ImpactReport report = impact("dana@example.com");

        assertThat(report.verdict()).isEqualTo("blocked");
        assertThat(report.people()).containsExactly("dana@example.com");
        assertThat(report.credentials())
                .extracting(
                        ImpactReport.CredentialImpact::id,
                        ImpactReport.CredentialImpact::reason,
                        ImpactReport.CredentialImpact::workflows)
                .containsExactly(tuple("svc-reporting", "owned", List.of("crm-export", "crm-sync", "dashboards")));
        assertThat(report.workflows())
                .extracting(ImpactReport.WorkflowImpact::id)
                .containsExactly("crm-export", "crm-sync", "dashboards", "bank-import", "pair-job");
        assertThat(report.workflows().get(0).reasons())
                .containsExactly(
                        "uses credential svc-reporting owned by dana@example.com",
                        "every error route goes dark: failures would reach nobody");
        assertThat(report.workflows().get(1).reasons())
                .containsExactly("uses credential svc-reporting owned by dana@example.com");
        assertThat(report.routes())
                .extracting(
                        ImpactReport.RouteImpact::workflow,
                        ImpactReport.RouteImpact::target,
                        ImpactReport.RouteImpact::effect)
                .containsExactly(
                        tuple("crm-export", "dana@example.com", "goes dark"),
                        tuple("crm-sync", "dana@example.com", "goes dark"),
                        tuple("bank-import", "finance@example.com", "no longer durable"),
                        tuple("pair-job", "pair@example.com", "no longer durable"));
        assertThat(report.aliases())
                .extracting(ImpactReport.AliasImpact::email, ImpactReport.AliasImpact::activeMembersAfter)
                .containsExactly(tuple("finance@example.com", 1), tuple("pair@example.com", 1));
        assertThat(report.suggestedOwners())
                .extracting(ImpactReport.Suggestion::forId, ImpactReport.Suggestion::candidates)
                .containsExactly(tuple("svc-reporting", List.of("lee@example.com", "sam@example.com")));
    }

    @Test
    void a_workflow_losing_its_last_durable_route_is_named_with_that_reason() throws Exception {
        ImpactReport report = impact("dana@example.com");
        assertThat(report.workflows())
                .filteredOn(w -> w.id().equals("pair-job") || w.id().equals("bank-import"))
                .extracting(ImpactReport.WorkflowImpact::reasons)
                .containsOnly(List.of("loses its last durable error route"));
    }

    @Test
    void two_leavers_together_empty_the_alias_they_share_and_break_what_it_owns() throws Exception {
        ImpactReport report = impact("dana@example.com", "erin@example.com");

        assertThat(report.verdict()).isEqualTo("blocked");
        assertThat(report.credentials())
                .extracting(
                        ImpactReport.CredentialImpact::id,
                        ImpactReport.CredentialImpact::reason,
                        ImpactReport.CredentialImpact::via)
                .containsExactly(
                        tuple("svc-reporting", "owned", null),
                        tuple("finance-sftp", "owned-through-alias", "finance@example.com"));
        assertThat(report.workflows())
                .filteredOn(w -> w.id().equals("bank-import"))
                .singleElement()
                .extracting(ImpactReport.WorkflowImpact::reasons)
                .isEqualTo(List.of(
                        "uses credential finance-sftp owned by finance@example.com, which has no active member left",
                        "owned by finance@example.com, which has no active member left",
                        "every error route goes dark: failures would reach nobody"));
        assertThat(report.aliases())
                .extracting(ImpactReport.AliasImpact::email, ImpactReport.AliasImpact::activeMembersAfter)
                .containsExactly(tuple("finance@example.com", 0), tuple("pair@example.com", 1));
        assertThat(report.suggestedOwners())
                .extracting(ImpactReport.Suggestion::forId)
                .contains("finance-sftp", "bank-import");
        assertThat(report.suggestedOwners())
                .filteredOn(s -> s.forId().equals("finance-sftp"))
                .singleElement()
                .extracting(ImpactReport.Suggestion::candidates)
                .isEqualTo(List.of("lee@example.com"));
    }

    @Test
    void either_of_the_two_alone_leaves_the_shared_alias_owning_its_credential() throws Exception {
        assertThat(impact("erin@example.com").credentials()).isEmpty();
        assertThat(impact("dana@example.com").credentials())
                .extracting(ImpactReport.CredentialImpact::id)
                .doesNotContain("finance-sftp");
    }

    @Test
    void someone_nothing_depends_on_is_clear() throws Exception {
        ImpactReport report = impact("lee@example.com");
        assertThat(report.verdict()).isEqualTo("clear");
        assertThat(report.blocked()).isFalse();
        assertThat(report.credentials()).isEmpty();
        assertThat(report.workflows()).isEmpty();
        assertThat(report.routes()).isEmpty();
        assertThat(report.aliases()).isEmpty();
    }

    @Test
    void a_leaver_who_only_owns_an_unused_credential_blocks_nothing_but_is_reported() throws Exception {
        ImpactReport report = impact("sam@example.com");
        assertThat(report.credentials())
                .extracting(ImpactReport.CredentialImpact::id)
                .containsExactly("unused-key");
        assertThat(report.workflows())
                .extracting(ImpactReport.WorkflowImpact::id)
                .containsExactly("pair-job", "sams-job");
    }

    /**
     * What the platform really does: crm-n8n's definition of crm-report also mails Dana on error
     * (the inventory names only reporting@), and a workflow nobody inventoried uses Dana's API key
     * through its handle on crm-n8n.
     */
    private static final Inventory WATCHED = Inventories.load("""
            people:
              - { email: dana@example.com, manager: lee@example.com }
              - { email: lee@example.com }
              - { email: sam@example.com }
            aliases:
              - { email: reporting@example.com, members: [lee@example.com, sam@example.com] }
            credentials:
              - { id: svc-crm, kind: service-account, owner: reporting@example.com, refs: [crm-n8n:7] }
              - { id: dana-sheets, kind: api-key, owner: dana@example.com, refs: [crm-n8n:42] }
            workflows:
              - { id: crm-report, owner: reporting@example.com, schedule: "0 6 * * *", credentials: [svc-crm],
                  notify: [reporting@example.com], source: { kind: n8n, server: crm-n8n, ref: wf1 } }
            """);

    private static final List<Definition> PLATFORM = List.of(
            new Definition(
                    "crm-n8n",
                    "wf1",
                    "CRM report",
                    List.of("0 6 * * *"),
                    null,
                    false,
                    null,
                    List.of(new Definition.Handle("7", "Salesforce")),
                    List.of(new Definition.PlatformRoute("dana@example.com", "error workflow 'Mail on error'")),
                    List.of()),
            new Definition(
                    "crm-n8n",
                    "wf9",
                    "Sheets sync",
                    List.of("*/30 * * * *"),
                    null,
                    false,
                    null,
                    List.of(new Definition.Handle("42", "Google Sheets")),
                    List.of(),
                    List.of()));

    @Test
    void the_platform_s_own_route_and_credential_use_count_in_the_impact() throws Exception {
        ImpactReport report = Impact.of(WATCHED, List.of("dana@example.com"), Set.of(), PLATFORM);

        assertThat(report.verdict()).isEqualTo("blocked");
        assertThat(report.routes())
                .as("the inventory's notify does not name her; the platform mails her")
                .extracting(
                        ImpactReport.RouteImpact::workflow,
                        ImpactReport.RouteImpact::target,
                        ImpactReport.RouteImpact::effect)
                .containsExactly(tuple("crm-report", "dana@example.com", "goes dark"));
        assertThat(report.credentials())
                .extracting(
                        ImpactReport.CredentialImpact::id,
                        ImpactReport.CredentialImpact::reason,
                        ImpactReport.CredentialImpact::workflows)
                .containsExactly(tuple("dana-sheets", "owned", List.of("crm-n8n:wf9")));
        assertThat(report.workflows())
                .extracting(ImpactReport.WorkflowImpact::id, ImpactReport.WorkflowImpact::reasons)
                .containsExactly(
                        tuple("crm-n8n:wf9", List.of("uses credential dana-sheets owned by dana@example.com")));
        assertThat(report.suggestedOwners())
                .extracting(ImpactReport.Suggestion::forId, ImpactReport.Suggestion::candidates)
                .containsExactly(tuple("dana-sheets", List.of("lee@example.com")));
    }

    @Test
    void without_the_platform_s_definitions_the_same_departure_is_clear() throws Exception {
        ImpactReport report = Impact.of(WATCHED, List.of("dana@example.com"), Set.of(), List.of());

        assertThat(report.verdict()).isEqualTo("clear");
        assertThat(report.routes()).isEmpty();
        assertThat(report.workflows()).isEmpty();
        assertThat(report.credentials())
                .extracting(ImpactReport.CredentialImpact::id, ImpactReport.CredentialImpact::workflows)
                .containsExactly(tuple("dana-sheets", List.of()));
        assertThat(Impact.of(WATCHED, List.of("dana@example.com"), Set.of()))
                .as("the overload without definitions")
                .isEqualTo(report);
    }

    @Test
    void an_unknown_person_is_an_error_with_a_suggestion() {
        assertThatThrownBy(() -> impact("dnaa@example.com"))
                .isInstanceOf(UnknownPersonException.class)
                .hasMessage("unknown person 'dnaa@example.com' (did you mean 'dana@example.com'?)");
    }

    @Test
    void an_alias_is_not_a_person() {
        assertThatThrownBy(() -> impact("finance@example.com"))
                .isInstanceOf(UnknownPersonException.class)
                .hasMessageContaining("is an alias, not a person");
    }

    @Test
    void addresses_are_matched_without_regard_to_case() throws Exception {
        assertThat(impact("Dana@Example.com").people()).containsExactly("dana@example.com");
    }
}
