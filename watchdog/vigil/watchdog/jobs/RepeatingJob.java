package vigil.watchdog.jobs;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/** Runs the task registered under the job's name; never two at once. */
@DisallowConcurrentExecution
public final class RepeatingJob implements Job {
    static String task(String name) {
        return "vigil.every." + name;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try {
            String name = context.getJobDetail().getKey().getName();
            ((Runnable) context.getScheduler().getContext().get(task(name))).run();
        } catch (SchedulerException | RuntimeException e) {
            throw new JobExecutionException(e);
        } catch (Error e) {
            vigil.watchdog.process.Fatal.ifError(e); // Quartz would log it and carry on
            throw e;
        }
    }
}
