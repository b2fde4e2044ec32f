/**
 * The JSON endpoints of {@code /api/v1} (docs/http.md): status as of any instant, a workflow's
 * runs, the audit, offboarding impact, weekly summaries and the notify test. Each answers from
 * the stages before it; the server and its tokens are in {@code http}.
 */
package vigil.watchdog.api;
