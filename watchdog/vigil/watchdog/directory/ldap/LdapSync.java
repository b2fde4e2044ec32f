package vigil.watchdog.directory.ldap;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.watchdog.config.Config;
import vigil.watchdog.directory.DirectoryStore;

/**
 * One pull: reads the directory whole and replaces what the store has from {@code ldap} with it.
 * A read that fails changes nothing, and neither does one that finds no people while the store has
 * some: an emptied base or a filter gone wrong must not look like everyone leaving. A failure is
 * logged when its reason changes (not every poll), and counted; so is the recovery.
 */
public final class LdapSync {
    private static final Logger LOG = LoggerFactory.getLogger(LdapSync.class);
    private static final int NAMED = 5;

    /** What the last pulls did: failures in a row and in all, the last success, the last reason. */
    public record Health(int failuresInARow, long failures, Instant lastSuccess, String lastError) {}

    /** A pull's outcome: the events it wrote, or why it changed nothing. */
    public record Outcome(LdapRead read, List<DirectoryStore.Event> events, String failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    private final Supplier<Config.Ldap> config;
    private final Function<Config.Ldap, LdapDirectory> directory;
    private final DirectoryStore store;
    private final Clock clock;
    private final Set<String> toldWithoutMail = new HashSet<>();
    private Health health = new Health(0, 0, null, null);

    public LdapSync(Supplier<Config.Ldap> config, DirectoryStore store, Clock clock) {
        this(config, LdapDirectory::new, store, clock);
    }

    public LdapSync(
            Supplier<Config.Ldap> config,
            Function<Config.Ldap, LdapDirectory> directory,
            DirectoryStore store,
            Clock clock) {
        this.config = config;
        this.directory = directory;
        this.store = store;
        this.clock = clock;
    }

    /** For the poll job: a pull, whose failures are logged and counted, never thrown. */
    public void run() {
        try {
            sync();
        } catch (RuntimeException e) {
            failed("the pull failed: " + e);
        }
    }

    public synchronized Outcome sync() {
        Config.Ldap ldap = config.get();
        if (ldap == null) {
            return new Outcome(null, List.of(), "directory.ldap is not configured");
        }
        LdapRead read;
        try {
            read = directory.apply(ldap).read();
        } catch (LdapReadException e) {
            return failed(e.getMessage());
        }
        if (read.people().isEmpty() && hasPeople()) {
            return failed("the directory returned no people under " + ldap.users()
                    + "; the people known from it are kept until it returns some");
        }
        tellWithoutMail(read.withoutMail());
        List<DirectoryStore.Event> events = store.replace(Mapping.SOURCE, read.people(), read.groups());
        if (health.failuresInARow() > 0) {
            LOG.info("directory ldap: pulled again after {} failed pulls", health.failuresInARow());
        }
        health = new Health(0, health.failures(), clock.instant(), null);
        LOG.debug(
                "directory ldap: {} people, {} groups, {} changes of active state ({} pages, {})",
                read.people().size(),
                read.groups().size(),
                events.size(),
                read.pages(),
                read.kind());
        return new Outcome(read, events, null);
    }

    public synchronized Health health() {
        return health;
    }

    private Outcome failed(String reason) {
        if (!reason.equals(health.lastError())) {
            LOG.warn("directory ldap: pull failed, nothing changed: {}", reason);
        }
        health = new Health(health.failuresInARow() + 1, health.failures() + 1, health.lastSuccess(), reason);
        return new Outcome(null, List.of(), reason);
    }

    private boolean hasPeople() {
        return store.facts().people().stream().anyMatch(p -> Mapping.SOURCE.equals(p.source()) && !p.removed());
    }

    /** Names the people without an address once each, not on every pull. */
    private void tellWithoutMail(List<String> dns) {
        List<String> fresh =
                dns.stream().filter(dn -> !toldWithoutMail.contains(dn)).toList();
        if (fresh.isEmpty()) {
            return;
        }
        toldWithoutMail.addAll(fresh);
        LOG.info(
                "directory ldap: {} {} no mail and {} left out: {}{}",
                fresh.size(),
                fresh.size() == 1 ? "person has" : "people have",
                fresh.size() == 1 ? "is" : "are",
                String.join("; ", fresh.subList(0, Math.min(NAMED, fresh.size()))),
                fresh.size() > NAMED ? " and " + (fresh.size() - NAMED) + " more" : "");
    }
}
