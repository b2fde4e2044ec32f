/**
 * From state changes to people: who an alert goes to ({@link vigil.watchdog.alert.Recipients}),
 * what it says ({@link vigil.watchdog.alert.AlertMessage}), and the dispatcher that delivers the
 * outbox through the notifiers with retries, backoff and one idempotency key per destination.
 */
package vigil.watchdog.alert;
