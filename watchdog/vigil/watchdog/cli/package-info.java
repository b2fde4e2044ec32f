/**
 * The {@code vigil} command line (docs/cli.md), built on picocli. {@code serve} runs the daemon;
 * {@code validate} works offline; {@code impact}, {@code audit} and {@code reload} ask the running
 * daemon over its API with the token {@code serve} wrote. Errors are one clear line, never a stack trace.
 */
package vigil.watchdog.cli;
