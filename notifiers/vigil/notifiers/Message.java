package vigil.notifiers;

/**
 * What to deliver: a subject, a plain-text body, an HTML body, and a key that stays the same for
 * every attempt at the same (message, destination), so a receiver or the notifier can drop a
 * repeat. {@code topic} names what the message is about across messages (a workflow), so a paging
 * service can open an incident on one message and close it on a later one ({@code resolves}).
 * {@code repliesTo}, when set, is the idempotency key of the earlier message this one follows (a
 * recovery follows its failure), so that mail threads them.
 */
public record Message(
        String subject,
        String text,
        String html,
        String idempotencyKey,
        String topic,
        boolean resolves,
        String repliesTo) {

    public Message(String subject, String text, String html, String idempotencyKey, String topic, boolean resolves) {
        this(subject, text, html, idempotencyKey, topic, resolves, null);
    }

    public Message(String subject, String text, String html, String idempotencyKey) {
        this(subject, text, html, idempotencyKey, idempotencyKey, false);
    }

    /** This message, following the one sent with {@code key}. */
    public Message following(String key) {
        return new Message(subject, text, html, idempotencyKey, topic, resolves, key);
    }
}
