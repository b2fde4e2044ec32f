/**
 * The daemon. Its sub-packages are the stages, in pipeline order: {@code config} (what to run
 * with), {@code api} (the HTTP surface and its tokens), {@code cli} (the command line, a client of
 * that API for everything but {@code validate}). {@link vigil.watchdog.Daemon} is the one place
 * that wires everything together, by hand.
 */
package vigil.watchdog;
