/**
 * Sources: run history pulled from the platforms that already record it (docs/sources.md). One
 * small class per platform knows its API ({@link vigil.watchdog.sources.Platform}); polling,
 * paging state (watermarks), storing each run once and the source's health are written once here.
 */
package vigil.watchdog.sources;
