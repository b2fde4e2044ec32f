/**
 * The first stage: evidence that a workflow ran. Pings in the Healthchecks.io protocol arrive over
 * HTTP ({@link vigil.watchdog.intake.PingEndpoint}), are batched by one group-committing writer
 * ({@link vigil.watchdog.intake.PingWriter}) and stored as runs, a completion closing its start
 * ({@link vigil.watchdog.intake.RunWriter}), before they are answered.
 */
package vigil.watchdog.intake;
