/**
 * Delivering one message to one destination — a mailbox, a chat webhook, a paging service —
 * and saying whether a failure is worth retrying. A notifier posts once; retries, backoff and
 * deduplication live in the daemon's dispatcher. Knows nothing of workflows or the inventory.
 */
package vigil.notifiers;
