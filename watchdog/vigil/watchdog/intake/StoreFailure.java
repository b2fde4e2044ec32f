package vigil.watchdog.intake;

import java.sql.SQLException;

/**
 * Why the database refused a write, said without its message: PostgreSQL's and H2's messages can
 * quote the statement with its values — run bodies, which may hold anything — and those must
 * never reach the log.
 */
final class StoreFailure {
    private StoreFailure() {}

    /** The SQLState and its class, e.g. "SQLState 22021 (data exception)". */
    static String describe(Throwable failure) {
        // a file system's message names the condition, never a value: "No space left on device"
        java.io.IOException io = ioException(failure, 0);
        if (io != null) {
            return "the database's files cannot be written: " + io.getMessage();
        }
        SQLException sql = sqlException(failure);
        if (sql == null) {
            Throwable root = failure;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return root.getClass().getSimpleName();
        }
        String state = sql.getSQLState();
        return "SQLState " + state + " (" + meaning(state) + ")";
    }

    /**
     * True when the database refused a row's data or a constraint (SQLState class 22 or 23), so
     * the same write without that row can succeed.
     */
    static boolean refusedData(Throwable failure) {
        SQLException sql = sqlException(failure);
        String state = sql == null ? null : sql.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /** An I/O failure among the causes and a batch's next exceptions, or null. */
    private static java.io.IOException ioException(Throwable failure, int depth) {
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (t instanceof java.io.IOException io) {
                return io;
            }
            if (t instanceof SQLException s && s.getNextException() != null && s.getNextException() != s) {
                java.io.IOException next = ioException(s.getNextException(), depth + 1);
                if (next != null) {
                    return next;
                }
            }
        }
        return null;
    }

    /** The innermost SQL exception: a batch's own, rather than the batch wrapper's. */
    private static SQLException sqlException(Throwable failure) {
        SQLException found = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                found = s;
                for (SQLException next = s.getNextException(); next != null; next = next.getNextException()) {
                    if (next.getSQLState() != null) {
                        found = next;
                    }
                }
            }
        }
        return found;
    }

    private static String meaning(String state) {
        if (state == null || state.length() < 2) {
            return "unknown";
        }
        return switch (state.substring(0, 2)) {
            case "08" -> "connection failure";
            case "22" -> "data exception";
            case "23" -> "integrity constraint violation";
            case "40" -> "transaction rollback";
            case "53" -> "insufficient resources";
            case "57" -> "operator intervention";
            case "58" -> "system error";
            case "90" -> "database error";
            case "HY" -> "driver error";
            default -> "class " + state.substring(0, 2);
        };
    }
}
