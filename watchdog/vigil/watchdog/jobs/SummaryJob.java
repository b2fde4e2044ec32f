package vigil.watchdog.jobs;

import java.time.Duration;
import java.time.Instant;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires at a summary.cron slot (or at once, when a week is due after downtime), sends what is due
 * and arms the next slot. If sending throws, it tries again in five minutes; the week's claim in
 * the store keeps a retry from sending twice.
 */
@DisallowConcurrentExecution
public final class SummaryJob implements Job {
    private static final Logger LOG = LoggerFactory.getLogger(SummaryJob.class);
    static final String TASK = "vigil.summary";
    static final String JOBS = "vigil.jobs";
    static final Duration RETRY = Duration.ofMinutes(5);

    /** The scheduled send: does what is due, and says when to run next (never before {@code notBefore}). */
    public interface Task {
        Instant run(Instant notBefore);
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        Jobs jobs;
        Task task;
        try {
            jobs = (Jobs) context.getScheduler().getContext().get(JOBS);
            task = (Task) context.getScheduler().getContext().get(TASK);
        } catch (SchedulerException e) {
            throw new JobExecutionException(e);
        }
        // times are the daemon's clock, never Quartz's fire time; a recovery after a crash may run
        // without the original trigger's data
        Instant now = jobs.now();
        Instant notBefore = context.getMergedJobDataMap().containsKey(Jobs.AT)
                ? Instant.ofEpochMilli(context.getMergedJobDataMap().getLong(Jobs.AT))
                : now;
        Instant next;
        try {
            next = task.run(notBefore);
        } catch (RuntimeException e) {
            LOG.error("weekly summary failed ({}); trying again in {} min", e.toString(), RETRY.toMinutes());
            next = now.plus(RETRY);
        }
        try {
            jobs.armSummary(next, context.getTrigger().getKey());
        } catch (SchedulerException e) {
            throw new JobExecutionException("could not arm the next weekly summary: " + e.getMessage(), e);
        }
    }
}
