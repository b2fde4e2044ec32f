package vigil.watchdog.summary;

import java.time.Clock;
import java.time.Instant;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.watchdog.jobs.Jobs;

/**
 * The scheduled weekly summary, a timed job: armed for the next {@code summary.cron} slot, it
 * sends the week that is due by then (the slot counts as come even when Quartz fires a moment
 * early), has it delivered at once, and says when to run next.
 */
public final class SummaryJob implements Jobs.TimedTask {
    private static final Logger LOG = LoggerFactory.getLogger(SummaryJob.class);
    public static final String NAME = "summary";

    private final WeeklySummaries summaries;
    private final Runnable deliver;
    private final Clock clock;

    /** @param deliver a dispatch round, run when summaries were queued */
    public SummaryJob(WeeklySummaries summaries, Runnable deliver, Clock clock) {
        this.summaries = summaries;
        this.deliver = deliver;
        this.clock = clock;
    }

    @Override
    public Instant run(Instant armedFor) {
        Instant now = clock.instant();
        Instant at = now.isAfter(armedFor) ? now : armedFor;
        if (summaries.sendDue(at).queued()) {
            deliver.run();
        }
        return summaries.nextSlot(at);
    }

    /** Registers the job and arms it: at once if a week is due, else for the next slot. */
    public void register(Jobs jobs) throws SchedulerException {
        jobs.timed(NAME, this);
        arm(jobs);
    }

    /** Arms it again after a reload (summary.cron or the time zone may have changed). */
    public void rearm(Jobs jobs) {
        try {
            arm(jobs);
        } catch (SchedulerException e) {
            LOG.error("could not re-arm the weekly summary after reload; it stays armed as before", e);
        }
    }

    private void arm(Jobs jobs) throws SchedulerException {
        jobs.arm(NAME, summaries.arm(), null);
    }
}
