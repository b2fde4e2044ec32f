package vigil.inventory.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vigil.inventory.Inventory;
import vigil.inventory.Person;
import vigil.inventory.Workflow;
import vigil.testing.Inventories;
import vigil.testing.TestDatabase;

/** The same store behaviour on H2 and on a real PostgreSQL; no mocks. */
class InventoryStoreTest {
    private static final Instant MONDAY = Instant.parse("2026-11-23T09:00:00Z");
    private static final Instant TUESDAY = Instant.parse("2026-11-24T09:00:00Z");
    private static final Instant WEDNESDAY = Instant.parse("2026-11-25T09:00:00Z");

    private static final String FULL = """
            people:
              - { email: alice@example.com, name: Alice, manager: bob@example.com }
              - { email: bob@example.com }
              - { email: carol@example.com, active: true }
            aliases:
              - { email: team@example.com, name: Team, members: [alice@example.com, bob@example.com] }
              - { email: outer@example.com, members: [team@example.com] }
              - { email: finance@example.com, group: Finance Ops }
            credentials:
              - { id: svc.reporting, kind: service-account, system: Salesforce, owner: team@example.com, expires: 2027-03-31,
                  refs: [crm-n8n:12, "crm-n8n:reporting/sf-token"] }
              - { id: alice-login, kind: personal-account, owner: alice@example.com, refs: [crm-n8n:zz9, crm-n8n:aa1] }
            workflows:
              - id: nightly
                name: Nightly export
                owner: team@example.com
                schedule: "0 6 * * 1-5"
                timezone: Australia/Lord_Howe
                grace: 90m
                credentials: [svc.reporting, alice-login]
                notify: [alice@example.com, channel:team-chat]
                ping: 0f8fad5b-d9cb-469f-a165-70867728950e
                source: { kind: n8n, server: crm-n8n, ref: kX2pQ9aLm3Rt }
                normal: { runs_per_day: 1, duration: 4m, count: 850, cost: 12.50, factor: 2.5 }
                budget: { daily: 100, alert_at: [0.8, 1.0] }
              - { id: hourly, owner: alice@example.com, every: 1h30m, paused: true,
                  normal: { runs_per_day: { mon: 16, sat: 0 } }, budget: { daily: 0.75 } }
            """;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void an_inventory_reads_back_exactly_as_stored(String kind, @TempDir Path dir) {
        try (TestDatabase db = TestDatabase.open(kind, dir);
                Database database = Database.open(db.url(), null, null, 2)) {
            InventoryStore store = new InventoryStore(database.dataSource());
            assertThat(store.current(Inventories.CHANNELS)).isEmpty();
            Inventory inventory = Inventories.load(FULL);

            store.replace(inventory, MONDAY);
            Inventory back = store.current(Inventories.CHANNELS).orElseThrow();

            assertThat(back.people()).containsExactlyInAnyOrderElementsOf(inventory.people());
            assertThat(back.aliases()).containsExactlyInAnyOrderElementsOf(inventory.aliases());
            assertThat(back.credentials()).containsExactlyInAnyOrderElementsOf(inventory.credentials());
            assertThat(back.workflows()).containsExactlyInAnyOrderElementsOf(inventory.workflows());
            assertThat(store.lastLoaded()).contains(MONDAY);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void credential_refs_read_back_in_the_order_written_and_follow_each_load(String kind, @TempDir Path dir) {
        try (TestDatabase db = TestDatabase.open(kind, dir);
                Database database = Database.open(db.url(), null, null, 2)) {
            InventoryStore store = new InventoryStore(database.dataSource());
            store.replace(Inventories.load(FULL), MONDAY);

            Inventory back = store.current(Inventories.CHANNELS).orElseThrow();
            assertThat(back.credential("svc.reporting").orElseThrow().refs())
                    .containsExactly("crm-n8n:12", "crm-n8n:reporting/sf-token");
            assertThat(back.credential("alice-login").orElseThrow().refs())
                    .as("as written, not sorted")
                    .containsExactly("crm-n8n:zz9", "crm-n8n:aa1");

            store.replace(
                    Inventories.load(FULL.replace("refs: [crm-n8n:zz9, crm-n8n:aa1]", "refs: [crm-n8n:aa1]")
                            .replace("refs: [crm-n8n:12, \"crm-n8n:reporting/sf-token\"]", "refs: []")),
                    TUESDAY);
            Inventory next = store.current(Inventories.CHANNELS).orElseThrow();
            assertThat(next.credential("alice-login").orElseThrow().refs()).containsExactly("crm-n8n:aa1");
            assertThat(next.credential("svc.reporting").orElseThrow().refs()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void a_workflow_keeps_when_it_entered_until_it_leaves_and_restarts_the_clock_when_it_returns(
            String kind, @TempDir Path dir) {
        try (TestDatabase db = TestDatabase.open(kind, dir);
                Database database = Database.open(db.url(), null, null, 2)) {
            InventoryStore store = new InventoryStore(database.dataSource());
            Inventory full = Inventories.load(FULL);
            Inventory withoutHourly = without(full, "hourly");

            store.replace(full, MONDAY);
            store.replace(full, TUESDAY);
            assertThat(store.workflowPresence("hourly")).contains(new InventoryStore.Presence(MONDAY, null));

            store.replace(withoutHourly, TUESDAY);
            store.replace(withoutHourly, WEDNESDAY);
            assertThat(store.workflowPresence("hourly")).contains(new InventoryStore.Presence(MONDAY, TUESDAY));
            assertThat(store.current(Inventories.CHANNELS).orElseThrow().workflow("hourly"))
                    .isEmpty();

            store.replace(full, WEDNESDAY);
            assertThat(store.workflowPresence("hourly")).contains(new InventoryStore.Presence(WEDNESDAY, null));
            assertThat(store.workflowPresence("nightly")).contains(new InventoryStore.Presence(MONDAY, null));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void a_person_becoming_inactive_is_remembered_from_the_first_load_that_said_so(String kind, @TempDir Path dir) {
        try (TestDatabase db = TestDatabase.open(kind, dir);
                Database database = Database.open(db.url(), null, null, 2)) {
            InventoryStore store = new InventoryStore(database.dataSource());
            Inventory active = Inventories.load(FULL);
            Inventory aliceLeft = Inventories.load(FULL.replace(
                    "{ email: alice@example.com, name: Alice, manager: bob@example.com }",
                    "{ email: alice@example.com, name: Alice, manager: bob@example.com, active: false }"));

            store.replace(active, MONDAY);
            assertThat(store.inactiveSince("alice@example.com")).isEmpty();
            store.replace(aliceLeft, TUESDAY);
            store.replace(aliceLeft, WEDNESDAY);
            assertThat(store.inactiveSince("alice@example.com")).contains(TUESDAY);
            assertThat(store.current(Map.of()).orElseThrow().person("alice@example.com"))
                    .map(Person::active)
                    .contains(false);

            store.replace(active, WEDNESDAY);
            assertThat(store.inactiveSince("alice@example.com")).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void a_replacement_that_fails_half_way_leaves_the_previous_inventory_whole(String kind, @TempDir Path dir) {
        try (TestDatabase db = TestDatabase.open(kind, dir);
                Database database = Database.open(db.url(), null, null, 2)) {
            InventoryStore store = new InventoryStore(database.dataSource());
            Inventory good = Inventories.load(FULL);
            store.replace(good, MONDAY);
            // valid YAML, but a name longer than the column allows: the database refuses the last rows
            Inventory tooLong = Inventories.load(FULL.replace("name: Nightly export", "name: " + "x".repeat(600)));

            assertThatThrownBy(() -> store.replace(tooLong, TUESDAY)).isInstanceOf(RuntimeException.class);

            assertThat(store.current(Inventories.CHANNELS).orElseThrow().workflows())
                    .containsExactlyInAnyOrderElementsOf(good.workflows());
            assertThat(store.lastLoaded()).contains(MONDAY);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void opening_an_existing_database_again_applies_no_migration_twice(String kind, @TempDir Path dir) {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            try (Database first = Database.open(db.url(), null, null, 2)) {
                new InventoryStore(first.dataSource()).replace(Inventories.load(FULL), MONDAY);
            }
            try (Database second = Database.open(db.url(), null, null, 2)) {
                assertThat(second.healthy()).isTrue();
                assertThat(new InventoryStore(second.dataSource()).current(Map.of()))
                        .isPresent();
            }
        }
    }

    private static Inventory without(Inventory inventory, String workflowId) {
        List<Workflow> kept = inventory.workflows().stream()
                .filter(w -> !w.id().equals(workflowId))
                .toList();
        return new Inventory(
                inventory.people(), inventory.aliases(), inventory.credentials(), kept, inventory.channelOwners());
    }
}
