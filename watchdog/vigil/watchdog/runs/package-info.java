/**
 * Runs as stored — from pings, a start paired with its completion — and stray pings, read back:
 * a workflow's recent runs, its week, and the {@link vigil.watchdog.runs.Evidence} its state is
 * computed from as of any instant. The ping writer in {@code intake} is the one that writes them.
 */
package vigil.watchdog.runs;
