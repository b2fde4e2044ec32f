package vigil.watchdog.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vigil.inventory.Definition;
import vigil.inventory.Definition.Handle;
import vigil.inventory.Definition.PlatformRoute;
import vigil.inventory.Inventory;
import vigil.inventory.store.Database;
import vigil.testing.Inventories;
import vigil.testing.MutableClock;
import vigil.testing.Race;
import vigil.testing.TestDatabase;
import vigil.watchdog.Stages;

/**
 * The platforms' definitions as kept between polls, on H2 and PostgreSQL: a read rewrites only the
 * definitions that changed, a failed read keeps the last ones and says why, and the poller reads
 * them on the same round as the runs.
 */
class SourceDefinitionsTest {
    static final Instant MONDAY = Instant.parse("2026-11-23T09:00:00Z");
    static final Instant TUESDAY = Instant.parse("2026-11-24T09:00:00Z");
    static final Instant WEDNESDAY = Instant.parse("2026-11-25T09:00:00Z");

    static Definition definition(String source, String ref, String schedule) {
        return new Definition(
                source,
                ref,
                "Workflow " + ref + " — “quoted”",
                List.of(schedule),
                "Europe/Berlin",
                false,
                "team@example.com",
                List.of(new Handle("7", "Salesforce (salesforceOAuth2Api)"), new Handle("ns/secret:key", null)),
                List.of(new PlatformRoute("dana@example.com", "error workflow 'Mail on error', node 'Send Email'")),
                List.of("node 'Mail': cc is an expression"));
    }

    static final Definition A = definition("crm-n8n", "a1", "0 6 * * *");
    static final Definition B = definition("crm-n8n", "b2", "every 15m");
    static final Definition C = definition("crm-n8n", "c3", "0 18 * * 1-5");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void all_is_kept_in_memory_until_this_daemon_writes_a_change(String kind, @TempDir Path dir) {
        try (TestDatabase db = TestDatabase.open(kind, dir);
                Database database = Database.open(db.url(), null, null, 4, Stages.MIGRATIONS)) {
            SourceDefinitions store = new SourceDefinitions(database.dataSource());
            store.replace("crm-n8n", List.of(A, B), MONDAY);
            List<Definition> first = store.all();
            assertThat(first).containsExactly(A, B);

            Jdbi.create(database.dataSource())
                    .useHandle(h -> h.execute("DELETE FROM source_definition WHERE ref = 'a1'"));
            assertThat(store.all())
                    .as("another daemon's write shows after the re-read interval")
                    .isSameAs(first);

            assertThat(store.replace("crm-n8n", List.of(A, B), TUESDAY))
                    .as("nothing changed: the same list")
                    .isEqualTo(1); // a1 is back
            assertThat(store.all())
                    .as("this daemon's change shows at once")
                    .containsExactly(A, B)
                    .isNotSameAs(first);
            List<Definition> second = store.all();
            store.replace("crm-n8n", List.of(A, B), WEDNESDAY);
            assertThat(store.all()).as("an unchanged read keeps the list").isSameAs(second);
            store.replace("crm-n8n", List.of(A, C), WEDNESDAY);
            assertThat(store.all()).containsExactly(A, C);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void a_read_writes_only_what_changed_and_reads_back_what_was_read(String kind, @TempDir Path dir) {
        try (TestDatabase db = TestDatabase.open(kind, dir);
                Database database = Database.open(db.url(), null, null, 4, Stages.MIGRATIONS)) {
            SourceDefinitions store = new SourceDefinitions(database.dataSource());
            Definition other = definition("ops-n8n", "a1", "0 1 * * *");
            assertThat(store.replace("ops-n8n", List.of(other), MONDAY)).isEqualTo(1);

            assertThat(store.replace("crm-n8n", List.of(C, A, B), MONDAY)).isEqualTo(3);
            assertThat(store.of("crm-n8n")).as("by ref, as read").containsExactly(A, B, C);
            assertThat(store.replace("crm-n8n", List.of(A, B, C), TUESDAY))
                    .as("the same definitions again")
                    .isZero();
            assertThat(readAt(database, "crm-n8n")).as("no row rewritten").containsOnly(MONDAY.toEpochMilli());
            assertThat(store.status("crm-n8n")).contains(new SourceDefinitions.Status(TUESDAY, null));

            Definition editedB = definition("crm-n8n", "b2", "every 30m");
            Definition added = definition("crm-n8n", "d4", "0 7 * * *");
            assertThat(store.replace("crm-n8n", List.of(A, editedB, added), WEDNESDAY))
                    .as("one edited, one removed, one added")
                    .isEqualTo(3);
            assertThat(store.of("crm-n8n")).containsExactly(A, editedB, added);
            assertThat(readAt(database, "crm-n8n"))
                    .containsExactly(MONDAY.toEpochMilli(), WEDNESDAY.toEpochMilli(), WEDNESDAY.toEpochMilli());

            assertThat(store.of("ops-n8n")).as("another source's are its own").containsExactly(other);
            assertThat(store.all()).containsExactly(A, editedB, added, other);

            assertThat(store.replace("crm-n8n", List.of(), WEDNESDAY))
                    .as("the platform defines nothing any more")
                    .isEqualTo(3);
            assertThat(store.of("crm-n8n")).isEmpty();
            assertThat(store.of("ops-n8n")).containsExactly(other);
        }
    }

    /**
     * The poll job and a {@code vigil discover} (or two daemons on one PostgreSQL) may read a new
     * source's definitions at the same moment: both stand, and the rows are written once.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void two_reads_of_a_new_source_at_once_both_succeed_and_write_it_once(String kind, @TempDir Path dir)
            throws Exception {
        try (TestDatabase db = TestDatabase.open(kind, dir);
                Database database = Database.open(db.url(), null, null, 8, Stages.MIGRATIONS)) {
            SourceDefinitions store = new SourceDefinitions(database.dataSource());
            for (int round = 0; round < 5; round++) {
                String source = "crm-n8n-" + round;
                List<Definition> read = List.of(
                        definition(source, "a1", "0 6 * * *"),
                        definition(source, "b2", "every 15m"),
                        definition(source, "c3", "0 18 * * 1-5"));

                List<Integer> changed = Race.of(4, () -> store.replace(source, read, MONDAY));

                assertThat(changed.stream().mapToInt(Integer::intValue).sum())
                        .as("written once among them: " + changed)
                        .isEqualTo(3);
                assertThat(store.of(source)).containsExactlyElementsOf(read);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void a_failed_read_keeps_the_last_definitions_and_records_why_until_a_read_works(String kind, @TempDir Path dir) {
        try (TestDatabase db = TestDatabase.open(kind, dir);
                Database database = Database.open(db.url(), null, null, 4, Stages.MIGRATIONS)) {
            SourceDefinitions store = new SourceDefinitions(database.dataSource());
            assertThat(store.status("crm-n8n")).as("never read").isEmpty();

            store.failed("crm-n8n", "n8n refused Vigil's credentials (HTTP 401)");
            assertThat(store.status("crm-n8n"))
                    .as("tried, never read")
                    .contains(new SourceDefinitions.Status(null, "n8n refused Vigil's credentials (HTTP 401)"));
            assertThat(store.of("crm-n8n")).isEmpty();

            store.replace("crm-n8n", List.of(A, B), MONDAY);
            store.failed("crm-n8n", "n8n did not answer within 30s");
            assertThat(store.of("crm-n8n")).containsExactly(A, B);
            assertThat(store.status("crm-n8n"))
                    .contains(new SourceDefinitions.Status(MONDAY, "n8n did not answer within 30s"));

            store.failed("crm-n8n", "x".repeat(5000));
            assertThat(store.status("crm-n8n").orElseThrow().error()).hasSize(1000);

            store.replace("crm-n8n", List.of(A, B), TUESDAY);
            assertThat(store.status("crm-n8n")).contains(new SourceDefinitions.Status(TUESDAY, null));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void the_poller_reads_the_definitions_on_each_round_and_a_failure_leaves_the_runs_and_the_last_ones(
            String kind, @TempDir Path dir) {
        Inventory inventory = Inventories.load("""
                people: [{ email: alice@example.com }]
                workflows:
                  - { id: crm-export, owner: alice@example.com, schedule: "0 * * * *", notify: [alice@example.com],
                      source: { kind: n8n, server: crm-n8n, ref: a1 } }
                """);
        MutableClock clock = MutableClock.at("2026-11-27T11:00:00Z");
        AtomicReference<SourceException> failing = new AtomicReference<>();
        Platform platform = new Platform() {
            @Override
            public Pull pull(String ref, String watermark) {
                Instant started = Instant.parse("2026-11-27T10:00:00Z");
                return new Pull(
                        List.of(new PulledRun("r1", PulledRun.SUCCESS, started, started.plusSeconds(3), null)), "r1");
            }

            @Override
            public List<Definition> definitions(String source) throws SourceException {
                if (failing.get() != null) {
                    throw failing.get();
                }
                return List.of(A, B);
            }
        };
        try (TestDatabase db = TestDatabase.open(kind, dir);
                Database database = Database.open(db.url(), null, null, 4, Stages.MIGRATIONS)) {
            SourceRuns runs = new SourceRuns(database.dataSource());
            SourceDefinitions store = new SourceDefinitions(database.dataSource());
            Poller poller = new Poller(() -> inventory, name -> platform, name -> null, runs, null, store, clock);

            assertThat(poller.poll("crm-n8n")).isEqualTo(1);
            assertThat(store.of("crm-n8n")).containsExactly(A, B);
            assertThat(store.status("crm-n8n")).contains(new SourceDefinitions.Status(clock.instant(), null));

            failing.set(new SourceException(SourceException.Kind.UNREACHABLE, "n8n did not answer within 30s"));
            clock.set("2026-11-27T11:05:00Z");
            assertThat(poller.poll("crm-n8n")).as("the run was stored already").isZero();
            assertThat(store.of("crm-n8n")).containsExactly(A, B);
            assertThat(store.status("crm-n8n"))
                    .contains(new SourceDefinitions.Status(
                            Instant.parse("2026-11-27T11:00:00Z"), "n8n did not answer within 30s"));
            SourceRuns.Health health = runs.health("crm-n8n").orElseThrow();
            assertThat(health.failures())
                    .as("the runs were read: the source is not blind")
                    .isZero();
            assertThat(health.lastSuccess()).isEqualTo(clock.instant());
        }
    }

    /** Each stored definition's read_at, by ref. */
    static List<Long> readAt(Database database, String source) {
        return Jdbi.create(database.dataSource())
                .withHandle(h -> h.createQuery("SELECT read_at FROM source_definition WHERE source = ? ORDER BY ref")
                        .bind(0, source)
                        .mapTo(Long.class)
                        .list());
    }
}
