package vigil.notifiers;

/**
 * What to deliver: a subject, a plain-text body, an HTML body, and a key that stays the same for
 * every attempt at the same (message, destination), so a receiver or the notifier can drop a
 * repeat. {@code topic} names what the message is about across messages (a workflow), so a paging
 * service can open an incident on one message and close it on a later one ({@code resolves}).
 */
public record Message(String subject, String text, String html, String idempotencyKey, String topic, boolean resolves) {

    public Message(String subject, String text, String html, String idempotencyKey) {
        this(subject, text, html, idempotencyKey, idempotencyKey, false);
    }
}
