package vigil.inventory.impact;

/** An impact question named someone who is not a person in the inventory. */
public final class UnknownPersonException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnknownPersonException(String message) {
        super(message);
    }
}
