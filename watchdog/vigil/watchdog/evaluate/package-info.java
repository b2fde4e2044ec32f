/**
 * From evidence to states (SPEC §6): {@link vigil.watchdog.evaluate.States} computes a workflow's
 * state as of any instant from its schedule and runs; {@link vigil.watchdog.evaluate.Evaluator}
 * looks only at the workflows whose next check is due or that received runs, and records each
 * state change exactly once with a conditional update.
 */
package vigil.watchdog.evaluate;
