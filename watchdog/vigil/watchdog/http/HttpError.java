package vigil.watchdog.http;

/** A request that cannot be served; becomes {@code {"error": message}} with the status. */
public final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public HttpError(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
