package vigil.watchdog.directory.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.inventory.load.Problems;
import vigil.inventory.store.Database;
import vigil.testing.MutableClock;
import vigil.watchdog.Stages;
import vigil.watchdog.config.Config;
import vigil.watchdog.config.ConfigLoader;
import vigil.watchdog.directory.DirectoryStore;
import vigil.watchdog.jobs.Jobs;

/**
 * The pull as the daemon runs it: from vigil.yaml's {@code directory.ldap} (the password from the
 * environment) to a Quartz job that pulls at once when armed, and is gone when a reload drops
 * {@code directory.ldap}.
 */
class LdapPollTest {
    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2026-11-23T09:00:00Z");

    Config config(String yaml) throws Exception {
        Path file = dir.resolve("vigil.yaml");
        Files.writeString(file, yaml);
        Problems problems = new Problems();
        Config config =
                ConfigLoader.read(file, Map.of("LDAP_PASSWORD", ActiveDirectoryDouble.BIND_PASSWORD)::get, problems);
        assertThat(problems.isEmpty()).as(problems.sorted().toString()).isTrue();
        return config;
    }

    @Test
    void the_job_pulls_when_armed_and_is_gone_once_directory_ldap_is() throws Exception {
        try (ActiveDirectoryDouble ad = new ActiveDirectoryDouble(1000, 1500);
                Database database =
                        Database.open("jdbc:h2:file:" + dir.resolve("vigil"), null, null, 4, Stages.MIGRATIONS);
                Jobs jobs = new Jobs(database.dataSource(), false, clock)) {
            ad.add("OU=Staff," + ActiveDirectoryDouble.DOMAIN, "objectClass: organizationalUnit", "ou: Staff");
            ad.user("OU=Staff," + ActiveDirectoryDouble.DOMAIN, "Grace Hopper", "grace@corp.example.com", null, 512);
            Config withLdap = config("inventory: inv/\n"
                    + "directory:\n"
                    + "  ldap:\n"
                    + "    url: " + ad.url() + "\n"
                    + "    bind_dn: \"" + ActiveDirectoryDouble.BIND_DN + "\"\n"
                    + "    password: \"${env:LDAP_PASSWORD}\"\n"
                    + "    users: \"" + ActiveDirectoryDouble.DOMAIN + "\"\n"
                    + "    poll: 15m\n");
            Config without = config("inventory: inv/\n");
            AtomicReference<Config> current = new AtomicReference<>(withLdap);
            DirectoryStore store = new DirectoryStore(database.dataSource(), clock);
            LdapSync sync = new LdapSync(() -> LdapPoll.ldap(current.get()), store, clock);
            LdapPoll poll = new LdapPoll(jobs, sync);

            poll.arm(withLdap);
            jobs.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (store.facts().people().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(store.facts().people()).extracting(p -> p.email()).containsExactly("grace@corp.example.com");
            assertThat(sync.health().lastSuccess()).isEqualTo(clock.instant());

            current.set(without);
            poll.arm(without);
            assertThatThrownBy(() -> jobs.trigger(LdapPoll.JOB)).isInstanceOf(IllegalStateException.class);
            assertThat(LdapPoll.ldap(without)).isNull();
        }
    }
}
