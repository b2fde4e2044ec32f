package vigil.notifiers;

/**
 * What to deliver: a subject, a plain-text body, an HTML body, and a key that stays the same for
 * every attempt at the same (message, destination), so a receiver or the notifier can drop a repeat.
 */
public record Message(String subject, String text, String html, String idempotencyKey) {}
