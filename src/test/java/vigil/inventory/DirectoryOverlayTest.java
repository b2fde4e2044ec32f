package vigil.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import vigil.inventory.DirectoryFacts.GroupFact;
import vigil.inventory.DirectoryFacts.PersonFact;
import vigil.testing.Inventories;

/** The directories' truth laid over the inventory: who wins, what is a conflict, how groups map to aliases. */
class DirectoryOverlayTest {
    static final Instant T = Instant.parse("2026-12-01T09:00:00Z");

    static final Inventory INVENTORY = Inventories.load("""
            people:
              - { email: dana@example.com }
              - { email: lee@example.com, name: Lee Written, active: true }
              - { email: sam@example.com }
            aliases:
              - { email: reporting@example.com, members: [lee@example.com, sam@example.com] }
              - { email: platform@example.com, group: Platform Engineering }
              - { email: finance@example.com, members: [dana@example.com] }
            """);

    static PersonFact person(String email, String name, String manager, boolean active) {
        return new PersonFact(email, name, manager, active, false, "scim", T);
    }

    static DirectoryOverlay.Overlaid overlay(List<PersonFact> people, List<GroupFact> groups) {
        return DirectoryOverlay.apply(INVENTORY, new DirectoryFacts(people, groups));
    }

    @Test
    void no_facts_leave_the_inventory_as_it_is() {
        DirectoryOverlay.Overlaid o = DirectoryOverlay.apply(INVENTORY, DirectoryFacts.none());

        assertThat(o.inventory()).isSameAs(INVENTORY);
        assertThat(o.conflicts()).isEmpty();
    }

    @Test
    void the_directory_decides_what_the_inventory_does_not_write() {
        DirectoryOverlay.Overlaid o =
                overlay(List.of(person("dana@example.com", "Dana Okafor", "lee@example.com", false)), List.of());

        Person dana = o.inventory().person("dana@example.com").orElseThrow();
        assertThat(dana.active()).isFalse();
        assertThat(dana.name()).isEqualTo("Dana Okafor");
        assertThat(dana.manager()).isEqualTo("lee@example.com");
        assertThat(o.conflicts()).isEmpty();
    }

    @Test
    void a_removed_entry_counts_as_inactive() {
        DirectoryOverlay.Overlaid o =
                overlay(List.of(new PersonFact("dana@example.com", null, null, true, true, "ldap", T)), List.of());

        assertThat(o.inventory().person("dana@example.com").orElseThrow().active())
                .isFalse();
    }

    @Test
    void what_the_inventory_writes_wins_and_a_disagreement_is_a_conflict() {
        DirectoryOverlay.Overlaid o =
                overlay(List.of(person("lee@example.com", "Lee Directory", null, false)), List.of());

        Person lee = o.inventory().person("lee@example.com").orElseThrow();
        assertThat(lee.active()).as("active: true is written").isTrue();
        assertThat(lee.name()).isEqualTo("Lee Written");
        assertThat(o.conflicts())
                .containsExactly(
                        new DirectoryOverlay.Conflict("lee@example.com", "active", "true", "false", "scim"),
                        new DirectoryOverlay.Conflict(
                                "lee@example.com", "name", "Lee Written", "Lee Directory", "scim"));
    }

    @Test
    void a_person_only_the_directory_knows_joins_the_inventory() {
        DirectoryOverlay.Overlaid o = overlay(List.of(person("kim@example.com", "Kim", null, true)), List.of());

        assertThat(o.inventory().person("kim@example.com"))
                .hasValueSatisfying(p -> assertThat(p.name()).isEqualTo("Kim"));
        assertThat(o.inventory().people()).hasSize(4);
    }

    @Test
    void an_alias_takes_the_members_of_the_group_it_names_nested_groups_followed() {
        GroupFact platform = new GroupFact(
                "ldap", "cn=platform", "Platform Engineering", null, List.of("kim@example.com", "group:cn=sre"));
        GroupFact sre = new GroupFact("ldap", "cn=sre", "SRE", null, List.of("ana@example.com", "group:cn=platform"));

        DirectoryOverlay.Overlaid o = overlay(
                List.of(person("kim@example.com", null, null, true), person("ana@example.com", null, null, true)),
                List.of(platform, sre));

        assertThat(o.inventory().alias("platform@example.com").orElseThrow().members())
                .as("the nested group has no alias of its own: its members, the cycle back ignored")
                .containsExactly("kim@example.com", "ana@example.com");
        assertThat(new Directory(o.inventory(), p -> true).activePeopleBehind("platform@example.com"))
                .containsExactlyInAnyOrder("kim@example.com", "ana@example.com");
    }

    @Test
    void a_group_maps_by_its_mail_and_members_the_inventory_lists_win_with_a_conflict() {
        GroupFact reporting = new GroupFact(
                "scim", "g1", "Reporting", "reporting@example.com", List.of("lee@example.com", "kim@example.com"));

        DirectoryOverlay.Overlaid o = overlay(List.of(), List.of(reporting));

        assertThat(o.inventory().alias("reporting@example.com").orElseThrow().members())
                .containsExactly("lee@example.com", "sam@example.com");
        assertThat(o.conflicts())
                .containsExactly(new DirectoryOverlay.Conflict(
                        "reporting@example.com",
                        "members",
                        "lee@example.com, sam@example.com",
                        "kim@example.com, lee@example.com",
                        "scim"));
    }

    @Test
    void a_group_with_a_mail_no_alias_has_becomes_an_alias_and_nested_mapped_groups_stay_aliases() {
        GroupFact ops = new GroupFact("scim", "g2", "Ops", "ops@example.com", List.of("kim@example.com", "group:g3"));
        GroupFact platform = new GroupFact("scim", "g3", "Platform Engineering", null, List.of("ana@example.com"));

        DirectoryOverlay.Overlaid o = overlay(List.of(), List.of(ops, platform));

        assertThat(o.inventory().alias("ops@example.com").orElseThrow())
                .isEqualTo(new Alias("ops@example.com", "Ops", List.of("kim@example.com", "platform@example.com")));
        assertThat(o.inventory().alias("platform@example.com").orElseThrow().members())
                .containsExactly("ana@example.com");
    }

    @Test
    void a_deactivation_in_the_directory_turns_a_route_to_the_person_dead_in_the_audit() {
        Inventory inventory = Inventories.load("""
                people: [{ email: dana@example.com }]
                workflows:
                  - { id: expense-sync, owner: dana@example.com, every: 1d, notify: [dana@example.com] }
                """);
        DirectoryOverlay.Overlaid o = DirectoryOverlay.apply(
                inventory, new DirectoryFacts(List.of(person("dana@example.com", null, null, false)), List.of()));

        assertThat(vigil.inventory.audit.Audit.run(
                                o.inventory(),
                                vigil.inventory.audit.AuditEvidence.none(),
                                java.time.LocalDate.parse("2026-12-01"))
                        .stream()
                        .map(vigil.inventory.audit.Finding::rule))
                .contains("route-dead", "workflow-owner-inactive");
    }
}
