package vigil.watchdog.evaluate;

import org.jdbi.v3.core.Handle;
import vigil.inventory.Workflow;

/**
 * What a state change brings with it — for Vigil, its alert — decided before the change is
 * recorded and written in the same transaction, so that both exist or neither does. The
 * evaluator knows nothing of alerts; the daemon hands it the stage that does.
 */
@FunctionalInterface
public interface Consequences {
    /** No change brings anything with it. */
    Consequences NONE = (workflow, from, to) -> Write.NOTHING;

    /** Called before the transaction opens (it may read the database); the write runs inside it. */
    Write of(Workflow workflow, State from, State to);

    /** Writes inside the transaction that records {@code change}. */
    @FunctionalInterface
    interface Write {
        Write NOTHING = (handle, change) -> {};

        void write(Handle handle, StateChange change);
    }
}
