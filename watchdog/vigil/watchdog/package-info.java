/**
 * The daemon. Its sub-packages are the stages, in pipeline order (docs/architecture.md):
 * {@code config}, {@code http}, {@code runs}, {@code intake}, {@code evaluate}, {@code alert},
 * {@code summary}, with {@code jobs} timing them and {@code api} answering questions.
 * {@link vigil.watchdog.Stages} wires them by hand, in one place; {@link vigil.watchdog.Daemon}
 * starts and stops them; {@link vigil.watchdog.Reloader} swaps the running {@link
 * vigil.watchdog.Snapshot}. {@code cli} is the command line.
 */
package vigil.watchdog;
