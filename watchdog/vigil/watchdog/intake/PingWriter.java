package vigil.watchdog.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: request threads hand pings to one writer thread and wait; the writer takes every
 * ping waiting (up to a batch), stores them in one transaction, and only then releases their
 * requests. Concurrent pings share one commit and one disk sync; none is answered before it is
 * durable, and none waits for a timer.
 */
public final class PingWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PingWriter.class);
    private static final int MAX_BATCH = 2_000;

    private record Pending(Ping ping, CompletableFuture<Void> done) {}

    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(50_000);
    private final Consumer<List<Ping>> store;
    private final Thread thread;
    private volatile boolean running = true;
    private final FailureLog failures = new FailureLog(LOG, "storing pings");

    /** {@code store} writes a batch durably or throws. */
    public PingWriter(Consumer<List<Ping>> store) {
        this.store = store;
        this.thread = new Thread(this::loop, "ping-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Completes once the ping is durable; completes exceptionally if it could not be stored. */
    public CompletableFuture<Void> submit(Ping ping) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!running || !queue.offer(new Pending(ping, done))) {
            done.completeExceptionally(new IllegalStateException("ping intake is full or stopping"));
        }
        return done;
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                store(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Stores a batch in one transaction. When the database refuses the data of some row (not a
     * failure of the database itself), the batch is split in halves and each stored on its own, so
     * that one bad ping fails alone and every other is still stored.
     */
    private void store(List<Pending> batch) {
        List<Ping> pings = new ArrayList<>(batch.size());
        batch.forEach(p -> pings.add(p.ping()));
        try {
            store.accept(pings);
            failures.succeeded(System.nanoTime());
            batch.forEach(p -> p.done().complete(null));
        } catch (RuntimeException e) {
            if (batch.size() > 1 && StoreFailure.refusedData(e)) {
                int half = batch.size() / 2;
                store(batch.subList(0, half));
                store(batch.subList(half, batch.size()));
                return;
            }
            // the reason only: a database's message can carry the statement's values, bodies included
            failures.failed(StoreFailure.describe(e), pings.size(), System.nanoTime());
            batch.forEach(p -> p.done().completeExceptionally(e));
        }
    }

    /** Stops taking pings, stores those already taken, then returns. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
