package vigil.notifiers;

/** The result of one delivery attempt. Reasons never contain secrets. */
public sealed interface Outcome {
    record Delivered() implements Outcome {}

    /** Worth trying again later: the peer was unreachable, busy or answered a temporary error. */
    record Retry(String reason) implements Outcome {}

    /** Will never work as it is: the mailbox or channel is gone (5xx, 404/410). */
    record Permanent(String reason) implements Outcome {}
}
