package vigil.watchdog.cli;

/** An error whose message is complete for the user: printed as {@code vigil: message}, exit 1. */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CliException(String message) {
        super(message);
    }
}
