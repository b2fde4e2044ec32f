package vigil.watchdog;

import java.util.HashSet;
import java.util.Set;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.watchdog.config.Config;
import vigil.watchdog.jobs.Jobs;
import vigil.watchdog.sources.Platforms;
import vigil.watchdog.sources.Poller;

/**
 * One repeating job per configured source ({@code source-NAME}, every {@code poll}), armed at start
 * and again after each reload: a source added is polled at once, one whose interval changed is
 * re-armed, one removed stops being polled (also when it was removed while the daemon was down).
 */
final class SourceJobs {
    private static final Logger LOG = LoggerFactory.getLogger(SourceJobs.class);
    static final String PREFIX = "source-";

    private final Jobs jobs;
    private final Poller poller;
    private Set<String> armed = Set.of();

    SourceJobs(Jobs jobs, Poller poller) {
        this.jobs = jobs;
        this.poller = poller;
    }

    synchronized void arm(Config config) {
        Set<String> names = new HashSet<>();
        try {
            for (var source : config.sources().entrySet()) {
                String name = source.getKey();
                if (!Platforms.polled(source.getValue())) {
                    LOG.warn(
                            "source {}: kind {} is not polled; its workflows are watched by pings only",
                            name,
                            source.getValue().kind());
                    continue;
                }
                names.add(PREFIX + name);
                jobs.every(PREFIX + name, source.getValue().poll(), () -> poller.poll(name));
            }
            jobs.keepOnly(PREFIX, names);
        } catch (SchedulerException e) {
            LOG.error("could not arm the source polls", e);
        }
        if (!names.equals(armed) && !armed.isEmpty()) {
            LOG.info(
                    "source polls now: {}",
                    names.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(names)));
        }
        armed = Set.copyOf(names);
    }
}
