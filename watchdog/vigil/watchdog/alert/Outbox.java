package vigil.watchdog.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import vigil.watchdog.evaluate.State;
import vigil.watchdog.evaluate.StateChange;

/**
 * The alert outbox. Deliveries are claimed and finished with conditional updates, marked
 * delivered only after the notifier succeeded, and every attempt is recorded.
 */
public final class Outbox {
    /** Undelivered this long after the first failed attempt, a destination is an audit finding. */
    public static final java.time.Duration FAILING_FOR = java.time.Duration.ofHours(1);

    private final Jdbi jdbi;

    public Outbox(DataSource dataSource) {
        this.jdbi = Jdbi.create(dataSource);
    }

    /** Writes the alert for a state change and its deliveries, inside the change's transaction. */
    static void add(Handle h, StateChange change, List<String> recipients) {
        long alert = h.createUpdate("INSERT INTO alert (workflow, state_change, from_state, to_state, reason, created)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .bind(0, change.workflow())
                .bind(1, change.id())
                .bind(2, change.from().label())
                .bind(3, change.to().label())
                .bind(4, change.reason())
                .bind(5, change.at().toEpochMilli())
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
        deliver(h, "alert", alert, recipients, change.at());
    }

    /** One pending delivery of a stored summary, inside the transaction that stores it. */
    public static void addSummary(Handle h, long summary, String destination, Instant at) {
        deliver(h, "summary", summary, List.of(destination), at);
    }

    /**
     * Stores a notice and queues it to {@code destinations}, unless a notice of the same {@code
     * topic} was queued before (by this daemon or another); returns whether it was queued now.
     */
    public boolean addNotice(String topic, vigil.notifiers.Message message, List<String> destinations, Instant at) {
        return jdbi.inTransaction(h -> {
            int known = h.createQuery("SELECT COUNT(*) FROM notice WHERE topic = ?")
                    .bind(0, topic)
                    .mapTo(Integer.class)
                    .one();
            if (known > 0) {
                return false;
            }
            long id;
            try {
                id = h.createUpdate("INSERT INTO notice (topic, subject, text_body, html_body, created)"
                                + " VALUES (?, ?, ?, ?, ?)")
                        .bind(0, topic)
                        .bind(1, message.subject())
                        .bind(2, message.text())
                        .bind(3, message.html())
                        .bind(4, at.toEpochMilli())
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one();
            } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
                return false; // another daemon queued the same topic between the look and the insert
            }
            deliver(h, "notice", id, destinations, at);
            return true;
        });
    }

    /** A stored notice as its message to one destination. */
    public vigil.notifiers.Message notice(Delivery.OfNotice delivery) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT subject, text_body, html_body, topic FROM notice WHERE id = ?")
                .bind(0, delivery.notice())
                .map((rs, ctx) -> new vigil.notifiers.Message(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        delivery.idempotencyKey(),
                        "vigil/" + rs.getString(4),
                        false))
                .one());
    }

    /** One pending delivery per destination of an alert or a summary ({@code column}), due at once. */
    private static void deliver(Handle h, String column, long id, List<String> destinations, Instant at) {
        var batch = h.prepareBatch("INSERT INTO alert_delivery (" + column + ", destination, idempotency_key, status,"
                + " attempts, next_attempt) VALUES (?, ?, ?, 'pending', 0, ?)");
        for (String destination : destinations) {
            batch.bind(0, id)
                    .bind(1, destination)
                    .bind(2, key(column, id, destination))
                    .bind(3, at.toEpochMilli())
                    .add();
        }
        batch.execute();
    }

    /** Stable per (message, destination): the same on every attempt, also after a restart. */
    static String key(String kind, long id, String destination) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(destination.getBytes(StandardCharsets.UTF_8));
            return kind + "-" + id + "-" + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The idempotency key of what {@code recovery}'s destination last heard about the workflow
     * going bad — the message a recovery follows — if anything.
     */
    public Optional<String> followedBy(Delivery.OfAlert recovery) {
        return jdbi.withHandle(h -> h.createQuery("SELECT d.idempotency_key FROM alert a JOIN alert_delivery d"
                        + " ON d.alert = a.id WHERE a.workflow = ? AND a.id < ? AND a.to_state IN ('missed', 'failed')"
                        + " AND d.destination = ? ORDER BY a.id DESC FETCH FIRST 1 ROWS ONLY")
                .bind(0, recovery.alert().workflow())
                .bind(1, recovery.alert().id())
                .bind(2, recovery.destination())
                .mapTo(String.class)
                .findOne());
    }

    /** Pending deliveries whose next attempt is due, oldest first. */
    public List<Delivery> due(Instant now, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT d.id, d.destination, d.idempotency_key, d.attempts, a.id,"
                        + " a.workflow, a.from_state, a.to_state, a.reason, a.created, d.summary, d.notice FROM alert_delivery d"
                        + " LEFT JOIN alert a ON a.id = d.alert WHERE d.status = 'pending' AND d.next_attempt <= ?"
                        + " AND (d.leased_until IS NULL OR d.leased_until <= ?)"
                        + " ORDER BY d.id FETCH FIRST " + limit + " ROWS ONLY")
                .bind(0, now.toEpochMilli())
                .bind(1, now.toEpochMilli())
                .map((rs, ctx) -> rs.getObject(12) != null
                        ? new Delivery.OfNotice(
                                rs.getLong(1), rs.getLong(12), rs.getString(2), rs.getString(3), rs.getInt(4))
                        : rs.getObject(5) == null
                                ? new Delivery.OfSummary(
                                        rs.getLong(1), rs.getLong(11), rs.getString(2), rs.getString(3), rs.getInt(4))
                                : (Delivery) new Delivery.OfAlert(
                                        rs.getLong(1),
                                        new Delivery.Alert(
                                                rs.getLong(5),
                                                rs.getString(6),
                                                State.of(rs.getString(7)),
                                                State.of(rs.getString(8)),
                                                rs.getString(9),
                                                Instant.ofEpochMilli(rs.getLong(10))),
                                        rs.getString(2),
                                        rs.getString(3),
                                        rs.getInt(4)))
                .list());
    }

    /**
     * Takes a due delivery for one attempt until {@code until}: false when another daemon holds it
     * or finished it meanwhile. Only the holder sends; finishing the attempt ends the lease.
     */
    public boolean lease(Delivery d, Instant now, Instant until) {
        return jdbi.withHandle(h -> h.execute(
                        "UPDATE alert_delivery SET leased_until = ? WHERE id = ? AND status = 'pending' AND attempts = ?"
                                + " AND (leased_until IS NULL OR leased_until <= ?)",
                        until.toEpochMilli(),
                        d.id(),
                        d.attempts(),
                        now.toEpochMilli()))
                == 1;
    }

    /** Ends every lease: for a database only this process uses (H2), after a crash. */
    public int releaseLeases() {
        return jdbi.withHandle(
                h -> h.execute("UPDATE alert_delivery SET leased_until = NULL WHERE leased_until IS NOT NULL"));
    }

    /** Marks a delivery done; false if it was no longer pending (someone else finished it). */
    public boolean delivered(Delivery d, Instant at) {
        return finish(d, "delivered", "delivered", null, at, null);
    }

    /** A permanent failure: no more attempts. */
    public boolean failed(Delivery d, String reason, Instant at) {
        return finish(d, "failed", "permanent", reason, at, null);
    }

    /** A transient failure: try again at {@code next}. */
    public boolean retry(Delivery d, String reason, Instant at, Instant next) {
        return finish(d, "pending", "retry", reason, at, next);
    }

    private boolean finish(Delivery d, String status, String outcome, String reason, Instant at, Instant next) {
        return jdbi.inTransaction(h -> {
            int changed = h.createUpdate(
                            "UPDATE alert_delivery SET status = ?, attempts = attempts + 1, next_attempt = ?,"
                                    + " last_error = ?, delivered_at = ?, leased_until = NULL WHERE id = ?"
                                    + " AND status = 'pending' AND attempts = ?")
                    .bind(0, status)
                    .bind(1, next == null ? null : next.toEpochMilli())
                    .bind(2, reason)
                    .bind(3, status.equals("delivered") ? at.toEpochMilli() : null)
                    .bind(4, d.id())
                    .bind(5, d.attempts())
                    .execute();
            h.execute(
                    "INSERT INTO delivery_attempt (delivery, attempt_at, outcome, detail) VALUES (?, ?, ?, ?)",
                    d.id(),
                    at.toEpochMilli(),
                    outcome,
                    reason);
            return changed == 1;
        });
    }

    /**
     * Destinations with deliveries still pending whose first failed attempt is older than
     * {@code failedBefore}: the audit's {@code delivery-failing}.
     */
    public List<vigil.inventory.audit.AuditEvidence.Failing> failing(Instant failedBefore) {
        return jdbi.withHandle(h -> h.createQuery("SELECT d.destination, COUNT(DISTINCT d.id), MIN(t.attempt_at),"
                        + " MAX(d.last_error) FROM alert_delivery d JOIN delivery_attempt t ON t.delivery = d.id"
                        + " WHERE d.status = 'pending' AND d.attempts > 0 GROUP BY d.destination"
                        + " HAVING MIN(t.attempt_at) < ? ORDER BY d.destination")
                .bind(0, failedBefore.toEpochMilli())
                .map((rs, ctx) -> new vigil.inventory.audit.AuditEvidence.Failing(
                        rs.getString(1), rs.getInt(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4)))
                .list());
    }

    /** Deliveries waiting for another attempt after a failed one. */
    public long pendingAfterFailure() {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT COUNT(*) FROM alert_delivery WHERE status = 'pending' AND attempts > 0")
                        .mapTo(Long.class)
                        .one());
    }

    /** Remembers that mail to an address was rejected permanently. */
    public void rejected(String address, String detail, Instant at) {
        jdbi.useTransaction(h -> {
            boolean known = h.createQuery("SELECT COUNT(*) FROM route_rejection WHERE address = ?")
                            .bind(0, address)
                            .mapTo(Long.class)
                            .one()
                    > 0;
            if (!known) {
                h.execute(
                        "INSERT INTO route_rejection (address, rejected_at, detail) VALUES (?, ?, ?)",
                        address,
                        at.toEpochMilli(),
                        detail);
            }
        });
    }

    public Set<String> rejectedAddresses() {
        return Set.copyOf(jdbi.withHandle(h -> h.createQuery("SELECT address FROM route_rejection")
                .mapTo(String.class)
                .list()));
    }
}
