/**
 * From state changes to people: who an alert goes to ({@link vigil.watchdog.alert.Recipients}),
 * the alert written with its change ({@link vigil.watchdog.alert.Alerts}), the outbox of
 * deliveries, what each says ({@link vigil.watchdog.alert.Messages}), which notifier takes it
 * ({@link vigil.watchdog.alert.Destinations}), and the dispatcher that delivers with retries,
 * backoff, leases and one idempotency key per destination, grouping alerts by shared credential.
 */
package vigil.watchdog.alert;
