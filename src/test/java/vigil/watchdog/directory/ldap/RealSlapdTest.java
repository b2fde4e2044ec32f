package vigil.watchdog.directory.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import vigil.inventory.DirectoryFacts;
import vigil.inventory.Secret;
import vigil.inventory.store.Database;
import vigil.testing.MutableClock;
import vigil.testing.TestDatabase;
import vigil.watchdog.Stages;
import vigil.watchdog.config.Config;
import vigil.watchdog.directory.DirectoryStore;

/**
 * Against a real OpenLDAP ({@code .ci/slapd} starts one; {@code VIGIL_TEST_LDAP_URL}, {@code
 * _BIND_DN} and {@code _PASSWORD} name Vigil's read-only user, {@code _ADMIN_DN} and {@code
 * _ADMIN_PASSWORD} the test's writer). Each test writes its people and groups under an ou of its
 * own — inetOrgPerson (RFC 2798) with {@code manager} (RFC 4524), groupOfNames and
 * groupOfUniqueNames (RFC 4519) — pulls them into the directory store, changes them and pulls
 * again. Without slapd the tests are skipped, saying why; under CI ({@code VIGIL_TEST_LDAP=required})
 * they fail instead.
 */
class RealSlapdTest {
    static final String FORMER = "(employeeType=former)";

    String url;
    String bindDn;
    String password;
    LDAPConnection admin;
    String run;
    String people;
    String groups;
    final MutableClock clock = MutableClock.at("2026-11-23T09:00:00Z");
    final ListAppender<ILoggingEvent> log = new ListAppender<>();
    final Logger syncLog = (Logger) LoggerFactory.getLogger(LdapSync.class);

    @BeforeEach
    void connect() throws LDAPException {
        url = System.getenv("VIGIL_TEST_LDAP_URL");
        bindDn = System.getenv("VIGIL_TEST_LDAP_BIND_DN");
        password = System.getenv("VIGIL_TEST_LDAP_PASSWORD");
        String adminDn = System.getenv("VIGIL_TEST_LDAP_ADMIN_DN");
        String adminPassword = System.getenv("VIGIL_TEST_LDAP_ADMIN_PASSWORD");
        if (url == null || bindDn == null || password == null || adminDn == null || adminPassword == null) {
            String why = "no slapd: VIGIL_TEST_LDAP_URL, _BIND_DN, _PASSWORD, _ADMIN_DN and _ADMIN_PASSWORD are"
                    + " not all set (eval \"$(.ci/slapd)\" sets them)";
            if ("required".equals(System.getenv("VIGIL_TEST_LDAP"))) {
                Assertions.fail("VIGIL_TEST_LDAP=required, but " + why);
            }
            Assumptions.abort(why);
        }
        LDAPURL parsed = new LDAPURL(url);
        admin = new LDAPConnection(parsed.getHost(), parsed.getPort(), adminDn, adminPassword);
        run = "ou=run-" + UUID.randomUUID().toString().substring(0, 8) + ",dc=example,dc=com";
        people = "ou=people," + run;
        groups = "ou=groups," + run;
        add(run, "objectClass: organizationalUnit");
        add(people, "objectClass: organizationalUnit");
        add(groups, "objectClass: organizationalUnit");
        log.start();
        syncLog.addAppender(log);
    }

    @AfterEach
    void clean() throws LDAPException {
        syncLog.detachAppender(log);
        if (admin == null) {
            return;
        }
        List<String> dns = admin.search(run, SearchScope.SUB, "(objectClass=*)", "1.1").getSearchEntries().stream()
                .map(SearchResultEntry::getDN)
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
        for (String dn : dns) {
            admin.delete(dn);
        }
        admin.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void a_pull_stores_people_and_groups_and_the_next_pull_exactly_their_changes(String kind, @TempDir Path dir)
            throws LDAPException {
        try (TestDatabase db = TestDatabase.open(kind, dir);
                Database database = Database.open(db.url(), null, null, 4, Stages.MIGRATIONS)) {
            DirectoryStore store = new DirectoryStore(database.dataSource(), clock);
            LdapSync sync = new LdapSync(() -> config(password, FORMER), store, clock);
            fixture();

            LdapSync.Outcome first = sync.sync();
            assertThat(first.failure()).isNull();
            assertThat(first.read().kind()).isEqualTo(ServerKind.STANDARD);
            Map<String, DirectoryFacts.PersonFact> facts = people(store);
            assertThat(facts.keySet())
                    .as("erin has no mail and is left out")
                    .containsExactlyInAnyOrder(
                            "alice@example.com", "bob@example.com", "carol@example.com", "dave@example.com");
            assertThat(facts.get("alice@example.com"))
                    .extracting(p -> p.name(), p -> p.manager(), p -> p.activeNow())
                    .containsExactly("Alice Able", "carol@example.com", true);
            assertThat(facts.get("bob@example.com").name())
                    .as("cn without a displayName")
                    .isEqualTo("Bob Baker");
            assertThat(facts.get("dave@example.com").activeNow())
                    .as("employeeType=former")
                    .isFalse();
            assertThat(first.read().withoutMail()).containsExactly("uid=erin," + people);
            assertThat(groups(store))
                    .containsEntry(
                            "cn=ops," + groups,
                            new DirectoryFacts.GroupFact(
                                    "ldap",
                                    "cn=ops," + groups,
                                    "ops",
                                    "ops@example.com",
                                    List.of("alice@example.com", "bob@example.com", "group:cn=oncall," + groups)))
                    .containsEntry(
                            "cn=oncall," + groups,
                            new DirectoryFacts.GroupFact(
                                    "ldap",
                                    "cn=oncall," + groups,
                                    "oncall",
                                    null,
                                    List.of("carol@example.com", "dave@example.com")));
            assertThat(store.untold())
                    .extracting(DirectoryStore.Event::email, DirectoryStore.Event::active)
                    .as("only dave's state is news: the others were active as far as anyone knew")
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("dave@example.com", false));

            clock.advance(Duration.ofMinutes(15));
            admin.modify("uid=bob," + people, new Modification(ModificationType.ADD, "employeeType", "former"));
            admin.modify("uid=dave," + people, new Modification(ModificationType.DELETE, "employeeType"));
            admin.delete("uid=alice," + people);
            admin.modify(
                    "cn=ops," + groups,
                    new Modification(ModificationType.REPLACE, "member", "uid=carol," + people, "uid=bob," + people));
            LdapSync.Outcome second = sync.sync();

            assertThat(second.events())
                    .extracting(DirectoryStore.Event::email, DirectoryStore.Event::active)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("alice@example.com", false),
                            org.assertj.core.groups.Tuple.tuple("bob@example.com", false),
                            org.assertj.core.groups.Tuple.tuple("dave@example.com", true));
            assertThat(store.untold()).as("written, the first pull's and these").hasSize(4);
            facts = people(store);
            assertThat(facts.get("alice@example.com").removed()).isTrue();
            assertThat(facts.get("bob@example.com").activeNow()).isFalse();
            assertThat(facts.get("dave@example.com").activeNow()).isTrue();
            assertThat(facts.get("dave@example.com").since()).isEqualTo(clock.instant());
            assertThat(groups(store).get("cn=ops," + groups).members())
                    .containsExactly("carol@example.com", "bob@example.com");

            clock.advance(Duration.ofMinutes(15));
            assertThat(sync.sync().events())
                    .as("nothing changed, nothing written")
                    .isEmpty();
            assertThat(store.untold()).hasSize(4);
        }
    }

    @Test
    void a_server_that_is_down_refuses_the_bind_or_returns_nobody_changes_nothing(@TempDir Path dir) throws Exception {
        try (TestDatabase db = TestDatabase.open("h2", dir);
                Database database = Database.open(db.url(), null, null, 4, Stages.MIGRATIONS)) {
            DirectoryStore store = new DirectoryStore(database.dataSource(), clock);
            fixture();
            assertThat(new LdapSync(() -> config(password, FORMER), store, clock)
                            .sync()
                            .ok())
                    .isTrue();
            DirectoryFacts before = store.facts();
            int eventsBefore = store.untold().size();

            int closed;
            try (ServerSocket s = new ServerSocket(0)) {
                closed = s.getLocalPort();
            }
            Config.Ldap down = withUrl(config(password, FORMER), "ldap://127.0.0.1:" + closed);
            String wrong = "Not-" + password;
            LdapSync downSync = new LdapSync(() -> down, store, clock);
            LdapSync refused = new LdapSync(() -> config(wrong, FORMER), store, clock);
            LdapSync noBase = new LdapSync(() -> withUsers(config(password, FORMER), "ou=gone," + run), store, clock);

            LdapSync.Outcome o1 = downSync.sync();
            LdapSync.Outcome o2 = downSync.sync();
            LdapSync.Outcome o3 = refused.sync();
            LdapSync.Outcome o4 = noBase.sync();

            for (String uid : List.of("alice", "bob", "carol", "dave", "erin")) {
                admin.delete("uid=" + uid + "," + people);
            }
            LdapSync.Outcome o5 = new LdapSync(() -> config(password, FORMER), store, clock).sync();

            assertThat(o5.failure())
                    .as("an emptied base is not everyone leaving")
                    .contains("returned no people");
            assertThat(o1.failure()).startsWith("cannot connect to ldap://127.0.0.1:" + closed);
            assertThat(o3.failure()).contains("refused the bind as " + bindDn).contains("invalid credentials");
            assertThat(o4.failure()).contains("no such object");
            assertThat(store.facts()).as("everyone still there, as they were").isEqualTo(before);
            assertThat(store.untold()).hasSize(eventsBefore);
            assertThat(downSync.health().failuresInARow()).isEqualTo(2);
            assertThat(log.list.stream().filter(e -> e.getMessage().contains("pull failed")))
                    .as("the same reason twice is logged once")
                    .hasSize(4);
            assertThat(log.list.stream().map(ILoggingEvent::getFormattedMessage))
                    .noneMatch(m -> m.contains(password) || m.contains(wrong));
            assertThat(List.of(o1, o2, o3, o4))
                    .extracting(LdapSync.Outcome::failure)
                    .noneMatch(m -> m.contains(password) || m.contains(wrong));
        }
    }

    @Test
    void people_are_read_past_one_page(@TempDir Path dir) throws LDAPException {
        try (TestDatabase db = TestDatabase.open("h2", dir);
                Database database = Database.open(db.url(), null, null, 4, Stages.MIGRATIONS)) {
            DirectoryStore store = new DirectoryStore(database.dataSource(), clock);
            for (int i = 0; i < 25; i++) {
                person("p" + i, "p" + i + "@example.com", "Person " + i, null);
            }
            Config.Ldap ldap = withGroups(config(password, null), null);
            LdapSync.Outcome read = new LdapSync(() -> ldap, l -> new LdapDirectory(l, 10), store, clock).sync();

            assertThat(read.read().pages()).as("25 people in pages of 10").isEqualTo(3);
            assertThat(people(store).keySet())
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 25)
                            .mapToObj(i -> "p" + i + "@example.com")
                            .toList());
        }
    }

    /** alice and bob report to carol; dave has left (employeeType=former); erin has no mail. */
    void fixture() throws LDAPException {
        person("carol", "Carol@Example.com", "Carol Clark", null, "displayName: Carol Clark");
        person("alice", "alice@example.com", "Alice A.", "uid=carol," + people, "displayName: Alice Able");
        person("bob", "bob@example.com", "Bob Baker", "uid=carol," + people);
        person("dave", "dave@example.com", "Dave Dunn", null, "employeeType: former");
        add("uid=erin," + people, "objectClass: inetOrgPerson", "cn: Erin Ek", "sn: Ek");
        add(
                "cn=oncall," + groups,
                "objectClass: groupOfUniqueNames",
                "uniqueMember: uid=carol," + people,
                "uniqueMember: uid=dave," + people + "#'0101'B");
        // groupOfNames has no mail: extensibleObject (RFC 4512) allows it, as a site schema would
        add(
                "cn=ops," + groups,
                "objectClass: groupOfNames",
                "objectClass: extensibleObject",
                "mail: ops@example.com",
                "member: uid=alice," + people,
                "member: uid=bob," + people,
                "member: cn=oncall," + groups,
                "member: uid=erin," + people);
    }

    void person(String uid, String mail, String cn, String manager, String... more) throws LDAPException {
        List<String> lines = new java.util.ArrayList<>(List.of(
                "objectClass: inetOrgPerson",
                "cn: " + cn,
                "sn: " + cn.substring(cn.indexOf(' ') + 1),
                "mail: " + mail,
                "userPassword: " + UUID.randomUUID()));
        if (manager != null) {
            lines.add("manager: " + manager);
        }
        lines.addAll(List.of(more));
        add("uid=" + uid + "," + people, lines.toArray(String[]::new));
    }

    void add(String dn, String... lines) throws LDAPException {
        String[] ldif = new String[lines.length + 1];
        ldif[0] = "dn: " + dn;
        System.arraycopy(lines, 0, ldif, 1, lines.length);
        try {
            admin.add(ldif);
        } catch (com.unboundid.ldif.LDIFException e) {
            throw new IllegalArgumentException(e);
        }
    }

    Config.Ldap config(String password, String disabledFilter) {
        return new Config.Ldap(
                url,
                bindDn,
                new Secret(password),
                people,
                groups,
                null,
                null,
                disabledFilter,
                null,
                Duration.ofMinutes(15));
    }

    static Config.Ldap withUrl(Config.Ldap l, String url) {
        return new Config.Ldap(
                url,
                l.bindDn(),
                l.password(),
                l.users(),
                l.groups(),
                l.userFilter(),
                l.groupFilter(),
                l.disabledFilter(),
                l.ca(),
                l.poll());
    }

    static Config.Ldap withUsers(Config.Ldap l, String users) {
        return new Config.Ldap(
                l.url(),
                l.bindDn(),
                l.password(),
                users,
                l.groups(),
                l.userFilter(),
                l.groupFilter(),
                l.disabledFilter(),
                l.ca(),
                l.poll());
    }

    static Config.Ldap withGroups(Config.Ldap l, String groups) {
        return new Config.Ldap(
                l.url(),
                l.bindDn(),
                l.password(),
                l.users(),
                groups,
                l.userFilter(),
                l.groupFilter(),
                l.disabledFilter(),
                l.ca(),
                l.poll());
    }

    static Map<String, DirectoryFacts.PersonFact> people(DirectoryStore store) {
        return store.facts().people().stream()
                .filter(p -> p.source().equals("ldap"))
                .collect(Collectors.toMap(DirectoryFacts.PersonFact::email, Function.identity()));
    }

    static Map<String, DirectoryFacts.GroupFact> groups(DirectoryStore store) {
        return store.facts().groups().stream()
                .filter(g -> g.source().equals("ldap"))
                .collect(Collectors.toMap(DirectoryFacts.GroupFact::key, Function.identity()));
    }
}
