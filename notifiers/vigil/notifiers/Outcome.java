package vigil.notifiers;

/** The result of one delivery attempt. Reasons never contain secrets. */
public sealed interface Outcome {
    record Delivered() implements Outcome {}

    /** Worth trying again later: the peer was unreachable, busy or answered a temporary error. */
    record Retry(String reason) implements Outcome {}

    /**
     * Will never work as it is. {@code gone}: the destination itself no longer exists (a mailbox
     * rejected with 5xx, a webhook answering 404 or 410) — a dead route, not just a bad message.
     */
    record Permanent(String reason, boolean gone) implements Outcome {}
}
