package vigil.inventory.impact;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;
import vigil.bench.GeneratedInventory;
import vigil.inventory.Alias;
import vigil.inventory.Credential;
import vigil.inventory.CredentialKind;
import vigil.inventory.Definition;
import vigil.inventory.Inventory;
import vigil.inventory.Person;
import vigil.inventory.Route;
import vigil.inventory.Source;
import vigil.inventory.Workflow;
import vigil.inventory.schedule.Schedule;

/**
 * {@link Impact} (through the inventory's index) answers exactly what {@link FullPassImpact}, the
 * former pass over everything, answers: the same report, lists in the same order, for any
 * inventory and any one to three people leaving, with and without the platforms' definitions.
 *
 * <p>Inventories are built straight from their records, not through the loader, so that what the
 * loader would reject (alias cycles, members and owners nobody knows, a credential listed twice by
 * one workflow, an alias with a person's address) is compared too. Each is read off a list of
 * random choices, so that jqwik's shrinking of the list shrinks a failing inventory to a small one.
 */
class ImpactIndexPropertyTest {

    @Property(tries = 1500)
    void the_index_answers_what_a_pass_over_everything_answers(
            @ForAll @Size(min = 200, max = 300) List<@IntRange(min = 0, max = 999) Integer> choices) throws Exception {
        Scenario s = Scenario.read(choices);

        ImpactReport expected = FullPassImpact.of(s.inventory, s.leavers, s.rejected);
        ImpactReport actual = Impact.of(s.inventory, s.leavers, s.rejected);
        assertThat(actual).as(s.describe()).isEqualTo(expected);

        ImpactReport expectedObserved = FullPassImpact.of(s.inventory, s.leavers, s.rejected, s.definitions);
        assertThat(Impact.of(s.inventory, s.leavers, s.rejected, s.definitions))
                .as("with definitions %s%n%s", s.definitions, s.describe())
                .isEqualTo(expectedObserved);

        // the same snapshot asked again, about someone else: the index and the kept effective
        // inventory are reused, and must not carry anything of the question before
        assertThat(Impact.of(s.inventory, s.others, s.rejected, s.definitions))
                .as("others %s with definitions%n%s", s.others, s.describe())
                .isEqualTo(FullPassImpact.of(s.inventory, s.others, s.rejected, s.definitions));
        // ... and once a platform's definitions changed
        List<Definition> changed = s.definitions.isEmpty() ? List.of() : s.definitions.subList(1, s.definitions.size());
        assertThat(Impact.of(s.inventory, s.others, s.rejected, changed))
                .as("others %s with definitions %s%n%s", s.others, changed, s.describe())
                .isEqualTo(FullPassImpact.of(s.inventory, s.others, s.rejected, changed));
        assertThat(Impact.of(s.inventory, s.others, s.rejected))
                .as("others %s%n%s", s.others, s.describe())
                .isEqualTo(FullPassImpact.of(s.inventory, s.others, s.rejected));

        Statistics.label("blocked").collect(expected.blocked());
        Statistics.label("credentials lost").collect(!expected.credentials().isEmpty());
        Statistics.label("owned through an alias")
                .collect(expected.credentials().stream().anyMatch(c -> c.via() != null));
        Statistics.label("routes changed").collect(!expected.routes().isEmpty());
        Statistics.label("aliases weakened").collect(!expected.aliases().isEmpty());
        Statistics.label("definitions change the answer").collect(!expectedObserved.equals(expected));
        Statistics.label("blocked").coverage(c -> c.check(true).percentage(p -> p > 30));
        Statistics.label("credentials lost").coverage(c -> c.check(true).percentage(p -> p > 20));
        Statistics.label("owned through an alias").coverage(c -> c.check(true).percentage(p -> p > 3));
        Statistics.label("routes changed").coverage(c -> c.check(true).percentage(p -> p > 20));
        Statistics.label("aliases weakened").coverage(c -> c.check(true).percentage(p -> p > 10));
        Statistics.label("definitions change the answer")
                .coverage(c -> c.check(true).percentage(p -> p > 5));
    }

    /**
     * The benchmark's kind of inventory, smaller: nested team, department and division aliases,
     * power users, channels. The heaviest people alone and in pairs.
     */
    @Example
    void on_a_generated_organisation_the_heaviest_leavers_get_the_same_answer() throws Exception {
        GeneratedInventory generated =
                GeneratedInventory.generate(new GeneratedInventory.Shape(3_000, 6_000, 300, 60, 600));
        Inventory inventory = generated.inventory();
        List<String> heaviest = generated.heavyLeavers(6);
        for (int i = 0; i < heaviest.size(); i++) {
            List<String> one = List.of(heaviest.get(i));
            assertThat(Impact.of(inventory, one, Set.of()))
                    .as("%s", one)
                    .isEqualTo(FullPassImpact.of(inventory, one, Set.of()));
            for (int j = i + 1; j < heaviest.size(); j++) {
                List<String> two = List.of(heaviest.get(i), heaviest.get(j));
                assertThat(Impact.of(inventory, two, Set.of()))
                        .as("%s", two)
                        .isEqualTo(FullPassImpact.of(inventory, two, Set.of()));
            }
        }
        assertThat(FullPassImpact.of(inventory, heaviest.subList(0, 1), Set.of())
                        .workflows())
                .as("the heaviest leaver breaks something, so the comparison compares something")
                .hasSizeGreaterThan(10);
    }

    /** Choices read in turn; past the end every choice is 0 (the smallest inventory). */
    private static final class Choices {
        private final List<Integer> values;
        private int next;

        Choices(List<Integer> values) {
            this.values = values;
        }

        /** A choice in [0, bound). */
        int next(int bound) {
            int value = next < values.size() ? values.get(next) : 0;
            next++;
            return value % bound;
        }

        boolean oneIn(int n) {
            return next(n) == 0;
        }
    }

    /** An inventory, the people leaving (and others asked about after them), rejected addresses, definitions. */
    private static final class Scenario {
        private static final String DOMAIN = "@x.test";
        private static final String NOBODY = "nobody" + DOMAIN;
        private static final String SOURCE = "src";

        Inventory inventory;
        List<String> leavers;
        List<String> others;
        Set<String> rejected;
        List<Definition> definitions;

        private final Choices c;
        private int people;
        private int aliases;
        private final List<String> aliasEmails = new ArrayList<>();

        private Scenario(Choices c) {
            this.c = c;
        }

        static Scenario read(List<Integer> choices) {
            Scenario s = new Scenario(new Choices(choices));
            s.build();
            return s;
        }

        private void build() {
            people = 1 + c.next(8);
            aliases = c.next(7);
            List<Person> persons = new ArrayList<>();
            for (int i = 0; i < people; i++) {
                String manager = c.oneIn(3) ? null : c.oneIn(6) ? "boss" + DOMAIN : person(c.next(people));
                persons.add(new Person(person(i), "P" + i, manager, !c.oneIn(5)));
            }
            for (int i = 0; i < aliases; i++) {
                // now and then an alias with a person's address, which the directory takes for the person
                aliasEmails.add(c.oneIn(12) ? person(c.next(people)) : "a" + i + DOMAIN);
            }
            List<Alias> aliasList = new ArrayList<>();
            for (int i = 0; i < aliases; i++) {
                List<String> members = new ArrayList<>();
                for (int m = c.next(5); m > 0; m--) {
                    members.add(c.oneIn(3) && aliases > 0 ? alias(c.next(aliases)) : address());
                }
                aliasList.add(new Alias(alias(i), "A" + i, members));
            }
            Map<String, String> channels = new LinkedHashMap<>();
            for (int i = 0; i < 3; i++) {
                channels.put("ch" + i, c.oneIn(4) ? "" : address());
            }
            int credentialCount = c.next(7);
            List<Credential> credentials = new ArrayList<>();
            for (int i = 0; i < credentialCount; i++) {
                credentials.add(new Credential(
                        "c" + i, CredentialKind.API_KEY, "sys", address(), null, List.of(SOURCE + ":h" + i)));
            }
            int workflowCount = c.next(9);
            List<Workflow> workflows = new ArrayList<>();
            for (int i = 0; i < workflowCount; i++) {
                List<String> uses = new ArrayList<>();
                for (int k = c.next(4); k > 0; k--) {
                    uses.add("c" + c.next(credentialCount + 1)); // one past the last: a credential nobody defined
                }
                List<Route> routes = new ArrayList<>();
                for (int k = c.next(4); k > 0; k--) {
                    routes.add(c.oneIn(4) ? new Route.Channel("ch" + c.next(4)) : new Route.Email(address()));
                }
                workflows.add(new Workflow(
                        "w" + i,
                        "W" + i,
                        c.oneIn(8) ? "" : address(),
                        new Schedule.Every(Duration.ofHours(1), "1h"),
                        ZoneId.of("UTC"),
                        Duration.ofMinutes(5),
                        uses,
                        routes,
                        null,
                        c.oneIn(2) ? new Source(null, SOURCE, "r" + i) : null,
                        c.oneIn(10)));
            }
            inventory = new Inventory(persons, aliasList, credentials, workflows, channels);

            rejected = new LinkedHashSet<>();
            for (int i = c.next(3); i > 0; i--) {
                rejected.add(c.oneIn(3) ? "channel:ch" + c.next(3) : address());
            }
            leavers = people();
            others = people();
            definitions = new ArrayList<>();
            for (int i = 0; i < workflowCount + 2; i++) { // two refs no workflow watches
                if (c.oneIn(2)) {
                    definitions.add(definition(i, credentialCount));
                }
            }
        }

        private Definition definition(int ref, int credentialCount) {
            List<Definition.Handle> handles = new ArrayList<>();
            for (int k = c.next(3); k > 0; k--) {
                handles.add(new Definition.Handle("h" + c.next(credentialCount + 1), null));
            }
            List<Definition.PlatformRoute> routes = new ArrayList<>();
            for (int k = c.next(3); k > 0; k--) {
                String target = c.oneIn(5) ? "slack:#ops" : address();
                routes.add(new Definition.PlatformRoute(
                        c.oneIn(4) ? target.toUpperCase(Locale.ROOT) : target, "error workflow"));
            }
            return new Definition(
                    SOURCE, "r" + ref, "D" + ref, List.of(), null, c.oneIn(5), null, handles, routes, List.of());
        }

        /** One to three people, sometimes the same one twice or written in capitals. */
        private List<String> people() {
            List<String> out = new ArrayList<>();
            for (int i = 1 + c.next(3); i > 0; i--) {
                String p = person(c.next(people));
                out.add(c.oneIn(6) ? p.toUpperCase(Locale.ROOT) : p);
            }
            return out;
        }

        /** Mostly a person, often an alias, now and then an address nobody knows. */
        private String address() {
            int roll = c.next(10);
            if (roll < 5 || aliases == 0 && roll < 9) {
                return person(c.next(people));
            }
            return roll < 9 ? alias(c.next(aliases)) : NOBODY;
        }

        private static String person(int i) {
            return "p" + i + DOMAIN;
        }

        private String alias(int i) {
            return aliasEmails.get(i);
        }

        String describe() {
            StringBuilder out = new StringBuilder();
            out.append("leaving ")
                    .append(leavers)
                    .append(", rejected ")
                    .append(rejected)
                    .append('\n');
            inventory.people().forEach(p -> out.append("  ").append(p).append('\n'));
            inventory.aliases().forEach(a -> out.append("  ").append(a).append('\n'));
            out.append("  channels ").append(inventory.channelOwners()).append('\n');
            inventory
                    .credentials()
                    .forEach(cr -> out.append("  credential ")
                            .append(cr.id())
                            .append(" owned by ")
                            .append(cr.owner())
                            .append('\n'));
            inventory
                    .workflows()
                    .forEach(w -> out.append("  workflow ")
                            .append(w.id())
                            .append(" owner ")
                            .append(w.owner())
                            .append(" credentials ")
                            .append(w.credentials())
                            .append(" routes ")
                            .append(w.routes().stream().map(Route::target).toList())
                            .append(
                                    w.source() == null
                                            ? ""
                                            : " source " + w.source().ref())
                            .append('\n'));
            return out.toString();
        }
    }
}
