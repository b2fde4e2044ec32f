package vigil.watchdog.http;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body without holding a thread while it arrives: each chunk is taken when Jetty
 * has one, and when none is there the reader asks to be called back instead of waiting. A client
 * that sends its body one byte a second therefore costs a connection, not one of the request
 * threads every other client needs. The first {@code limit} bytes are kept, the rest read and
 * dropped; a body that is not complete within the deadline, or is malformed (a bad chunk size),
 * fails with an {@link HttpError} — a 4xx, never a stack trace.
 */
final class BodyReader implements Runnable {
    private static final byte[] EMPTY = new byte[0];

    private final Request request;
    private final int limit;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private byte[] bytes = EMPTY;
    private int length;

    private BodyReader(Request request, int limit) {
        this.request = request;
        this.limit = limit;
    }

    /** The body's first {@code limit} bytes, once the whole body has arrived. */
    static CompletableFuture<byte[]> read(Request request, int limit) {
        BodyReader reader = new BodyReader(request, limit);
        reader.run();
        return reader.body;
    }

    @Override
    public void run() {
        while (!body.isDone()) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                body.completeExceptionally(new HttpError(400, "malformed request body"));
                return;
            }
            keep(chunk.getByteBuffer());
            chunk.release();
            if (chunk.isLast()) {
                body.complete(length == bytes.length ? bytes : Arrays.copyOf(bytes, length));
            }
        }
    }

    private void keep(ByteBuffer buffer) {
        int take = Math.min(buffer.remaining(), limit - length);
        if (take <= 0) {
            return;
        }
        if (length + take > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(limit, Math.max(length + take, bytes.length * 2)));
        }
        buffer.get(bytes, length, take);
        length += take;
    }
}
