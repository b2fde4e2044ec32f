package vigil.inventory.schedule;

/** A cron expression that cannot be parsed; the message says which field and why. */
public final class InvalidCronException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidCronException(String message) {
        super(message);
    }
}
