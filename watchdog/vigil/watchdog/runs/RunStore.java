package vigil.watchdog.runs;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import vigil.inventory.audit.AuditEvidence;

/** Reading runs and strays, and the evidence states are computed from ({@link RunWriter} writes them). */
public final class RunStore {
    /**
     * Newest first in run_by_workflow_finished's own order: H2 then reads a workflow's runs from
     * that index, newest first, instead of all of them (as MAX or another order would make it).
     */
    static final String NEWEST_FIRST = " ORDER BY workflow, finished DESC, id DESC";
    /** A workflow's newest run of those selected: one index entry read (the ping writer reads so too). */
    public static final String NEWEST = NEWEST_FIRST + " FETCH FIRST 1 ROWS ONLY";

    private final Jdbi jdbi;

    public RunStore(DataSource dataSource) {
        this.jdbi = Jdbi.create(dataSource);
    }

    /** Newest first. */
    public List<Run> runs(String workflow, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, status, started, finished, duration_ms, source,"
                        + " exit_status, body, remote_addr, user_agent, item_count, cost, body_bytes FROM run"
                        + " WHERE workflow = ?"
                        + " ORDER BY workflow, id DESC"
                        + " FETCH FIRST " + limit
                        + " ROWS ONLY")
                .bind(0, workflow)
                .map(RunStore::run)
                .list());
    }

    private static final String COMPLETED = "SELECT id, status, started, finished, duration_ms, source,"
            + " exit_status, NULL, NULL, NULL, item_count, cost FROM run WHERE workflow = ?"
            + " AND finished >= ? AND finished < ? AND status IN ('success', 'fail') ORDER BY finished, id";

    /**
     * The completed runs (success or fail) of {@code workflow} that finished at or after {@code
     * from} and before {@code to}, in the order they finished; without bodies.
     */
    public List<Run> completed(String workflow, Instant from, Instant to) {
        return jdbi.withHandle(h -> h.createQuery(COMPLETED)
                .bind(0, workflow)
                .bind(1, from.toEpochMilli())
                .bind(2, to.toEpochMilli())
                .map(RunStore::run)
                .list());
    }

    /** When the workflow's first completed run finished, if it has one. */
    public Optional<Instant> firstCompleted(String workflow) {
        return jdbi.withHandle(h -> h.createQuery("SELECT finished FROM run WHERE workflow = ?"
                        + " AND status IN ('success', 'fail') AND finished IS NOT NULL ORDER BY workflow, id"
                        + " FETCH FIRST 1 ROWS ONLY")
                .bind(0, workflow)
                .mapTo(Long.class)
                .findOne()
                .map(Instant::ofEpochMilli));
    }

    /**
     * As {@link #completed(String, Instant, Instant)} for each workflow from its own instant, all
     * on one connection: by workflow.
     */
    public Map<String, List<Run>> completed(Map<String, Instant> from, Instant to) {
        return jdbi.withHandle(h -> {
            Map<String, List<Run>> out = new HashMap<>();
            for (Map.Entry<String, Instant> e : from.entrySet()) {
                out.put(
                        e.getKey(),
                        h.createQuery(COMPLETED)
                                .bind(0, e.getKey())
                                .bind(1, e.getValue().toEpochMilli())
                                .bind(2, to.toEpochMilli())
                                .map(RunStore::run)
                                .list());
            }
            return out;
        });
    }

    public long countRuns(String workflow) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM run WHERE workflow = ?")
                .bind(0, workflow)
                .mapTo(Long.class)
                .one());
    }

    /** The evidence for one workflow as of {@code at}. */
    public Evidence evidence(String workflow, Instant at) {
        return jdbi.withHandle(h -> evidence(h, workflow, at.toEpochMilli()));
    }

    static Evidence evidence(Handle h, String workflow, long at) {
        Optional<Object[]> last = h.createQuery("SELECT status, finished, exit_status, id FROM run WHERE workflow = ?"
                        + " AND status IN ('success', 'fail') AND finished <= ?" + NEWEST)
                .bind(0, workflow)
                .bind(1, at)
                .map((rs, ctx) -> new Object[] {rs.getString(1), rs.getLong(2), rs.getObject(3), rs.getLong(4)})
                .findOne();
        long lastSuccess = max(
                h,
                "SELECT finished FROM run WHERE workflow = ? AND status = 'success' AND finished <= ?" + NEWEST,
                workflow,
                at);
        // open at `at`: two ranges of run_by_workflow_finished, still open or finished only later
        List<Object[]> open = new java.util.ArrayList<>();
        open.addAll(starts(h, OPEN + " AND finished IS NULL" + NEWEST_FIRST + LIMIT_OPEN, workflow, at));
        open.addAll(starts(h, OPEN + " AND finished > ?" + NEWEST_FIRST + LIMIT_OPEN, workflow, at, at));
        Instant lastCompletion =
                last.map(r -> Instant.ofEpochMilli((Long) r[1])).orElse(null);
        return new Evidence(
                lastCompletion,
                last.map(r -> "fail".equals(r[0])).orElse(false),
                last.map(r -> r[2] == null ? null : ((Number) r[2]).intValue()).orElse(null),
                lastSuccess < 0 ? null : Instant.ofEpochMilli(lastSuccess),
                tracked(open, lastCompletion),
                last.filter(r -> "fail".equals(r[0]))
                        .map(r -> !authFailures(h, List.of((Long) r[3])).isEmpty())
                        .orElse(false));
    }

    /** Of the runs {@code ids} (failed ones), those whose body shows a refused credential. */
    static java.util.Set<Long> authFailures(Handle h, java.util.Collection<Long> ids) {
        java.util.Set<Long> auth = new java.util.HashSet<>();
        List<Long> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += 500) {
            List<Long> chunk = all.subList(from, Math.min(all.size(), from + 500));
            h.createQuery("SELECT id, body FROM run WHERE id IN (<ids>)")
                    .bindList("ids", chunk)
                    .map((rs, ctx) -> AuthFailure.in(rs.getString(2)) ? auth.add(rs.getLong(1)) : false)
                    .list();
        }
        return auth;
    }

    private static final String OPEN =
            "SELECT started, rid FROM run WHERE workflow = ? AND status <> 'log' AND started <= ?";
    private static final String LIMIT_OPEN = " FETCH FIRST " + Evidence.MAX_OPEN_STARTS + " ROWS ONLY";

    private static List<Object[]> starts(Handle h, String sql, String workflow, long... bounds) {
        org.jdbi.v3.core.statement.Query query = h.createQuery(sql).bind(0, workflow);
        for (int i = 0; i < bounds.length; i++) {
            query.bind(i + 1, bounds[i]);
        }
        return query.map((rs, ctx) -> new Object[] {rs.getLong(1), rs.getString(2)})
                .list();
    }

    /**
     * The open starts that are tracked (docs/states.md): every start with a run id, and the newest
     * start without one if no completion came after it. Rows are {started millis, rid}.
     */
    static List<Instant> tracked(List<Object[]> open, Instant lastCompletion) {
        List<Instant> tracked = new java.util.ArrayList<>();
        long newestWithout = Long.MIN_VALUE;
        for (Object[] row : open) {
            long started = (Long) row[0];
            if (row[1] != null) {
                tracked.add(Instant.ofEpochMilli(started));
            } else {
                newestWithout = Math.max(newestWithout, started);
            }
        }
        if (newestWithout != Long.MIN_VALUE
                && (lastCompletion == null || newestWithout > lastCompletion.toEpochMilli())) {
            tracked.add(Instant.ofEpochMilli(newestWithout));
        }
        return tracked;
    }

    /** The reason of a failure whose evidence shows a refused credential (docs/states.md). */
    public static final String AUTH = "auth";

    /** A failed completion: when, and the reason a state change gives for it. */
    public record Failure(Instant at, String reason) {}

    /**
     * The newest failed completion in ({@code after}, {@code upTo}], looking at no more than the
     * newest 100 completions there (a workflow completes far fewer times between two cycles).
     */
    public Optional<Failure> lastFailure(String workflow, Instant after, Instant upTo) {
        return jdbi.withHandle(h -> h
                .createQuery("SELECT status, finished, exit_status,"
                        + " CASE WHEN status = 'fail' THEN body END FROM run WHERE workflow = ?"
                        + " AND status IN ('success', 'fail') AND finished > ? AND finished <= ?" + NEWEST_FIRST
                        + " FETCH FIRST 100 ROWS ONLY")
                .bind(0, workflow)
                .bind(1, after.toEpochMilli())
                .bind(2, upTo.toEpochMilli())
                .map((rs, ctx) -> "fail".equals(rs.getString(1))
                        ? new Failure(
                                Instant.ofEpochMilli(rs.getLong(2)),
                                AuthFailure.in(rs.getString(4))
                                        ? AUTH
                                        : rs.getObject(3) == null ? "fail signal" : "exit status " + rs.getInt(3))
                        : null)
                .list()
                .stream()
                .filter(java.util.Objects::nonNull)
                .findFirst());
    }

    /** Evidence for every workflow with runs, as of {@code at}, in three aggregate queries. */
    public Map<String, Evidence> evidenceAll(Instant at) {
        long t = at.toEpochMilli();
        return jdbi.withHandle(h -> {
            Map<String, Object[]> last = new HashMap<>();
            h.createQuery(
                            "SELECT r.workflow, r.status, r.finished, r.exit_status, r.id FROM run r JOIN (SELECT workflow,"
                                    + " MAX(finished) AS f FROM run WHERE status IN ('success', 'fail') AND finished <= ?"
                                    + " GROUP BY workflow) m ON r.workflow = m.workflow AND r.finished = m.f"
                                    + " WHERE r.status IN ('success', 'fail')")
                    .bind(0, t)
                    .map((rs, ctx) -> {
                        Object[] row = {rs.getString(2), rs.getLong(3), rs.getObject(4), rs.getLong(5)};
                        last.merge(rs.getString(1), row, (a, b) -> (Long) a[3] > (Long) b[3] ? a : b);
                        return null;
                    })
                    .list();
            Map<String, Long> success = longs(
                    h,
                    "SELECT workflow, MAX(finished) FROM run WHERE status = 'success'"
                            + " AND finished <= ? GROUP BY workflow",
                    t);
            Map<String, List<Object[]>> open = new HashMap<>();
            h.createQuery("SELECT workflow, started, rid FROM run WHERE status <> 'log'"
                            + " AND started <= ? AND (finished IS NULL OR finished > ?)")
                    .bind(0, t)
                    .bind(1, t)
                    .map((rs, ctx) -> open.computeIfAbsent(rs.getString(1), k -> new java.util.ArrayList<>())
                            .add(new Object[] {rs.getLong(2), rs.getString(3)}))
                    .list();
            java.util.Set<Long> auth = authFailures(
                    h,
                    last.values().stream()
                            .filter(r -> "fail".equals(r[0]))
                            .map(r -> (Long) r[3])
                            .toList());
            Map<String, Evidence> out = new HashMap<>();
            java.util.Set<String> ids = new java.util.HashSet<>(last.keySet());
            ids.addAll(open.keySet());
            for (String id : ids) {
                Object[] l = last.get(id);
                Instant lastCompletion = l == null ? null : Instant.ofEpochMilli((Long) l[1]);
                out.put(
                        id,
                        new Evidence(
                                lastCompletion,
                                l != null && "fail".equals(l[0]),
                                l == null || l[2] == null ? null : ((Number) l[2]).intValue(),
                                success.containsKey(id) ? Instant.ofEpochMilli(success.get(id)) : null,
                                tracked(open.getOrDefault(id, List.of()), lastCompletion),
                                l != null && auth.contains((Long) l[3])));
            }
            return out;
        });
    }

    private static Map<String, Long> longs(Handle h, String sql, long t) {
        Map<String, Long> map = new HashMap<>();
        h.createQuery(sql)
                .bind(0, t)
                .map((rs, ctx) -> map.put(rs.getString(1), rs.getLong(2)))
                .list();
        return map;
    }

    /**
     * Each workflow's runs that happened (started, or else finished) in [from, to), its last report
     * before {@code from} and its last success before {@code to}. Failure bodies are cut to their
     * first 200 characters, other bodies left out. One indexed lookup per workflow.
     */
    public WeekRuns week(java.util.Collection<String> workflows, Instant from, Instant to) {
        long f = from.toEpochMilli();
        long t = to.toEpochMilli();
        long slack = java.time.Duration.ofDays(1).toMillis();
        return jdbi.withHandle(h -> {
            Map<String, List<Run>> runs = new HashMap<>();
            Map<String, Instant> before = new HashMap<>();
            Map<String, Instant> success = new HashMap<>();
            String columns = "SELECT id, status, started, finished, duration_ms, source, exit_status,"
                    + " CASE WHEN status = 'fail' THEN SUBSTRING(body, 1, 200) END, remote_addr, user_agent, item_count,"
                    + " cost FROM run";
            for (String workflow : workflows) {
                List<Run> list = new java.util.ArrayList<>();
                h.createQuery(columns + " WHERE workflow = ? AND finished >= ? AND finished < ?")
                        .bind(0, workflow)
                        .bind(1, f - slack)
                        .bind(2, t + slack)
                        .map(RunStore::run)
                        .forEach(list::add);
                h.createQuery(columns + " WHERE workflow = ? AND finished IS NULL AND started < ?")
                        .bind(0, workflow)
                        .bind(1, t)
                        .map(RunStore::run)
                        .forEach(list::add);
                long lastBefore = -1;
                long lastSuccess = -1;
                for (Run r : list) {
                    if (r.finished() == null || r.status().equals("log")) {
                        continue;
                    }
                    long finished = r.finished().toEpochMilli();
                    if (finished < f
                            && (r.status().equals("success") || r.status().equals("fail"))) {
                        lastBefore = Math.max(lastBefore, finished);
                    }
                    if (finished < t && r.status().equals("success")) {
                        lastSuccess = Math.max(lastSuccess, finished);
                    }
                }
                list.removeIf(r -> {
                    long at = (r.started() != null ? r.started() : r.finished()).toEpochMilli();
                    return at < f - slack || at >= t || r.status().equals("log");
                });
                runs.put(workflow, list);
                // the day before the week usually answers both; look further back only when it does not
                if (lastBefore < 0) {
                    lastBefore = max(
                            h,
                            "SELECT finished FROM run WHERE workflow = ? AND finished < ?"
                                    + " AND status IN ('success', 'fail')" + NEWEST,
                            workflow,
                            f);
                }
                if (lastSuccess < 0) {
                    lastSuccess = max(
                            h,
                            "SELECT finished FROM run WHERE workflow = ? AND status = 'success'" + " AND finished < ?"
                                    + NEWEST,
                            workflow,
                            t);
                }
                if (lastBefore >= 0) {
                    before.put(workflow, Instant.ofEpochMilli(lastBefore));
                }
                if (lastSuccess >= 0) {
                    success.put(workflow, Instant.ofEpochMilli(lastSuccess));
                }
            }
            return new WeekRuns(runs, before, success);
        });
    }

    /** The largest long {@code sql} selects for {@code workflow} and {@code bounds}; -1 if none. */
    private static long max(Handle h, String sql, String workflow, long... bounds) {
        org.jdbi.v3.core.statement.Query query = h.createQuery(sql).bind(0, workflow);
        for (int i = 0; i < bounds.length; i++) {
            query.bind(i + 1, bounds[i]);
        }
        return query.mapTo(Long.class).list().stream()
                .filter(java.util.Objects::nonNull)
                .mapToLong(Long::longValue)
                .max()
                .orElse(-1L);
    }

    /** See {@link #week}. */
    public record WeekRuns(
            Map<String, List<Run>> runs, Map<String, Instant> lastBefore, Map<String, Instant> lastSuccess) {}

    private static final long DAY_MS = 86_400_000L;

    /** Stray pings received on the UTC days that [from, to) touches, grouped by target. */
    public List<AuditEvidence.Stray> strays(Instant from, Instant to) {
        // whole days: a stray is counted per UTC day
        return jdbi.withHandle(h -> h.createQuery("SELECT target, SUM(pings), MAX(last_seen) FROM stray_day"
                        + " WHERE utc_day >= ? AND utc_day < ? GROUP BY target ORDER BY target")
                .bind(0, Math.floorDiv(from.toEpochMilli(), DAY_MS))
                .bind(1, Math.floorDiv(to.toEpochMilli() + DAY_MS - 1, DAY_MS))
                .map((rs, ctx) ->
                        new AuditEvidence.Stray(rs.getString(1), rs.getLong(2), Instant.ofEpochMilli(rs.getLong(3))))
                .list());
    }

    private static Run run(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws java.sql.SQLException {
        return new Run(
                rs.getLong(1),
                rs.getString(2),
                instant(rs.getObject(3)),
                instant(rs.getObject(4)),
                (Long) (rs.getObject(5) == null ? null : rs.getLong(5)),
                rs.getString(6),
                (Integer) (rs.getObject(7) == null ? null : rs.getInt(7)),
                rs.getString(8),
                rs.getString(9),
                rs.getString(10),
                rs.getMetaData().getColumnCount() > 12 ? rs.getBytes(13) : null,
                (Double) (rs.getObject(11) == null ? null : rs.getDouble(11)),
                (Double) (rs.getObject(12) == null ? null : rs.getDouble(12)));
    }

    /** Stray pings grouped by target, for the audit. */
    public List<AuditEvidence.Stray> strays() {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT target, SUM(pings), MAX(last_seen) FROM stray_day GROUP BY target ORDER BY target")
                .map((rs, ctx) ->
                        new AuditEvidence.Stray(rs.getString(1), rs.getLong(2), Instant.ofEpochMilli(rs.getLong(3))))
                .list());
    }

    private static Instant instant(Object epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(((Number) epochMillis).longValue());
    }
}
