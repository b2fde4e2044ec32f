package vigil.watchdog.sources;

/**
 * Vigil's own trouble with a source — never the workflow's. The message says what happened in
 * words and never carries a secret (no URL with credentials, no header, no key).
 */
public final class SourceException extends Exception {
    public enum Kind {
        /** Not reachable, timed out, or answering 5xx. */
        UNREACHABLE,
        /** Vigil's key or token was refused (401/403). */
        AUTH,
        /** The platform asked Vigil to slow down (429). */
        RATE_LIMITED,
        /** An answer Vigil cannot read. */
        MALFORMED,
        /** The platform does not know the workflow (404): the inventory's ref is wrong or it was deleted. */
        NOT_FOUND
    }

    private final Kind kind;

    public SourceException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
