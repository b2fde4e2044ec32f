/**
 * The HTTP surface (SPEC §5): the JDK HTTP server on a bounded pool, bearer-token authentication
 * with read and admin scopes, and the JSON endpoints the CLI and other tools call.
 */
package vigil.watchdog.api;
