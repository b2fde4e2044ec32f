/**
 * Vigil's own timed work on Quartz, with the JDBC job store in the application's database and
 * pool: jobs that repeat at an interval (the evaluation cycle) and jobs armed for an instant that
 * say when to run next (the weekly summary). Quartz's cron dialect is never used for workflow
 * schedules.
 */
package vigil.watchdog.jobs;
