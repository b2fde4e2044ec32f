package vigil.watchdog.directory.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.inventory.DirectoryFacts;
import vigil.inventory.Secret;
import vigil.inventory.store.Database;
import vigil.testing.MutableClock;
import vigil.testing.TestDatabase;
import vigil.watchdog.Stages;
import vigil.watchdog.config.Config;
import vigil.watchdog.directory.DirectoryStore;

/**
 * What only Active Directory does, on {@link ActiveDirectoryDouble} (the in-memory server answering
 * as Microsoft documents AD to): the server kind from the root DSE, people by objectCategory (not
 * the computers, which are objectClass user too), disabled by userAccountControl's ACCOUNTDISABLE
 * (0x0002; "UserAccountControl property flags", Microsoft Learn: 512 a normal account, 514 one
 * disabled, 66048 a normal account whose password does not expire, 66050 that one disabled),
 * paging past MaxPageSize, and a group's members past MaxValRange by range retrieval.
 */
class ActiveDirectoryShapeTest {
    static final String STAFF = "OU=Staff," + ActiveDirectoryDouble.DOMAIN;
    static final String GROUPS = "OU=Groups," + ActiveDirectoryDouble.DOMAIN;
    static final int NORMAL_ACCOUNT = 0x200;
    static final int ACCOUNTDISABLE = 0x2;
    static final int DONT_EXPIRE_PASSWORD = 0x10000;

    final MutableClock clock = MutableClock.at("2026-11-23T09:00:00Z");
    ActiveDirectoryDouble ad;

    @BeforeEach
    void start() throws Exception {
        ad = new ActiveDirectoryDouble(5, 4);
        ad.add("OU=Staff," + ActiveDirectoryDouble.DOMAIN, "objectClass: organizationalUnit", "ou: Staff");
        ad.add("OU=Groups," + ActiveDirectoryDouble.DOMAIN, "objectClass: organizationalUnit", "ou: Groups");
        ad.add("OU=Computers," + ActiveDirectoryDouble.DOMAIN, "objectClass: organizationalUnit", "ou: Computers");
    }

    @AfterEach
    void stop() {
        ad.close();
    }

    Config.Ldap config(String disabledFilter) {
        return new Config.Ldap(
                ad.url(),
                ActiveDirectoryDouble.BIND_DN,
                new Secret(ActiveDirectoryDouble.BIND_PASSWORD),
                ActiveDirectoryDouble.DOMAIN,
                GROUPS,
                null,
                null,
                disabledFilter,
                null,
                Duration.ofMinutes(15));
    }

    @Test
    void people_are_users_of_category_person_and_disabled_by_the_accountdisable_bit() throws Exception {
        ad.user(STAFF, "Grace Hopper", "grace@corp.example.com", null, NORMAL_ACCOUNT);
        ad.user(
                STAFF,
                "Alan Turing",
                "alan@corp.example.com",
                "CN=Grace Hopper," + STAFF,
                NORMAL_ACCOUNT | ACCOUNTDISABLE);
        ad.user(
                STAFF,
                "Ada Lovelace",
                "ada@corp.example.com",
                "CN=Grace Hopper," + STAFF,
                NORMAL_ACCOUNT | DONT_EXPIRE_PASSWORD);
        ad.user(
                STAFF,
                "Ken Thompson",
                "ken@corp.example.com",
                null,
                NORMAL_ACCOUNT | DONT_EXPIRE_PASSWORD | ACCOUNTDISABLE);
        // a computer account: objectClass user, but objectCategory Computer, WORKSTATION_TRUST_ACCOUNT
        ad.add(
                "CN=BUILD01,OU=Computers," + ActiveDirectoryDouble.DOMAIN,
                "objectClass: top",
                "objectClass: person",
                "objectClass: organizationalPerson",
                "objectClass: user",
                "objectClass: computer",
                "objectCategory: CN=Computer," + ActiveDirectoryDouble.SCHEMA,
                "cn: BUILD01",
                "mail: build01@corp.example.com",
                "userAccountControl: 4096");

        LdapRead read = new LdapDirectory(config(null)).read();

        assertThat(read.kind()).isEqualTo(ServerKind.ACTIVE_DIRECTORY);
        Map<String, DirectoryStore.PersonEntry> people =
                read.people().stream().collect(Collectors.toMap(p -> p.email(), Function.identity()));
        assertThat(people.keySet())
                .containsExactlyInAnyOrder(
                        "grace@corp.example.com",
                        "alan@corp.example.com",
                        "ada@corp.example.com",
                        "ken@corp.example.com");
        assertThat(people.get("grace@corp.example.com").active()).as("512").isTrue();
        assertThat(people.get("alan@corp.example.com").active()).as("514").isFalse();
        assertThat(people.get("ada@corp.example.com").active()).as("66048").isTrue();
        assertThat(people.get("ken@corp.example.com").active()).as("66050").isFalse();
        assertThat(people.get("alan@corp.example.com").manager()).isEqualTo("grace@corp.example.com");
        assertThat(people.get("alan@corp.example.com").key()).isEqualTo("CN=Alan Turing," + STAFF);
        assertThat(read.withoutMail())
                .as("the service account Vigil binds as has no mail")
                .isEmpty();
    }

    @Test
    void more_people_than_max_page_size_are_read_in_pages_where_a_plain_search_fails() throws Exception {
        for (int i = 0; i < 12; i++) {
            ad.user(STAFF, "User " + i, "user" + i + "@corp.example.com", null, NORMAL_ACCOUNT);
        }
        try (LDAPConnection plain = new LDAPConnection(
                "127.0.0.1",
                ad.server.getListenPort(),
                ActiveDirectoryDouble.BIND_DN,
                ActiveDirectoryDouble.BIND_PASSWORD)) {
            assertThatThrownBy(() -> plain.search(STAFF, SearchScope.SUB, "(objectClass=user)"))
                    .as("the double answers a plain search as AD does past MaxPageSize")
                    .isInstanceOfSatisfying(
                            LDAPSearchException.class,
                            e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.SIZE_LIMIT_EXCEEDED));
        }

        LdapRead read = new LdapDirectory(config(null), 5).read();

        assertThat(read.people()).hasSize(12);
        assertThat(read.pages()).as("12 people in pages of 5, and the groups").isEqualTo(3 + 1);
    }

    @Test
    void a_page_size_past_max_page_size_fails_the_read_and_the_pull_changes_nothing(@TempDir Path dir)
            throws Exception {
        for (int i = 0; i < 12; i++) {
            ad.user(STAFF, "User " + i, "user" + i + "@corp.example.com", null, NORMAL_ACCOUNT);
        }
        try (TestDatabase db = TestDatabase.open("h2", dir);
                Database database = Database.open(db.url(), null, null, 4, Stages.MIGRATIONS)) {
            DirectoryStore store = new DirectoryStore(database.dataSource(), clock);
            assertThat(new LdapSync(() -> config(null), l -> new LdapDirectory(l, 5), store, clock)
                            .sync()
                            .ok())
                    .isTrue();
            ad.user(STAFF, "User 12", "user12@corp.example.com", null, NORMAL_ACCOUNT | ACCOUNTDISABLE);
            DirectoryFacts before = store.facts();

            LdapSync.Outcome cut =
                    new LdapSync(() -> config(null), l -> new LdapDirectory(l, 100), store, clock).sync();

            assertThat(cut.failure()).contains("size limit exceeded").contains("after 5 entries");
            assertThat(store.facts()).isEqualTo(before);
        }
    }

    @Test
    void a_group_past_max_val_range_is_read_range_by_range_with_nested_groups() throws Exception {
        List<String> members = IntStream.range(0, 10)
                .mapToObj(i -> "CN=User " + i + "," + STAFF)
                .collect(Collectors.toList());
        for (int i = 0; i < 10; i++) {
            ad.user(STAFF, "User " + i, "user" + i + "@corp.example.com", null, NORMAL_ACCOUNT);
        }
        ad.add(
                "CN=Admins," + GROUPS,
                "objectClass: top",
                "objectClass: group",
                "cn: Admins",
                "groupType: -2147483646",
                "member: CN=User 0," + STAFF);
        members.add("CN=Admins," + GROUPS);
        String[] lines = new String[4 + members.size()];
        lines[0] = "objectClass: top";
        lines[1] = "objectClass: group";
        lines[2] = "cn: All Staff";
        lines[3] = "mail: all-staff@corp.example.com";
        for (int i = 0; i < members.size(); i++) {
            lines[4 + i] = "member: " + members.get(i);
        }
        ad.add("CN=All Staff," + GROUPS, lines);

        LdapRead read = new LdapDirectory(config(null), 5).read();

        DirectoryStore.GroupEntry staff = read.groups().stream()
                .filter(g -> g.name().equals("All Staff"))
                .findFirst()
                .orElseThrow();
        assertThat(staff.mail()).isEqualTo("all-staff@corp.example.com");
        assertThat(staff.members())
                .as("11 members in ranges of 4: 0-3, 4-7, 8-*")
                .hasSize(11)
                .startsWith("user0@corp.example.com")
                .endsWith("user9@corp.example.com", "group:CN=Admins," + GROUPS);
    }

    @Test
    void a_disabled_filter_only_the_server_could_match_is_refused_saying_why() {
        LdapSync sync = new LdapSync(() -> config("(userAccountControl:1.2.840.113556.1.4.803:=2)"), store(), clock);
        assertThat(sync.sync().failure())
                .startsWith("disabled_filter: '(userAccountControl:1.2.840.113556.1.4.803:=2)' uses")
                .contains("only the server can match");
    }

    @TempDir
    Path storeDir;

    DirectoryStore store() {
        Database database =
                Database.open("jdbc:h2:file:" + storeDir.resolve("vigil"), null, null, 2, Stages.MIGRATIONS);
        return new DirectoryStore(database.dataSource(), clock);
    }
}
