package vigil.watchdog.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;
import java.util.Set;
import javax.sql.DataSource;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * The Quartz scheduler on the application's own database and pool (StdJDBCDelegate on H2,
 * PostgreSQLDelegate on PostgreSQL, clustered there so several daemons can share one database).
 */
public final class Jobs implements AutoCloseable {
    private static final String DATA_SOURCE = "vigil";
    static final String AT = "at";
    private static final String SUMMARY_GROUP = "vigil-summary";
    private static final org.quartz.JobKey SUMMARY = org.quartz.JobKey.jobKey("summary", "vigil");

    /**
     * The time base Quartz fires triggers on ({@code System.currentTimeMillis}); it has no other. An
     * instant on the daemon's clock is armed to fire after the same delay on this one.
     */
    private static final Clock QUARTZ_TIME = Clock.systemUTC();

    private final Scheduler scheduler;
    private final Clock clock;

    public Jobs(
            DataSource dataSource,
            boolean postgres,
            Runnable evaluate,
            Duration every,
            SummaryJob.Task summary,
            Clock clock)
            throws SchedulerException {
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
        p.setProperty("org.quartz.threadPool.threadCount", "2");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty(
                "org.quartz.jobStore.driverDelegateClass",
                postgres
                        ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate"
                        : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", DATA_SOURCE);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        p.setProperty("org.quartz.jobStore.isClustered", Boolean.toString(postgres));
        StdSchedulerFactory factory = new StdSchedulerFactory(p);
        this.scheduler = factory.getScheduler();
        scheduler.getContext().put(EvaluateJob.TASK, evaluate);
        JobDetail job = JobBuilder.newJob(EvaluateJob.class)
                .withIdentity("evaluate", "vigil")
                .storeDurably()
                .build();
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity("evaluate", "vigil")
                .forJob(job)
                .startNow()
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(every.toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        scheduler.scheduleJob(job, Set.of(trigger), true);
        scheduler.getContext().put(SummaryJob.TASK, summary);
        scheduler.getContext().put(SummaryJob.JOBS, this);
        scheduler.addJob(
                JobBuilder.newJob(SummaryJob.class)
                        .withIdentity(SUMMARY)
                        .storeDurably()
                        .requestRecovery()
                        .build(),
                true);
    }

    /**
     * Arms the weekly summary to fire at {@code at} on the daemon's clock (persisted: a daemon that
     * was down then fires it when it comes back), replacing any other armed time except {@code
     * firing}, the trigger now running. Arming the same time twice, also from two daemons, is one
     * trigger.
     */
    public void armSummary(Instant at, org.quartz.TriggerKey firing) throws SchedulerException {
        org.quartz.TriggerKey key = org.quartz.TriggerKey.triggerKey("at-" + at.toEpochMilli(), SUMMARY_GROUP);
        for (org.quartz.TriggerKey other :
                scheduler.getTriggerKeys(org.quartz.impl.matchers.GroupMatcher.triggerGroupEquals(SUMMARY_GROUP))) {
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
                .forJob(SUMMARY)
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
        } catch (org.quartz.ObjectAlreadyExistsException e) {
            // another daemon armed the same time a moment ago
        }
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

    /** When the weekly summary is armed to fire next on the daemon's clock, if it is. */
    public java.util.Optional<java.time.Instant> summaryArmedFor() throws SchedulerException {
        return scheduler
                .getTriggerKeys(org.quartz.impl.matchers.GroupMatcher.triggerGroupEquals(SUMMARY_GROUP))
                .stream()
                .map(k -> {
                    try {
                        return scheduler.getTrigger(k);
                    } catch (SchedulerException e) {
                        return null;
                    }
                })
                .filter(java.util.Objects::nonNull)
                .map(t -> java.time.Instant.ofEpochMilli(t.getJobDataMap().getLong(AT)))
                .min(java.util.Comparator.naturalOrder());
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

    @Override
    public void close() {
        try {
            scheduler.shutdown(true);
        } catch (SchedulerException e) {
            org.slf4j.LoggerFactory.getLogger(Jobs.class).warn("scheduler did not stop cleanly: {}", e.toString());
        }
    }
}
