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
        MALFORMED
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
