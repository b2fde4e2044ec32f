package vigil.watchdog.jobs;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/** Runs one evaluation cycle; never two at once. */
@DisallowConcurrentExecution
public final class EvaluateJob implements Job {
    static final String TASK = "vigil.evaluate";

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try {
            ((Runnable) context.getScheduler().getContext().get(TASK)).run();
        } catch (SchedulerException | RuntimeException e) {
            throw new JobExecutionException(e);
        }
    }
}
