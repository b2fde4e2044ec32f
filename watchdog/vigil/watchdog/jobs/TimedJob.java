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
 * Fires when armed (or at once, when an armed time passed while the daemon was down), runs the
 * task registered under the job's name and arms it for the instant the task returns. If the task
 * throws, it is armed again five minutes later: tasks make a repeat harmless (the weekly summary
 * claims its week in the store).
 */
@DisallowConcurrentExecution
public final class TimedJob implements Job {
    private static final Logger LOG = LoggerFactory.getLogger(TimedJob.class);
    static final String JOBS = "vigil.jobs";
    static final Duration RETRY = Duration.ofMinutes(5);

    static String task(String name) {
        return "vigil.timed." + name;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        String name = context.getJobDetail().getKey().getName();
        Jobs jobs;
        Jobs.TimedTask task;
        try {
            jobs = (Jobs) context.getScheduler().getContext().get(JOBS);
            task = (Jobs.TimedTask) context.getScheduler().getContext().get(task(name));
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
            LOG.error("job {} failed; trying again in {} min", name, RETRY.toMinutes(), e);
            next = now.plus(RETRY);
        } catch (Error e) {
            vigil.watchdog.process.Fatal.ifError(e); // Quartz would log it and carry on
            throw e;
        }
        try {
            jobs.arm(name, next, context.getTrigger().getKey());
        } catch (SchedulerException e) {
            throw new JobExecutionException("could not arm job " + name + " again: " + e.getMessage(), e);
        }
    }
}
