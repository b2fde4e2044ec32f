package vigil.watchdog.baseline;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/** The anomalies found (table {@code anomaly}), each once by its {@link Anomaly#key() key}. */
public final class AnomalyStore {
    private final Jdbi jdbi;

    public AnomalyStore(DataSource dataSource) {
        this.jdbi = Jdbi.create(dataSource);
    }

    /** Keeps {@code a}; false when it was kept before (by this daemon or another). */
    public boolean add(Anomaly a) {
        return jdbi.withHandle(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM anomaly WHERE akey = ?")
                            .bind(0, a.key())
                            .mapTo(Integer.class)
                            .one()
                    > 0) {
                return false;
            }
            try {
                h.execute(
                        "INSERT INTO anomaly (akey, workflow, kind, local_day, val, normal, factor, run_id, at)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        a.key(),
                        a.workflow(),
                        a.kind().label(),
                        a.day().toString(),
                        a.value(),
                        a.normal(),
                        a.factor(),
                        a.run(),
                        a.at().toEpochMilli());
                return true;
            } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
                return false; // another daemon kept it between the look and the insert
            }
        });
    }

    /** The keys of the anomalies of {@code from} and later days. */
    public Set<String> keysFrom(LocalDate from) {
        return jdbi.withHandle(h -> new HashSet<>(h.createQuery("SELECT akey FROM anomaly WHERE local_day >= ?")
                .bind(0, from.toString())
                .mapTo(String.class)
                .list()));
    }

    /** The kinds of the anomalies found at runs {@code fromRun} to {@code toRun} of {@code workflow}, by run. */
    public java.util.Map<Long, List<String>> kindsByRun(String workflow, long fromRun, long toRun) {
        java.util.Map<Long, List<String>> out = new java.util.HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT run_id, kind FROM anomaly WHERE workflow = ? AND run_id >= ?"
                        + " AND run_id <= ? ORDER BY id")
                .bind(0, workflow)
                .bind(1, fromRun)
                .bind(2, toRun)
                .map((rs, ctx) -> out.computeIfAbsent(rs.getLong(1), k -> new java.util.ArrayList<>())
                        .add(rs.getString(2)))
                .list());
        return out;
    }

    /** The anomalies found at or after {@code from} and before {@code to}, oldest first. */
    public List<Anomaly> between(Instant from, Instant to) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT workflow, kind, local_day, val, normal, factor, run_id, at FROM anomaly"
                                + " WHERE at >= ? AND at < ? ORDER BY at, id")
                .bind(0, from.toEpochMilli())
                .bind(1, to.toEpochMilli())
                .map((rs, ctx) -> new Anomaly(
                        rs.getString(1),
                        Anomaly.Kind.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)),
                        LocalDate.parse(rs.getString(3)),
                        rs.getDouble(4),
                        rs.getDouble(5),
                        rs.getDouble(6),
                        rs.getObject(7) == null ? null : rs.getLong(7),
                        Instant.ofEpochMilli(rs.getLong(8))))
                .list());
    }
}
