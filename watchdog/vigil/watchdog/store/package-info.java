/**
 * Run evidence in the database: runs built from pings (a start paired with its completion),
 * stray pings, and the per-workflow state with its next check instant. Migrations here extend the
 * inventory's, Quartz's tables among them.
 */
package vigil.watchdog.store;
