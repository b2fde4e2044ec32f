/**
 * Vigil's own timed work on Quartz with the JDBC job store in the application's database and
 * pool: the evaluation cycle every {@code evaluate_every}. Quartz's cron dialect is used only for
 * these jobs, never for workflow schedules.
 */
package vigil.watchdog.jobs;
