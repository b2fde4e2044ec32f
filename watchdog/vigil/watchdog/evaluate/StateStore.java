package vigil.watchdog.evaluate;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * Each workflow's recorded state and next check, with the index that lets the evaluator pick only
 * what is due. A state change is claimed with {@code UPDATE … WHERE state = old}: only the writer
 * whose update changed exactly one row records the change, so it is recorded exactly once even
 * when two evaluators race.
 */
public final class StateStore {
    private final Jdbi jdbi;

    public StateStore(DataSource dataSource) {
        this.jdbi = Jdbi.create(dataSource);
    }

    /** {@code touched} counts out-of-turn nudges by the ping writer; writes are conditional on it. */
    public record Row(String workflow, State state, String reason, Instant since, Instant nextCheck, long touched) {}

    /** Adds rows for new workflows and makes every listed workflow due now (after an inventory change). */
    public void sync(Collection<String> workflows, Instant now) {
        long t = now.toEpochMilli();
        jdbi.useTransaction(h -> {
            Set<String> known = new java.util.HashSet<>(h.createQuery("SELECT workflow FROM workflow_state")
                    .mapTo(String.class)
                    .list());
            var insert = h.prepareBatch(
                    "INSERT INTO workflow_state (workflow, state, reason, since, next_check) VALUES (?, 'new', NULL, ?, ?)");
            boolean any = false;
            for (String id : workflows) {
                if (!known.contains(id)) {
                    insert.bind(0, id).bind(1, t).bind(2, t).add();
                    any = true;
                }
            }
            if (any) {
                insert.execute();
            }
            h.execute("UPDATE workflow_state SET next_check = ?", t);
        });
    }

    /** Workflows whose next check is at or before {@code now}; uses the next_check index. */
    public List<String> due(Instant now, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT workflow FROM workflow_state WHERE next_check <= ?"
                        + " ORDER BY next_check FETCH FIRST " + limit + " ROWS ONLY")
                .bind(0, now.toEpochMilli())
                .mapTo(String.class)
                .list());
    }

    public Optional<Row> row(String workflow) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT workflow, state, reason, since, next_check, touched FROM workflow_state WHERE workflow = ?")
                .bind(0, workflow)
                .map((rs, ctx) -> new Row(
                        rs.getString(1),
                        State.of(rs.getString(2)),
                        rs.getString(3),
                        Instant.ofEpochMilli(rs.getLong(4)),
                        rs.getObject(5) == null ? null : Instant.ofEpochMilli(rs.getLong(5)),
                        rs.getLong(6)))
                .findOne());
    }

    /**
     * Records {@code to} for the workflow if its state is still {@code from} and it was not nudged
     * since {@code touched} was read; returns true when this call made the change. In the same
     * transaction it writes the state_change row and what the change brings with it ({@code then},
     * its alert) — so an alert exists exactly when its state change does.
     */
    public boolean transition(
            String workflow,
            State from,
            long touched,
            State to,
            String reason,
            Instant at,
            Instant nextCheck,
            Consequences.Write then) {
        return jdbi.inTransaction(h -> {
            int changed = h.createUpdate("UPDATE workflow_state SET state = ?, reason = ?, since = ?, next_check = ?"
                            + " WHERE workflow = ? AND state = ? AND touched = ?")
                    .bind(0, to.label())
                    .bind(1, reason)
                    .bind(2, at.toEpochMilli())
                    .bind(3, nextCheck == null ? null : nextCheck.toEpochMilli())
                    .bind(4, workflow)
                    .bind(5, from.label())
                    .bind(6, touched)
                    .execute();
            if (changed != 1) {
                return false;
            }
            long id = h.createUpdate("INSERT INTO state_change (workflow, from_state, to_state, reason, changed_at)"
                            + " VALUES (?, ?, ?, ?, ?)")
                    .bind(0, workflow)
                    .bind(1, from.label())
                    .bind(2, to.label())
                    .bind(3, reason)
                    .bind(4, at.toEpochMilli())
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one();
            then.write(h, new StateChange(id, workflow, from, to, reason, at));
            return true;
        });
    }

    /** Same state, new reason or next check. */
    public void reschedule(String workflow, String reason, Instant nextCheck) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE workflow_state SET reason = ?, next_check = ? WHERE workflow = ?")
                .bind(0, reason)
                .bind(1, nextCheck == null ? null : nextCheck.toEpochMilli())
                .bind(2, workflow)
                .execute());
    }

    /** Like {@link #reschedule}, unless the ping writer nudged the workflow since {@code touched} was read. */
    public void reschedule(String workflow, long touched, String reason, Instant nextCheck) {
        jdbi.useHandle(h -> h.createUpdate(
                        "UPDATE workflow_state SET reason = ?, next_check = ? WHERE workflow = ? AND touched = ?")
                .bind(0, reason)
                .bind(1, nextCheck == null ? null : nextCheck.toEpochMilli())
                .bind(2, workflow)
                .bind(3, touched)
                .execute());
    }

    public List<StateChange> changes(String workflow) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT id, workflow, from_state, to_state, reason, changed_at FROM state_change"
                                + " WHERE workflow = ? ORDER BY id")
                .bind(0, workflow)
                .map((rs, ctx) -> new StateChange(
                        rs.getLong(1),
                        rs.getString(2),
                        State.of(rs.getString(3)),
                        State.of(rs.getString(4)),
                        rs.getString(5),
                        Instant.ofEpochMilli(rs.getLong(6))))
                .list());
    }

    /** Every workflow's state (for per-workflow metrics). */
    public Map<String, State> all() {
        Map<String, State> all = new java.util.TreeMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT workflow, state FROM workflow_state")
                .map((rs, ctx) -> all.put(rs.getString(1), State.of(rs.getString(2))))
                .list());
        return all;
    }

    /** How many workflows are in each state (for metrics). */
    public Map<State, Long> counts() {
        Map<State, Long> counts = new EnumMap<>(State.class);
        jdbi.useHandle(h -> h.createQuery("SELECT state, COUNT(*) FROM workflow_state GROUP BY state")
                .map((rs, ctx) -> counts.put(State.of(rs.getString(1)), rs.getLong(2)))
                .list());
        return counts;
    }

    /** The run-table position the evaluator has read up to, and the workflows with runs after it. */
    public long runMark() {
        return jdbi.withHandle(h -> h.createQuery("SELECT position FROM evaluator_mark WHERE name = 'run'")
                .mapTo(Long.class)
                .one());
    }

    public void setRunMark(long mark) {
        jdbi.useHandle(h ->
                h.execute("UPDATE evaluator_mark SET position = ? WHERE name = 'run' AND position < ?", mark, mark));
    }

    public long maxRunId() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(id), 0) FROM run")
                .mapTo(Long.class)
                .one());
    }

    public List<String> workflowsWithRuns(long afterId, long upToId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT workflow FROM run WHERE id > ? AND id <= ?")
                .bind(0, afterId)
                .bind(1, upToId)
                .mapTo(String.class)
                .list());
    }
}
