package vigil.watchdog;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's parts in the order they were opened, closed in reverse: a start that fails half-way
 * closes what it had opened, and a stop closes everything — each part once, a failure logged and
 * the rest still closed.
 */
public final class Cleanup implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Cleanup.class);

    private final Deque<AutoCloseable> parts = new ArrayDeque<>();

    /** Remembers {@code part} for closing; returns it. */
    <T extends AutoCloseable> T add(T part) {
        parts.push(part);
        return part;
    }

    @Override
    public void close() {
        while (!parts.isEmpty()) {
            AutoCloseable part = parts.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", part.getClass().getSimpleName(), e);
            }
        }
    }
}
