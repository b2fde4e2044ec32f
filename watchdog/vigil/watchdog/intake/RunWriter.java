package vigil.watchdog.intake;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import vigil.watchdog.runs.RunStore;

/**
 * Stores batches of pings as runs in one transaction each, with reused prepared statements and
 * JDBC batching; on H2 the file is synced to disk ({@code CHECKPOINT SYNC}) before the batch is
 * acknowledged. A completion closes its start (same rid; or, without rid, the latest start if no
 * completion came after it). The open starts of each workflow are remembered after the first
 * look, so pairing costs no query on the hot path. Used by one thread at a time.
 */
public final class RunWriter implements AutoCloseable {
    private static final String INSERT_RUN = "INSERT INTO run (workflow, status, started, finished, duration_ms,"
            + " exit_status, source, rid, remote_addr, user_agent, body, body_bytes, item_count, cost)"
            + " VALUES (?, ?, ?, ?, ?, ?, 'ping', ?, ?, ?, ?, ?, ?, ?)";
    private static final String CLOSE_START =
            "UPDATE run SET status = ?, finished = ?, duration_ms = ?, exit_status = ?,"
                    + " body = COALESCE(?, body), body_bytes = CASE WHEN ? THEN ? ELSE body_bytes END,"
                    + " item_count = COALESCE(?, item_count), cost = COALESCE(?, cost)"
                    + " WHERE id = ? AND status = 'started'";
    /** A closed start adds no new run row, so the evaluator would not see it: make the workflow due. */
    private static final String MAKE_DUE =
            "UPDATE workflow_state SET next_check = ?, touched = touched + 1 WHERE workflow = ?";

    private static final String ADD_STRAY =
            "UPDATE stray_day SET pings = pings + ?, last_seen = GREATEST(last_seen, ?),"
                    + " remote_addr = ?, user_agent = ? WHERE target = ? AND utc_day = ?";
    private static final String INSERT_STRAY = "INSERT INTO stray_day (target, utc_day, pings, last_seen, remote_addr,"
            + " user_agent) VALUES (?, ?, ?, ?, ?, ?)";

    /**
     * How many ids nobody inventoried are kept: enough for every real stray, and a bound on what
     * pings for random ids can cost. Pings for further ids are answered as before but not kept.
     */
    public static final int MAX_STRAY_TARGETS = 1_000;

    private static final long DAY_MS = 86_400_000L;

    /** A start not yet completed; {@code id} is filled in once its row is inserted. */
    private static final class OpenStart {
        final long started;
        final String rid;
        long id = -1;

        OpenStart(long started, String rid) {
            this.started = started;
            this.rid = rid;
        }
    }

    /** Open starts (oldest first) and the last completion of one workflow. */
    private static final class Known {
        final List<OpenStart> open = new ArrayList<>();
        long lastCompletion = Long.MIN_VALUE;
    }

    private final DataSource dataSource;
    private final boolean syncToDisk;
    private final Map<String, Known> known = new HashMap<>();
    /** The stray targets kept, read once; null until then. */
    private Set<String> strayTargets;

    private volatile long straysNotKept;

    public RunWriter(DataSource dataSource, boolean postgres) {
        this.dataSource = dataSource;
        this.syncToDisk = !postgres;
    }

    /** Stores every ping or none; throws if the batch could not be committed. */
    public void write(List<Ping> pings) {
        Set<String> touched = new HashSet<>();
        try {
            Statements st = statements();
            try {
                writeBatch(st, pings, touched);
                st.connection.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    st.connection.rollback();
                } catch (SQLException rollback) {
                    // the pool may have closed a connection whose database failed: keep the cause
                    e.addSuppressed(rollback);
                }
                throw e;
            }
            if (syncToDisk) {
                st.sync.execute();
                st.connection.commit();
            }
        } catch (SQLException | RuntimeException e) {
            touched.forEach(known::remove);
            strayTargets = null;
            closeStatements();
            throw new IllegalStateException("storing pings failed: " + StoreFailure.describe(e), e);
        }
    }

    /** The writer's own connection and prepared statements, kept across batches. */
    private static final class Statements {
        final Connection connection;
        final PreparedStatement insert;
        final PreparedStatement close;
        final PreparedStatement due;
        final PreparedStatement addStray;
        final PreparedStatement stray;
        final PreparedStatement sync;

        Statements(Connection c) throws SQLException {
            this.connection = c;
            c.setAutoCommit(false);
            this.insert = c.prepareStatement(INSERT_RUN, new String[] {"id"});
            this.close = c.prepareStatement(CLOSE_START);
            this.due = c.prepareStatement(MAKE_DUE);
            this.addStray = c.prepareStatement(ADD_STRAY);
            this.stray = c.prepareStatement(INSERT_STRAY);
            this.sync = c.prepareStatement("CHECKPOINT SYNC");
        }
    }

    private Statements statements;

    private Statements statements() throws SQLException {
        if (statements == null) {
            statements = new Statements(dataSource.getConnection());
        }
        return statements;
    }

    private void closeStatements() {
        if (statements != null) {
            try {
                statements.connection.close();
            } catch (SQLException ignored) {
                // the pool discards a broken connection
            }
            statements = null;
        }
    }

    /** Gives the writer's connection back to the pool. */
    @Override
    public void close() {
        closeStatements();
    }

    private void writeBatch(Statements st, List<Ping> pings, Set<String> touched) throws SQLException {
        Connection c = st.connection;
        PreparedStatement insert = st.insert;
        PreparedStatement close = st.close;
        PreparedStatement due = st.due;
        List<OpenStart> pending = new ArrayList<>();
        Map<List<Object>, Ping[]> strays = new java.util.LinkedHashMap<>();
        Map<List<Object>, long[]> strayCounts = new HashMap<>();
        int inserts = 0;
        int dues = 0;
        for (Ping ping : pings) {
            if (ping.stray()) {
                List<Object> key =
                        List.of(ping.workflow(), Math.floorDiv(ping.received().toEpochMilli(), DAY_MS));
                strays.computeIfAbsent(key, k -> new Ping[1])[0] = ping;
                strayCounts.computeIfAbsent(key, k -> new long[2])[0]++;
                long[] counts = strayCounts.get(key);
                counts[1] = Math.max(counts[1], ping.received().toEpochMilli());
                continue;
            }
            touched.add(ping.workflow());
            Known k = known(c, ping.workflow());
            long at = ping.received().toEpochMilli();
            OpenStart start = ping.kind() == Ping.Kind.SUCCESS || ping.kind() == Ping.Kind.FAIL ? pair(k, ping) : null;
            if (start != null) {
                if (inserts > 0) {
                    flush(insert, pending);
                    inserts = 0;
                }
                if (close(close, ping, start, at) == 1) {
                    due.setLong(1, at);
                    due.setString(2, ping.workflow());
                    due.addBatch();
                    dues++;
                    k.lastCompletion = Math.max(k.lastCompletion, at);
                    continue;
                }
            }
            String status = switch (ping.kind()) {
                case START -> "started";
                case LOG -> "log";
                case SUCCESS -> "success";
                case FAIL -> "fail";
            };
            addRun(insert, ping, status, at);
            inserts++;
            OpenStart opened = null;
            if (ping.kind() == Ping.Kind.START) {
                opened = new OpenStart(at, ping.rid());
                k.open.add(opened);
            } else if (ping.kind() != Ping.Kind.LOG) {
                k.lastCompletion = Math.max(k.lastCompletion, at);
            }
            pending.add(opened);
        }
        if (inserts > 0) {
            flush(insert, pending);
        }
        if (!strays.isEmpty()) {
            writeStrays(st, strays, strayCounts);
        }
        if (dues > 0) {
            due.executeBatch();
        }
    }

    /**
     * Adds the batch's stray pings to their targets' counts for the day; a target not yet kept is
     * added while fewer than {@link #MAX_STRAY_TARGETS} are.
     */
    private void writeStrays(Statements st, Map<List<Object>, Ping[]> strays, Map<List<Object>, long[]> counts)
            throws SQLException {
        if (strayTargets == null) {
            Set<String> targets = new HashSet<>();
            try (PreparedStatement s = st.connection.prepareStatement("SELECT DISTINCT target FROM stray_day");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    targets.add(rs.getString(1));
                }
            }
            strayTargets = targets;
        }
        for (Map.Entry<List<Object>, Ping[]> e : strays.entrySet()) {
            String target = (String) e.getKey().get(0);
            long day = (Long) e.getKey().get(1);
            long[] count = counts.get(e.getKey());
            Ping last = e.getValue()[0];
            if (!strayTargets.contains(target) && strayTargets.size() >= MAX_STRAY_TARGETS) {
                straysNotKept += count[0];
                continue;
            }
            PreparedStatement add = st.addStray;
            add.setLong(1, count[0]);
            add.setLong(2, count[1]);
            add.setString(3, last.remoteAddr());
            add.setString(4, last.userAgent());
            add.setString(5, target);
            add.setLong(6, day);
            if (add.executeUpdate() == 0) {
                PreparedStatement insert = st.stray;
                insert.setString(1, target);
                insert.setLong(2, day);
                insert.setLong(3, count[0]);
                insert.setLong(4, count[1]);
                insert.setString(5, last.remoteAddr());
                insert.setString(6, last.userAgent());
                insert.executeUpdate();
            }
            strayTargets.add(target);
        }
    }

    /** Stray pings not kept since start, their targets being past {@link #MAX_STRAY_TARGETS}. */
    public long straysNotKept() {
        return straysNotKept;
    }

    /** Executes the pending inserts and gives each new start its row id. */
    private static void flush(PreparedStatement insert, List<OpenStart> pending) throws SQLException {
        insert.executeBatch();
        try (ResultSet keys = insert.getGeneratedKeys()) {
            for (OpenStart start : pending) {
                if (!keys.next()) {
                    throw new SQLException("the database returned fewer generated keys than rows inserted");
                }
                if (start != null) {
                    start.id = keys.getLong(1);
                }
            }
        }
        pending.clear();
    }

    /** The start a completion closes, removed from the open list; null if none. */
    private static OpenStart pair(Known k, Ping ping) {
        for (int i = k.open.size() - 1; i >= 0; i--) {
            OpenStart s = k.open.get(i);
            boolean match = ping.rid() != null
                    ? ping.rid().equals(s.rid)
                    : i == k.open.size() - 1 && s.started >= k.lastCompletion;
            if (match) {
                k.open.remove(i);
                return s;
            }
            if (ping.rid() == null) {
                return null;
            }
        }
        return null;
    }

    private static int close(PreparedStatement close, Ping ping, OpenStart start, long at) throws SQLException {
        close.setString(1, ping.failed() ? "fail" : "success");
        close.setLong(2, at);
        close.setLong(3, Math.max(0, at - start.started));
        setInt(close, 4, ping.exitStatus());
        close.setString(5, ping.body());
        close.setBoolean(6, ping.body() != null);
        setBytes(close, 7, ping.bodyBytes());
        setDouble(close, 8, ping.count());
        setDouble(close, 9, ping.cost());
        close.setLong(10, start.id);
        return close.executeUpdate();
    }

    private static void addRun(PreparedStatement insert, Ping ping, String status, long at) throws SQLException {
        insert.setString(1, ping.workflow());
        insert.setString(2, status);
        if (ping.kind() == Ping.Kind.START) {
            insert.setLong(3, at);
            insert.setNull(4, Types.BIGINT);
        } else {
            insert.setNull(3, Types.BIGINT);
            insert.setLong(4, at);
        }
        insert.setNull(5, Types.BIGINT);
        setInt(insert, 6, ping.exitStatus());
        insert.setString(7, ping.rid());
        insert.setString(8, ping.remoteAddr());
        insert.setString(9, ping.userAgent());
        insert.setString(10, ping.body());
        setBytes(insert, 11, ping.bodyBytes());
        setDouble(insert, 12, ping.count());
        setDouble(insert, 13, ping.cost());
        insert.addBatch();
    }

    private static void setDouble(PreparedStatement s, int index, Double value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.DOUBLE);
        } else {
            s.setDouble(index, value);
        }
    }

    private static void setBytes(PreparedStatement s, int index, byte[] value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARBINARY);
        } else {
            s.setBytes(index, value);
        }
    }

    private static void setInt(PreparedStatement s, int index, Integer value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.INTEGER);
        } else {
            s.setInt(index, value);
        }
    }

    /** What the database says about a workflow's open starts, read once per workflow. */
    private Known known(Connection c, String workflow) throws SQLException {
        Known k = known.get(workflow);
        if (k != null) {
            return k;
        }
        k = new Known();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id, started, rid FROM run WHERE workflow = ? AND finished IS NULL AND status = 'started'"
                        + " ORDER BY id")) {
            s.setString(1, workflow);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    OpenStart open = new OpenStart(rs.getLong(2), rs.getString(3));
                    open.id = rs.getLong(1);
                    k.open.add(open);
                }
            }
        }
        try (PreparedStatement s =
                c.prepareStatement("SELECT finished FROM run WHERE workflow = ? AND status IN ('success', 'fail')"
                        + " AND finished IS NOT NULL" + RunStore.NEWEST)) {
            s.setString(1, workflow);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    k.lastCompletion = rs.getLong(1);
                }
            }
        }
        known.put(workflow, k);
        return k;
    }
}
