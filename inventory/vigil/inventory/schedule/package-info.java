/**
 * Workflow schedules: 5-field Unix cron expressions (Debian cron's dialect) and fixed
 * {@code every} intervals. Parsing lives here so the inventory can reject a bad expression with a
 * precise reason; computing due instants across time-zone changes builds on the same fields.
 */
package vigil.inventory.schedule;
