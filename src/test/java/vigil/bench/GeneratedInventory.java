package vigil.bench;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import vigil.inventory.Alias;
import vigil.inventory.Credential;
import vigil.inventory.CredentialKind;
import vigil.inventory.Inventory;
import vigil.inventory.Person;
import vigil.inventory.Route;
import vigil.inventory.Source;
import vigil.inventory.Workflow;
import vigil.inventory.schedule.CronExpression;
import vigil.inventory.schedule.InvalidCronException;
import vigil.inventory.schedule.Schedule;

/**
 * A deterministic (fixed seed), realistic-looking {@link Inventory} for benchmarks: an org tree of
 * people (some deactivated, with managers), team aliases nested into departments and divisions (two
 * levels; some fragile), credentials owned by people and aliases with skewed popularity, and
 * workflows whose routes mix personal mailboxes, aliases, a few channels and the odd unknown address.
 *
 * <p>A handful of "power users" own a visibly larger share of credentials, workflows and personal
 * routes; {@link #heavyLeavers(int)} ranks people by what they own so benchmarks can pick the
 * departure that hurts most. Two of them are the only active members of one team alias (so that
 * alias is lost only when both leave), and the heaviest is the last active member of a fragile one.
 *
 * <p>Every reference (owner, member, credential id, route address) is its own {@code String}
 * instance, as the YAML loader produces, so {@link #main} measures a realistic heap footprint.
 */
public final class GeneratedInventory {
    /** The seed every generation uses: same shape, same inventory, every run. */
    public static final long SEED = 20_261_127L;

    /** The day expiry dates are spread around (the audit benchmark runs "as of" this day). */
    public static final LocalDate TODAY = LocalDate.of(2026, 11, 27);

    /** How big an inventory to generate. {@code credentialEdges} is the sum of workflow.credentials() sizes. */
    public record Shape(int workflows, int credentialEdges, int people, int aliases, int credentials) {
        public Shape {
            if (people < 50 || aliases < 20 || credentials < 100 || workflows < 1 || credentialEdges < 0) {
                throw new IllegalArgumentException("shape too small: " + this);
            }
        }

        /** 100,000 workflows, 200,000 credential edges, 5,000 people, 500 aliases, 20,000 credentials. */
        public static Shape standard() {
            return new Shape(100_000, 200_000, 5_000, 500, 20_000);
        }
    }

    private final Shape shape;
    private final Inventory inventory;
    private final List<String> leaversByWeight;
    private final String stats;

    private GeneratedInventory(Shape shape, Inventory inventory, List<String> leaversByWeight, String stats) {
        this.shape = shape;
        this.inventory = inventory;
        this.leaversByWeight = leaversByWeight;
        this.stats = stats;
    }

    public static GeneratedInventory generate(Shape shape) {
        return new Builder(shape, SEED).build();
    }

    public static GeneratedInventory standard() {
        return generate(Shape.standard());
    }

    public Shape shape() {
        return shape;
    }

    public Inventory inventory() {
        return inventory;
    }

    /** The active person whose departure touches most: most credentials, workflows and routes owned. */
    public String heavyLeaver() {
        return leaversByWeight.get(0);
    }

    /** The {@code n} heaviest active people, heaviest first. */
    public List<String> heavyLeavers(int n) {
        return List.copyOf(leaversByWeight.subList(0, n));
    }

    /** Counts, for the benchmark log: what was generated and how heavy the heavy leavers are. */
    public String stats() {
        return stats;
    }

    /**
     * Prints the generated shape and the heap it retains. Run with e.g. {@code java -Xmx2g -cp ...
     * vigil.bench.GeneratedInventory}.
     */
    public static void main(String[] args) {
        long before = usedAfterGc();
        long start = System.nanoTime();
        GeneratedInventory generated = standard();
        long millis = (System.nanoTime() - start) / 1_000_000;
        long after = usedAfterGc();
        System.out.println(generated.inventory());
        System.out.println(generated.stats());
        System.out.printf(
                "generated in %d ms; retained heap %.1f MB (used after full GC: %.1f MB before, %.1f MB after)%n",
                millis, (after - before) / 1e6, before / 1e6, after / 1e6);
        // keep it reachable until measured
        System.out.println(generated.inventory().workflows().size() + " workflows still reachable");
    }

    /** The heap in use after a few full collections (the lowest of four readings). */
    static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    private static final class Builder {
        private static final String DOMAIN = "@example.com";
        private static final String[] FIRST = {
            "alex", "dana", "lee", "sam", "kim", "noor", "maria", "jon", "priya", "wei", "fatima", "tom", "lena",
            "omar", "sofia", "ravi", "ines", "yuki", "marco", "ana", "ben", "chloe", "david", "eva", "felix", "grace",
            "hugo", "ivan", "julia", "karl", "lucia", "mehmet", "nina", "oscar", "paula", "quinn", "rosa", "tariq",
            "uma", "viktor"
        };
        private static final String[] LAST = {
            "smith",
            "garcia",
            "mueller",
            "rossi",
            "kowalski",
            "nguyen",
            "khan",
            "silva",
            "jensen",
            "okafor",
            "tanaka",
            "dubois",
            "novak",
            "haddad",
            "berg",
            "costa",
            "ivanova",
            "fischer",
            "martin",
            "lopez",
            "schmidt",
            "kaur",
            "chen",
            "wong",
            "ali",
            "brown",
            "wilson",
            "moreau",
            "petrov",
            "larsen",
            "moretti",
            "santos",
            "weber",
            "meyer",
            "park",
            "lee",
            "sato",
            "nowak",
            "horvat",
            "olsen"
        };
        private static final String[] TEAMS = {
            "platform", "data", "billing", "crm", "search", "infra", "payments", "growth", "security", "finance",
            "hr", "ml", "mobile", "web", "support", "warehouse", "identity", "reporting", "logistics", "marketing"
        };
        private static final String[] SYSTEMS = {
            "salesforce",
            "postgres-prod",
            "s3-exports",
            "snowflake",
            "stripe",
            "hubspot",
            "jira",
            "github",
            "sftp-partner",
            "bigquery",
            "zendesk",
            "netsuite",
            "workday",
            "okta",
            "mailchimp",
            "kafka",
            "redshift",
            "sap",
            "shopify",
            "twilio",
            "gcs-archive",
            "ldap",
            "vault",
            "datadog",
            "sentry",
            "tableau",
            "looker",
            "dynamics",
            "servicenow",
            "quickbooks"
        };
        private static final String[] VERBS = {
            "export", "import", "sync", "backup", "report", "cleanup", "reconcile", "refresh", "rotate", "digest"
        };
        private static final String[] CADENCE = {"nightly", "hourly", "daily", "weekly", "monthly", "morning"};
        private static final String[] CRONS = {
            "0 6 * * *",
            "*/15 * * * *",
            "30 2 * * 1-5",
            "0 */4 * * *",
            "@daily",
            "0 0 1 * *",
            "15 3 * * SUN",
            "5 * * * *",
            "0 9-17 * * MON-FRI",
            "45 23 * * *",
            "0 1 * * 6",
            "10,40 * * * *"
        };
        private static final String[][] EVERY = {{"15m", "PT15M"}, {"1h", "PT1H"}, {"6h", "PT6H"}, {"1d", "P1D"}};
        private static final String[] ZONES = {
            "UTC", "UTC", "UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney"
        };
        private static final long[] GRACE_MINUTES = {5, 15, 30, 60, 120};

        private final Shape shape;
        private final SplittableRandom rnd;

        private final List<Person> people = new ArrayList<>();
        private final List<Alias> aliases = new ArrayList<>();
        private final List<Credential> credentials = new ArrayList<>();
        private final List<Workflow> workflows = new ArrayList<>();
        private final Map<String, String> channelOwners = new LinkedHashMap<>();

        private final List<String> activeEmails = new ArrayList<>();
        private final List<String> teamEmails = new ArrayList<>();
        private final List<List<String>> teamMembers = new ArrayList<>();
        private final List<Integer> teamDept = new ArrayList<>();
        private final List<String> deptEmails = new ArrayList<>();
        private final List<Integer> fragileTeams = new ArrayList<>();
        private final Map<String, Integer> teamOfPerson = new HashMap<>();
        /** Credential ids per home team: owned by the team alias or by one of its members. */
        private final List<List<String>> teamCredentials = new ArrayList<>();

        private String[] powerUsers;

        Builder(Shape shape, long seed) {
            this.shape = shape;
            this.rnd = new SplittableRandom(seed);
        }

        GeneratedInventory build() {
            people();
            aliases();
            channels();
            credentials();
            workflows();
            Inventory inventory = new Inventory(people, aliases, credentials, workflows, channelOwners);
            List<String> ranked = rankLeavers();
            return new GeneratedInventory(shape, inventory, ranked, stats(ranked));
        }

        /** An org tree (8 reports per manager), about 6% deactivated; the root is always active. */
        private void people() {
            Set<String> taken = new java.util.HashSet<>();
            List<String> emails = new ArrayList<>();
            for (int i = 0; i < shape.people(); i++) {
                String first = FIRST[rnd.nextInt(FIRST.length)];
                String last = LAST[rnd.nextInt(LAST.length)];
                String base = first + "." + last;
                String email = base + DOMAIN;
                for (int n = 2; !taken.add(email); n++) {
                    email = base + n + DOMAIN;
                }
                emails.add(email);
                boolean active = i == 0 || rnd.nextInt(100) >= 6;
                String manager = i == 0 ? null : copy(emails.get((i - 1) / 8));
                String name = capitalise(first) + " " + capitalise(last);
                people.add(new Person(email, name, manager, active));
                if (active) {
                    activeEmails.add(email);
                }
            }
            // three power users: active, not the root, spread over the org
            powerUsers = new String[3];
            Set<String> chosen = new LinkedHashSet<>();
            while (chosen.size() < powerUsers.length) {
                String candidate = activeEmails.get(1 + rnd.nextInt(activeEmails.size() - 1));
                chosen.add(candidate);
            }
            chosen.toArray(powerUsers);
        }

        /**
         * 80% team aliases (people only; about 5% fragile with a single member), 15% departments (team
         * aliases plus a person or two), 5% divisions (departments): nesting two levels deep.
         */
        private void aliases() {
            int divisions = Math.max(1, shape.aliases() / 20);
            int depts = Math.max(2, shape.aliases() * 15 / 100);
            int teams = shape.aliases() - divisions - depts;
            for (int t = 0; t < teams; t++) {
                String email = "team-" + TEAMS[t % TEAMS.length] + "-" + (t / TEAMS.length + 1) + DOMAIN;
                List<String> members = new ArrayList<>();
                if (t == 0) {
                    // the two heaviest people are this team's only active members (plus one who left)
                    members.add(powerUsers[0]);
                    members.add(powerUsers[1]);
                    members.add(inactivePerson());
                } else if (t == 1) {
                    // fragile: the heaviest person is its last active member
                    members.add(powerUsers[0]);
                    members.add(inactivePerson());
                    fragileTeams.add(t);
                } else if (rnd.nextInt(100) < 5) {
                    members.add(people.get(rnd.nextInt(people.size())).email());
                    fragileTeams.add(t);
                } else {
                    // colleagues: a run of people near each other in the org tree
                    int size = 2 + rnd.nextInt(8);
                    int start = rnd.nextInt(people.size() - 12);
                    Set<String> distinct = new LinkedHashSet<>();
                    while (distinct.size() < size) {
                        distinct.add(people.get(start + rnd.nextInt(12)).email());
                    }
                    members.addAll(distinct);
                    if (rnd.nextInt(100) < 10) {
                        String power = powerUsers[rnd.nextInt(powerUsers.length)];
                        if (!members.contains(power)) {
                            members.add(power);
                        }
                    }
                }
                List<String> refs = copies(members);
                aliases.add(new Alias(email, "Team " + TEAMS[t % TEAMS.length] + " " + (t / TEAMS.length + 1), refs));
                teamEmails.add(email);
                teamMembers.add(members);
                teamCredentials.add(new ArrayList<>());
                for (String m : members) {
                    teamOfPerson.putIfAbsent(m, t);
                }
            }
            for (int d = 0; d < depts; d++) {
                String email = "dept-" + TEAMS[d % TEAMS.length] + "-" + (d / TEAMS.length + 1) + DOMAIN;
                List<String> members = new ArrayList<>();
                int size = 2 + rnd.nextInt(4);
                Set<String> distinct = new LinkedHashSet<>();
                while (distinct.size() < size) {
                    distinct.add(teamEmails.get(rnd.nextInt(teamEmails.size())));
                }
                members.addAll(distinct);
                for (int p = rnd.nextInt(3); p > 0; p--) {
                    String person = activeEmails.get(rnd.nextInt(activeEmails.size()));
                    if (!members.contains(person)) {
                        members.add(person);
                    }
                }
                aliases.add(new Alias(email, "Department " + (d + 1), copies(members)));
                deptEmails.add(email);
            }
            for (int t = 0; t < teams; t++) {
                teamDept.add(rnd.nextInt(depts));
            }
            for (int v = 0; v < divisions; v++) {
                String email = "division-" + (v + 1) + DOMAIN;
                Set<String> distinct = new LinkedHashSet<>();
                int size = 2 + rnd.nextInt(3);
                while (distinct.size() < size) {
                    distinct.add(deptEmails.get(rnd.nextInt(deptEmails.size())));
                }
                aliases.add(new Alias(email, "Division " + (v + 1), copies(new ArrayList<>(distinct))));
            }
        }

        private String inactivePerson() {
            while (true) {
                Person p = people.get(1 + rnd.nextInt(people.size() - 1));
                if (!p.active()) {
                    return p.email();
                }
            }
        }

        /** A few channels: owned by a department, a team, a person, a fragile team, and one by nobody. */
        private void channels() {
            channelOwners.put("ops-slack", copy(deptEmails.get(0)));
            channelOwners.put("data-alerts", copy(teamEmails.get(2)));
            channelOwners.put("pager", copy(powerUsers[0]));
            channelOwners.put("finance-teams", copy(teamEmails.get(fragileTeams.get(fragileTeams.size() - 1))));
            channelOwners.put("legacy-webhook", "");
        }

        /**
         * Credentials: about 40% owned by a person (power users get a few percent of those), the rest by
         * team aliases and some departments. Low indices are the popular, widely shared ones.
         */
        private void credentials() {
            for (int i = 0; i < shape.credentials(); i++) {
                CredentialKind kind = kind();
                String system = SYSTEMS[rnd.nextInt(SYSTEMS.length)];
                String owner;
                int team;
                int roll = rnd.nextInt(100);
                if (kind == CredentialKind.PERSONAL_ACCOUNT || roll < 40) {
                    int power = rnd.nextInt(1000);
                    if (power < 15) {
                        owner = powerUsers[0];
                    } else if (power < 25) {
                        owner = powerUsers[1];
                    } else if (power < 32) {
                        owner = powerUsers[2];
                    } else {
                        owner = people.get(rnd.nextInt(people.size())).email();
                    }
                    team = teamOfPerson.getOrDefault(owner, rnd.nextInt(teamEmails.size()));
                } else if (roll < 95) {
                    team = rnd.nextInt(teamEmails.size());
                    owner = teamEmails.get(team);
                } else {
                    owner = deptEmails.get(rnd.nextInt(deptEmails.size()));
                    team = rnd.nextInt(teamEmails.size());
                }
                String id = prefix(kind) + "-" + system + "-" + String.format("%05d", i);
                LocalDate expires = rnd.nextInt(100) < 25 ? null : TODAY.plusDays(rnd.nextInt(-90, 730));
                credentials.add(new Credential(id, kind, system, copy(owner), expires));
                teamCredentials.get(team).add(id);
            }
        }

        private CredentialKind kind() {
            int r = rnd.nextInt(100);
            if (r < 35) {
                return CredentialKind.SERVICE_ACCOUNT;
            }
            if (r < 60) {
                return CredentialKind.API_KEY;
            }
            if (r < 70) {
                return CredentialKind.OAUTH_CLIENT;
            }
            if (r < 78) {
                return CredentialKind.PERSONAL_ACCOUNT;
            }
            if (r < 88) {
                return CredentialKind.SSH_KEY;
            }
            if (r < 95) {
                return CredentialKind.CERTIFICATE;
            }
            return CredentialKind.OTHER;
        }

        private static String prefix(CredentialKind kind) {
            return switch (kind) {
                case SERVICE_ACCOUNT -> "svc";
                case API_KEY -> "key";
                case OAUTH_CLIENT -> "oauth";
                case PERSONAL_ACCOUNT -> "user";
                case SSH_KEY -> "ssh";
                case CERTIFICATE -> "cert";
                case OTHER -> "secret";
            };
        }

        private void workflows() {
            // spread exactly credentialEdges edges over the workflows (about Poisson-distributed per workflow)
            int[] edges = new int[shape.workflows()];
            int maxPerWorkflow = 12;
            if ((long) shape.credentialEdges() > (long) maxPerWorkflow * shape.workflows()) {
                throw new IllegalArgumentException(
                        "more than " + maxPerWorkflow + " credentials per workflow: " + shape);
            }
            for (int e = 0; e < shape.credentialEdges(); ) {
                int w = rnd.nextInt(edges.length);
                if (edges[w] < maxPerWorkflow) {
                    edges[w]++;
                    e++;
                }
            }
            for (int i = 0; i < shape.workflows(); i++) {
                int team = rnd.nextInt(teamEmails.size());
                String system = SYSTEMS[rnd.nextInt(SYSTEMS.length)];
                String verb = VERBS[rnd.nextInt(VERBS.length)];
                String cadence = CADENCE[rnd.nextInt(CADENCE.length)];
                String id = cadence + "-" + system + "-" + verb + "-" + String.format("%06d", i);
                String name = capitalise(cadence) + " " + system + " " + verb + " #" + i;

                String owner = owner(team);
                List<String> creds = workflowCredentials(team, edges[i]);
                List<Route> routes = routes(team, owner);
                Source source = rnd.nextInt(100) < 10 ? new Source("n8n", "ops-n8n", String.valueOf(i)) : null;
                workflows.add(new Workflow(
                        id,
                        name,
                        copy(owner),
                        schedule(),
                        ZoneId.of(ZONES[rnd.nextInt(ZONES.length)]),
                        Duration.ofMinutes(GRACE_MINUTES[rnd.nextInt(GRACE_MINUTES.length)]),
                        creds,
                        routes,
                        new UUID(rnd.nextLong(), rnd.nextLong()),
                        source,
                        rnd.nextInt(100) < 2));
            }
        }

        /** 65% the home team, 5% its department, 30% a person (a team member, now and then a power user). */
        private String owner(int team) {
            int roll = rnd.nextInt(100);
            if (roll < 65) {
                return teamEmails.get(team);
            }
            if (roll < 70) {
                return deptEmails.get(teamDept.get(team));
            }
            int power = rnd.nextInt(100);
            if (power < 3) {
                return powerUsers[power];
            }
            List<String> members = teamMembers.get(team);
            return members.get(rnd.nextInt(members.size()));
        }

        /** Mostly the home team's own credentials; otherwise shared ones, skewed towards the popular few. */
        private List<String> workflowCredentials(int team, int count) {
            Set<String> chosen = new LinkedHashSet<>();
            List<String> local = teamCredentials.get(team);
            while (chosen.size() < count) {
                if (!local.isEmpty() && rnd.nextInt(100) < 60) {
                    chosen.add(local.get(rnd.nextInt(local.size())));
                } else {
                    double r = rnd.nextDouble();
                    int index = (int) (shape.credentials() * r * r * r);
                    chosen.add(credentials.get(index).id());
                }
            }
            return copies(new ArrayList<>(chosen));
        }

        /**
         * 0–3 routes: the home team alias, a personal mailbox (the owner's, a teammate's, often a power
         * user's), another alias (possibly fragile or a department), a channel, or an unknown address.
         */
        private List<Route> routes(int team, String owner) {
            int roll = rnd.nextInt(1000);
            int count = roll < 5 ? 0 : roll < 455 ? 1 : roll < 855 ? 2 : 3;
            Map<String, Route> routes = new LinkedHashMap<>();
            for (int attempts = 0; routes.size() < count && attempts < 20; attempts++) {
                Route route = route(team, owner);
                routes.putIfAbsent(route.target(), route);
            }
            return new ArrayList<>(routes.values());
        }

        private Route route(int team, String owner) {
            int roll = rnd.nextInt(100);
            if (roll < 40) {
                return new Route.Email(copy(teamEmails.get(team)));
            }
            if (roll < 70) {
                int power = rnd.nextInt(1000);
                String person;
                if (power < 25) {
                    person = powerUsers[0];
                } else if (power < 40) {
                    person = powerUsers[1];
                } else if (power < 50) {
                    person = powerUsers[2];
                } else if (power < 500 && teamOfPerson.containsKey(owner)) {
                    person = owner;
                } else {
                    List<String> members = teamMembers.get(team);
                    person = members.get(rnd.nextInt(members.size()));
                }
                return new Route.Email(copy(person));
            }
            if (roll < 85) {
                int which = rnd.nextInt(10);
                String alias = which < 2
                        ? teamEmails.get(fragileTeams.get(rnd.nextInt(fragileTeams.size())))
                        : which < 5
                                ? deptEmails.get(teamDept.get(team))
                                : teamEmails.get(rnd.nextInt(teamEmails.size()));
                return new Route.Email(copy(alias));
            }
            if (roll < 97) {
                List<String> names = new ArrayList<>(channelOwners.keySet());
                int which = rnd.nextInt(100);
                return new Route.Channel(
                        copy(names.get(which < 40 ? 0 : which < 70 ? 1 : which < 85 ? 2 : which < 95 ? 3 : 4)));
            }
            return new Route.Email("vendor-support-" + rnd.nextInt(20) + "@partner.example.net");
        }

        private Schedule schedule() {
            if (rnd.nextInt(100) < 65) {
                try {
                    return new Schedule.Cron(CronExpression.parse(CRONS[rnd.nextInt(CRONS.length)]));
                } catch (InvalidCronException e) {
                    throw new IllegalStateException(e);
                }
            }
            String[] every = EVERY[rnd.nextInt(EVERY.length)];
            return new Schedule.Every(Duration.parse(every[1]), every[0]);
        }

        /** Active people ranked by credentials owned + workflows owned + routes to their mailbox. */
        private List<String> rankLeavers() {
            Map<String, Integer> weight = new HashMap<>();
            for (Credential c : credentials) {
                weight.merge(c.owner(), 1, Integer::sum);
            }
            for (Workflow w : workflows) {
                weight.merge(w.owner(), 1, Integer::sum);
                for (Route r : w.routes()) {
                    if (r instanceof Route.Email e) {
                        weight.merge(e.address(), 1, Integer::sum);
                    }
                }
            }
            return activeEmails.stream()
                    .sorted(Comparator.comparing((String e) -> -weight.getOrDefault(e, 0))
                            .thenComparing(Comparator.naturalOrder()))
                    .toList();
        }

        private String stats(List<String> ranked) {
            int edges = workflows.stream().mapToInt(w -> w.credentials().size()).sum();
            int routes = workflows.stream().mapToInt(w -> w.routes().size()).sum();
            long inactive = people.stream().filter(p -> !p.active()).count();
            StringBuilder out = new StringBuilder();
            out.append(String.format(
                    "shape %s: %d people (%d inactive), %d aliases (%d fragile teams), %d credentials, %d workflows,"
                            + " %d credential edges, %d routes, %d channels",
                    shape,
                    people.size(),
                    inactive,
                    aliases.size(),
                    fragileTeams.size(),
                    credentials.size(),
                    workflows.size(),
                    edges,
                    routes,
                    channelOwners.size()));
            for (String leaver : ranked.subList(0, 3)) {
                long creds = credentials.stream()
                        .filter(c -> c.owner().equals(leaver))
                        .count();
                long owned =
                        workflows.stream().filter(w -> w.owner().equals(leaver)).count();
                long mailbox = workflows.stream()
                        .flatMap(w -> w.routes().stream())
                        .filter(r -> r.target().equals(leaver))
                        .count();
                out.append(String.format(
                        "%n  heavy leaver %s: owns %d credentials, %d workflows; %d routes to the mailbox",
                        leaver, creds, owned, mailbox));
            }
            return out.toString();
        }

        private static List<String> copies(List<String> values) {
            return values.stream().map(Builder::copy).toList();
        }

        /** A distinct String instance, as the YAML loader would produce for each reference. */
        private static String copy(String value) {
            return new String(value);
        }

        private static String capitalise(String word) {
            return Character.toUpperCase(word.charAt(0)) + word.substring(1);
        }
    }
}
