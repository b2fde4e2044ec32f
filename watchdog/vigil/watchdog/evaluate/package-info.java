/**
 * From evidence to states (docs/states.md): {@link vigil.watchdog.evaluate.States} computes a
 * workflow's state as of any instant from its schedule and runs; {@link
 * vigil.watchdog.evaluate.Evaluator} looks only at the workflows whose next check is due or that
 * received runs, and records each change exactly once with a conditional update in
 * {@link vigil.watchdog.evaluate.StateStore}, together with what the change brings with it
 * ({@link vigil.watchdog.evaluate.Consequences}: its alert).
 */
package vigil.watchdog.evaluate;
