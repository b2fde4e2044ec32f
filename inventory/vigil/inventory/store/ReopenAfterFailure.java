package vigil.inventory.store;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.io.IOException;
import java.sql.SQLException;

/**
 * Tells the connection pool to drop a connection whose embedded H2 database has closed itself:
 * H2 closes a database for good when a write fails (a full disk), and every pooled connection then
 * answers "database closed" (90098) forever. A new connection opens the file again, which works
 * once space is back. Other errors keep the pool's own judgement.
 */
public final class ReopenAfterFailure implements SQLExceptionOverride {
    /** H2's DATABASE_IS_CLOSED, IO_EXCEPTION_1, IO_EXCEPTION_2, FILE_CORRUPTED_1. */
    private static final java.util.Set<String> CLOSED = java.util.Set.of("90098", "90028", "90031", "90030");

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && CLOSED.contains(s.getSQLState())) {
                return Override.MUST_EVICT;
            }
            if (t instanceof IOException || t.getClass().getName().equals("org.h2.mvstore.MVStoreException")) {
                return Override.MUST_EVICT;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Override.CONTINUE_EVICT;
    }
}
