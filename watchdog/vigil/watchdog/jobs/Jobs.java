package vigil.watchdog.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import javax.sql.DataSource;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.LoggerFactory;

/**
 * The Quartz scheduler on the application's own database and pool (StdJDBCDelegate on H2,
 * PostgreSQLDelegate on PostgreSQL, clustered there so several daemons can share one database).
 * Two kinds of job: one that repeats at a fixed interval ({@link #every}), and one armed for an
 * instant on the daemon's clock that says when it wants to run next ({@link #timed}). Jobs are
 * known by name; what they do is handed in, so this package knows nothing of what they are for.
 */
public final class Jobs implements AutoCloseable {
    private static final String DATA_SOURCE = "vigil";
    private static final String GROUP = "vigil";
    static final String AT = "at";

    /**
     * The time base Quartz fires triggers on ({@code System.currentTimeMillis}); it has no other. An
     * instant on the daemon's clock is armed to fire after the same delay on this one.
     */
    private static final Clock QUARTZ_TIME = Clock.systemUTC();

    /** A job armed for an instant: does what is due and says when to run next (never before {@code notBefore}). */
    @FunctionalInterface
    public interface TimedTask {
        Instant run(Instant notBefore);
    }

    private final Scheduler scheduler;
    private final Clock clock;

    public Jobs(DataSource dataSource, boolean postgres, Clock clock) throws SchedulerException {
        this.clock = clock;
        DBConnectionManager.getInstance().addConnectionProvider(DATA_SOURCE, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return dataSource.getConnection();
            }

            @Override
            public void shutdown() {
                // the pool belongs to the application
            }

            @Override
            public void initialize() {
                // already open
            }
        });
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "vigil");
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.threadCount", "3");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty(
                "org.quartz.jobStore.driverDelegateClass",
                postgres
                        ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate"
                        : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", DATA_SOURCE);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        // while the database is failing (a full disk), try again — and log it — once a minute
        p.setProperty("org.quartz.scheduler.dbFailureRetryInterval", "60000");
        p.setProperty("org.quartz.jobStore.isClustered", Boolean.toString(postgres));
        this.scheduler = new StdSchedulerFactory(p).getScheduler();
        scheduler.getContext().put(TimedJob.JOBS, this);
    }

    /** Runs {@code task} every {@code every}, starting once the scheduler starts; never two at once. */
    public void every(String name, Duration every, Runnable task) throws SchedulerException {
        scheduler.getContext().put(RepeatingJob.task(name), task);
        JobDetail job = JobBuilder.newJob(RepeatingJob.class)
                .withIdentity(name, GROUP)
                .storeDurably()
                .build();
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(name, GROUP)
                .forJob(job)
                .startNow()
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(every.toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        scheduler.scheduleJob(job, Set.of(trigger), true);
    }

    /** Runs the repeating job {@code name} now (after its current run, if one is under way). */
    /**
     * Deletes the repeating jobs whose names start with {@code prefix} but are not in {@code keep}:
     * those of sources no longer configured, also when they were stored by an earlier run.
     */
    public void keepOnly(String prefix, Set<String> keep) throws SchedulerException {
        for (org.quartz.JobKey key :
                scheduler.getJobKeys(org.quartz.impl.matchers.GroupMatcher.jobGroupEquals(GROUP))) {
            if (key.getName().startsWith(prefix) && !keep.contains(key.getName())) {
                scheduler.deleteJob(key);
                scheduler.getContext().remove(RepeatingJob.task(key.getName()));
            }
        }
    }

    public void trigger(String name) {
        try {
            scheduler.triggerJob(new org.quartz.JobKey(name, GROUP));
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot trigger " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Registers a job that runs when armed ({@link #arm}); after each run it is armed again for the
     * instant {@code task} returns. Armed times are kept in the job store, so a daemon that was down
     * then runs the job when it comes back.
     */
    public void timed(String name, TimedTask task) throws SchedulerException {
        scheduler.getContext().put(TimedJob.task(name), task);
        scheduler.addJob(
                JobBuilder.newJob(TimedJob.class)
                        .withIdentity(name, GROUP)
                        .storeDurably()
                        .requestRecovery()
                        .build(),
                true);
    }

    /**
     * Arms the timed job {@code name} to fire at {@code at} on the daemon's clock, replacing any other
     * armed time except {@code firing}, the trigger now running. Arming the same time twice, also
     * from two daemons, is one trigger.
     */
    public void arm(String name, Instant at, TriggerKey firing) throws SchedulerException {
        String group = triggerGroup(name);
        TriggerKey key = TriggerKey.triggerKey("at-" + at.toEpochMilli(), group);
        for (TriggerKey other : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(group))) {
            if (!other.equals(key) && !other.equals(firing)) {
                scheduler.unscheduleJob(other);
            }
        }
        Date fireAt = onQuartzTime(at);
        Trigger armed = scheduler.getTrigger(key);
        if (armed != null && (key.equals(firing) || firesAt(armed, fireAt))) {
            return;
        }
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(key)
                .forJob(JobKey.jobKey(name, GROUP))
                .startAt(fireAt)
                .usingJobData(AT, at.toEpochMilli())
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        try {
            if (armed != null) {
                // the daemon's clock moved against Quartz's since it was armed (stepped while down)
                scheduler.rescheduleJob(key, trigger);
            } else {
                scheduler.scheduleJob(trigger);
            }
        } catch (ObjectAlreadyExistsException e) {
            // another daemon armed the same time a moment ago
        }
    }

    /** When the timed job {@code name} is armed to fire next, on the daemon's clock, if it is. */
    public Optional<Instant> armedFor(String name) throws SchedulerException {
        Instant first = null;
        for (TriggerKey key : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(triggerGroup(name)))) {
            Trigger trigger = scheduler.getTrigger(key);
            if (trigger != null) {
                Instant at = Instant.ofEpochMilli(trigger.getJobDataMap().getLong(AT));
                first = first == null || at.isBefore(first) ? at : first;
            }
        }
        return Optional.ofNullable(first);
    }

    /** The trigger group of a timed job (the weekly summary's is "vigil-summary"). */
    private static String triggerGroup(String name) {
        return GROUP + "-" + name;
    }

    /** Whether {@code trigger} fires at {@code at} on Quartz's time, give or take a second of arming. */
    private static boolean firesAt(Trigger trigger, Date at) {
        Date next = trigger.getNextFireTime();
        return next == null || Math.abs(next.getTime() - at.getTime()) < 1_000;
    }

    /** Now on the daemon's clock. */
    Instant now() {
        return clock.instant();
    }

    /** When {@code at} on the daemon's clock comes on Quartz's: after the same delay from now. */
    private Date onQuartzTime(Instant at) {
        return Date.from(QUARTZ_TIME.instant().plus(Duration.between(clock.instant(), at)));
    }

    public void start() throws SchedulerException {
        scheduler.start();
    }

    public boolean healthy() {
        try {
            return scheduler.isStarted() && !scheduler.isShutdown() && !scheduler.isInStandbyMode();
        } catch (SchedulerException e) {
            return false;
        }
    }

    /** How long stopping waits for the jobs running now. */
    static final Duration STOP_WAIT = Duration.ofSeconds(10);

    /**
     * Stops firing, waits up to {@link #STOP_WAIT} for the jobs running now, then stops the
     * scheduler without waiting further: Quartz retries recording a finished job until its store
     * answers, which on a full disk would be forever.
     */
    @Override
    public void close() {
        try {
            scheduler.standby();
            long deadline = System.nanoTime() + STOP_WAIT.toNanos();
            while (!scheduler.getCurrentlyExecutingJobs().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            scheduler.shutdown(false);
        } catch (SchedulerException e) {
            LoggerFactory.getLogger(Jobs.class).warn("scheduler did not stop cleanly: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
