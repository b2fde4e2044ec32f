/**
 * The weekly execution summary: for each alias that owns workflows, what last week looked like —
 * expected against actual runs per day ({@link vigil.watchdog.summary.DayGrid}), failures,
 * misses, the longest silence, the audit findings that concern each workflow, and the stray pings
 * nobody inventoried — rendered as plain text and as HTML with inline styles, and addressed to
 * the alias only when it is durable, otherwise to the configured fallback with the reason.
 */
package vigil.watchdog.summary;
