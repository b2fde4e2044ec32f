/**
 * The HTTP server on Jetty 12's core handlers: exact-path routes, each public or needing a token
 * of read or admin scope (tokens known only by their SHA-256), answers that may complete later
 * without holding a thread, and the one JSON mapper (snake_case, ISO-8601, secrets as
 * {@code <secret>}).
 */
package vigil.watchdog.http;
