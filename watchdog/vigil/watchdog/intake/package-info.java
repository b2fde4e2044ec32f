/**
 * The first stage of the pipeline: evidence that a workflow ran. Pings in the Healthchecks.io
 * protocol arrive over HTTP ({@link vigil.watchdog.intake.PingEndpoint}) and are made durable by
 * one group-committing writer ({@link vigil.watchdog.intake.PingWriter}) before they are answered.
 */
package vigil.watchdog.intake;
