package vigil.watchdog.directory.ldap;

import java.time.Duration;
import java.util.Set;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.watchdog.config.Config;
import vigil.watchdog.jobs.Jobs;

/**
 * The repeating job {@value #JOB} that pulls the directory every {@code directory.ldap.poll}: armed
 * at start and after each reload (at once when added, re-armed when the interval changed), deleted
 * when {@code directory.ldap} is gone — also when it went while the daemon was down.
 */
public final class LdapPoll {
    private static final Logger LOG = LoggerFactory.getLogger(LdapPoll.class);
    public static final String JOB = "directory-ldap";

    private final Jobs jobs;
    private final LdapSync sync;

    public LdapPoll(Jobs jobs, LdapSync sync) {
        this.jobs = jobs;
        this.sync = sync;
    }

    /** {@code directory.ldap} of {@code config}, null when not set. */
    public static Config.Ldap ldap(Config config) {
        return config.directory() == null ? null : config.directory().ldap();
    }

    public synchronized void arm(Config config) {
        Config.Ldap ldap = ldap(config);
        try {
            if (ldap != null) {
                Duration every = ldap.poll();
                jobs.every(JOB, every, sync::run);
            }
            jobs.keepOnly(JOB, ldap == null ? Set.of() : Set.of(JOB));
        } catch (SchedulerException e) {
            LOG.error("could not arm the directory's LDAP pull", e);
        }
    }
}
