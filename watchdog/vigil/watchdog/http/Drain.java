package vigil.watchdog.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Callback;

/**
 * The requests in flight, for a stop that answers every request it took: once stopping, each
 * answer carries {@code Connection: close}, and {@link #await} waits until none is left.
 */
final class Drain {
    /** How long stopping waits for the requests in flight to be answered. */
    static final Duration WAIT = Duration.ofSeconds(2);

    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;

    /** A request begins; its callback, wrapped, ends it. */
    Callback begin(org.eclipse.jetty.server.Response response, Callback callback) {
        inFlight.incrementAndGet();
        if (stopping) {
            // answered in full, then the client reconnects — to a closed port
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        return new Callback() {
            @Override
            public void succeeded() {
                inFlight.decrementAndGet();
                callback.succeeded();
            }

            @Override
            public void failed(Throwable x) {
                inFlight.decrementAndGet();
                callback.failed(x);
            }
        };
    }

    void stopping() {
        stopping = true;
    }

    /** Waits until no request is in flight, or {@link #WAIT} has passed. */
    void await() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}
