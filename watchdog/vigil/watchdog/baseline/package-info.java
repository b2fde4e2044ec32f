/**
 * Baselines (docs/baselines.md): each run's values and each day's runs and costs compared with
 * what the inventory says is normal for the workflow; an anomaly is told once per workflow, kind
 * and day. Owns the {@code anomaly} table.
 */
package vigil.watchdog.baseline;
