package vigil.inventory.store;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import vigil.inventory.Alias;
import vigil.inventory.Credential;
import vigil.inventory.CredentialKind;
import vigil.inventory.Inventory;
import vigil.inventory.Person;
import vigil.inventory.Route;
import vigil.inventory.Source;
import vigil.inventory.Workflow;
import vigil.inventory.load.Durations;
import vigil.inventory.schedule.CronExpression;
import vigil.inventory.schedule.InvalidCronException;
import vigil.inventory.schedule.Schedule;

/**
 * The inventory in the database. {@link #replace} swaps the whole inventory in one transaction
 * (all or nothing) while keeping history; {@link #current} reads the last one back, so a daemon
 * whose YAML was broken at restart can still run on the last valid inventory.
 */
public final class InventoryStore {
    private static final int BATCH = 1_000;

    private final Jdbi jdbi;

    public InventoryStore(DataSource dataSource) {
        this.jdbi = Jdbi.create(dataSource);
    }

    /** History of one entry: when it (re-)entered the inventory, and when it left (null while present). */
    public record Presence(Instant firstSeen, Instant removedAt) {}

    public void replace(Inventory inventory, Instant now) {
        long at = now.toEpochMilli();
        jdbi.useTransaction(h -> {
            Map<String, long[]> people = history(
                    h,
                    "SELECT email AS k, first_seen, removed_at, inactive_since,"
                            + " CASE WHEN active THEN 1 ELSE 0 END AS active FROM person");
            Map<String, long[]> aliases = history(
                    h, "SELECT email AS k, first_seen, removed_at, 0 AS inactive_since," + " 1 AS active FROM alias");
            Map<String, long[]> credentials = history(
                    h, "SELECT id AS k, first_seen, removed_at, 0 AS inactive_since," + " 1 AS active FROM credential");
            Map<String, long[]> workflows = history(
                    h, "SELECT id AS k, first_seen, removed_at, 0 AS inactive_since," + " 1 AS active FROM workflow");
            for (String table : List.of(
                    "alias_member",
                    "workflow_credential",
                    "workflow_route",
                    "credential_ref",
                    "person",
                    "alias",
                    "credential",
                    "workflow")) {
                h.execute("DELETE FROM " + table);
            }
            writePeople(h, inventory, people, at);
            writeAliases(h, inventory, aliases, at);
            writeCredentials(h, inventory, credentials, at);
            writeWorkflows(h, inventory, workflows, at);
            long id = h.createQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM inventory_load")
                    .mapTo(Long.class)
                    .one();
            h.createUpdate("INSERT INTO inventory_load (id, loaded_at, people, aliases, credentials, workflows)"
                            + " VALUES (?, ?, ?, ?, ?, ?)")
                    .bind(0, id)
                    .bind(1, at)
                    .bind(2, inventory.people().size())
                    .bind(3, inventory.aliases().size())
                    .bind(4, inventory.credentials().size())
                    .bind(5, inventory.workflows().size())
                    .execute();
        });
    }

    /** Maps key to {first_seen, removed_at (-1 = null), inactive_since (-1 = null), active}. */
    private static Map<String, long[]> history(Handle h, String sql) {
        Map<String, long[]> map = new HashMap<>();
        h.createQuery(sql)
                .map((rs, ctx) -> {
                    long removed = rs.getLong("removed_at");
                    long removedAt = rs.wasNull() ? -1 : removed;
                    long inactive = rs.getLong("inactive_since");
                    long inactiveSince = rs.wasNull() ? -1 : inactive;
                    map.put(
                            rs.getString("k"),
                            new long[] {rs.getLong("first_seen"), removedAt, inactiveSince, rs.getLong("active")});
                    return null;
                })
                .list();
        return map;
    }

    /** First-seen for an entry present now: kept while it stays, reset when it comes back after removal. */
    private static long firstSeen(Map<String, long[]> history, String key, long now) {
        long[] old = history.remove(key);
        return old == null || old[1] >= 0 ? now : old[0];
    }

    private static Long removedAt(long[] old, long now) {
        return old[1] >= 0 ? old[1] : now;
    }

    private static void writePeople(Handle h, Inventory inventory, Map<String, long[]> history, long now) {
        Batch batch = new Batch(
                h,
                "INSERT INTO person (email, name, manager, active, first_seen, inactive_since, removed_at, written)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        for (Person p : inventory.people()) {
            long[] old = history.get(p.email());
            Long inactiveSince = null;
            if (!p.active()) {
                boolean wasInactive = old != null && old[1] < 0 && old[3] == 0 && old[2] >= 0;
                inactiveSince = wasInactive ? old[2] : now;
            }
            batch.add(
                    p.email(),
                    p.name(),
                    p.manager(),
                    p.active(),
                    firstSeen(history, p.email(), now),
                    inactiveSince,
                    null,
                    String.join(",", new java.util.TreeSet<>(p.written())));
        }
        for (Map.Entry<String, long[]> gone : history.entrySet()) {
            long[] old = gone.getValue();
            batch.add(
                    gone.getKey(),
                    null,
                    null,
                    old[3] == 1,
                    old[0],
                    old[2] >= 0 ? old[2] : null,
                    removedAt(old, now),
                    null);
        }
        batch.finish();
    }

    private static void writeAliases(Handle h, Inventory inventory, Map<String, long[]> history, long now) {
        Batch batch = new Batch(
                h, "INSERT INTO alias (email, name, first_seen, removed_at, dir_group) VALUES (?, ?, ?, ?, ?)");
        Batch members = new Batch(h, "INSERT INTO alias_member (alias, position, member) VALUES (?, ?, ?)");
        for (Alias a : inventory.aliases()) {
            batch.add(a.email(), a.name(), firstSeen(history, a.email(), now), null, a.group());
            for (int i = 0; i < a.members().size(); i++) {
                members.add(a.email(), i, a.members().get(i));
            }
        }
        for (Map.Entry<String, long[]> gone : history.entrySet()) {
            batch.add(gone.getKey(), null, gone.getValue()[0], removedAt(gone.getValue(), now), null);
        }
        batch.finish();
        members.finish();
    }

    private static void writeCredentials(Handle h, Inventory inventory, Map<String, long[]> history, long now) {
        Batch batch = new Batch(
                h,
                "INSERT INTO credential (id, kind, system, owner, expires, first_seen, removed_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)");
        Batch refs = new Batch(h, "INSERT INTO credential_ref (credential, position, ref) VALUES (?, ?, ?)");
        for (Credential c : inventory.credentials()) {
            for (int i = 0; i < c.refs().size(); i++) {
                refs.add(c.id(), i, c.refs().get(i));
            }
            batch.add(
                    c.id(),
                    c.kind().yamlName(),
                    c.system(),
                    c.owner(),
                    c.expires() == null ? null : c.expires().toString(),
                    firstSeen(history, c.id(), now),
                    null);
        }
        for (Map.Entry<String, long[]> gone : history.entrySet()) {
            batch.add(gone.getKey(), "other", null, "", null, gone.getValue()[0], removedAt(gone.getValue(), now));
        }
        batch.finish();
        refs.finish();
    }

    private static void writeWorkflows(Handle h, Inventory inventory, Map<String, long[]> history, long now) {
        Batch batch = new Batch(
                h,
                "INSERT INTO workflow (id, name, owner, schedule_kind, schedule, timezone, grace_seconds,"
                        + " ping, source_kind, source_server, source_ref, paused, first_seen, removed_at, normal,"
                        + " budget) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        Batch creds = new Batch(h, "INSERT INTO workflow_credential (workflow, position, credential) VALUES (?, ?, ?)");
        Batch routes = new Batch(h, "INSERT INTO workflow_route (workflow, position, target) VALUES (?, ?, ?)");
        for (Workflow w : inventory.workflows()) {
            boolean cron = w.schedule() instanceof Schedule.Cron;
            String schedule = w.schedule() instanceof Schedule.Every every
                    ? every.written()
                    : w.schedule().describe();
            Source s = w.source();
            batch.add(
                    w.id(),
                    w.name(),
                    w.owner(),
                    cron ? "cron" : "every",
                    schedule,
                    w.timezone().getId(),
                    w.grace().getSeconds(),
                    w.ping() == null ? null : w.ping().toString(),
                    s == null ? null : s.kind(),
                    s == null ? null : s.server(),
                    s == null ? null : s.ref(),
                    w.paused(),
                    firstSeen(history, w.id(), now),
                    null,
                    BaselineText.of(w.normal()),
                    BaselineText.of(w.budget()));
            for (int i = 0; i < w.credentials().size(); i++) {
                creds.add(w.id(), i, w.credentials().get(i));
            }
            for (int i = 0; i < w.routes().size(); i++) {
                routes.add(w.id(), i, w.routes().get(i).target());
            }
        }
        for (Map.Entry<String, long[]> gone : history.entrySet()) {
            batch.add(
                    gone.getKey(),
                    null,
                    "",
                    "every",
                    "1d",
                    "UTC",
                    0L,
                    null,
                    null,
                    null,
                    null,
                    true,
                    gone.getValue()[0],
                    removedAt(gone.getValue(), now),
                    null,
                    null);
        }
        batch.finish();
        creds.finish();
        routes.finish();
    }

    /** A prepared batch flushed every {@value #BATCH} rows. */
    private static final class Batch {
        private final PreparedBatch batch;
        private int pending;

        Batch(Handle h, String sql) {
            this.batch = h.prepareBatch(sql);
        }

        void add(Object... values) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) {
                    batch.bindNull(i, java.sql.Types.NULL);
                } else {
                    batch.bind(i, values[i]);
                }
            }
            batch.add();
            if (++pending == BATCH) {
                batch.execute();
                pending = 0;
            }
        }

        void finish() {
            if (pending > 0) {
                batch.execute();
            }
        }
    }

    /** When the inventory was last replaced, if ever. */
    public Optional<Instant> lastLoaded() {
        return jdbi.withHandle(h -> h.createQuery("SELECT MAX(loaded_at) FROM inventory_load")
                .mapTo(Long.class)
                .findOne()
                .map(Instant::ofEpochMilli));
    }

    /** When a workflow entered the inventory, and left it if it did. */
    public Optional<Presence> workflowPresence(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT first_seen, removed_at FROM workflow WHERE id = ?")
                .bind(0, id)
                .map((rs, ctx) -> {
                    Instant first = Instant.ofEpochMilli(rs.getLong(1));
                    long removed = rs.getLong(2);
                    return new Presence(first, rs.wasNull() ? null : Instant.ofEpochMilli(removed));
                })
                .findOne());
    }

    /** When each current workflow entered the inventory. */
    public Map<String, Instant> workflowsFirstSeen() {
        Map<String, Instant> map = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT id, first_seen FROM workflow WHERE removed_at IS NULL")
                .map((rs, ctx) -> map.put(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2))))
                .list());
        return map;
    }

    /** When a person became inactive, as far as the loaded inventories tell; empty while active. */
    public Optional<Instant> inactiveSince(String email) {
        return jdbi.withHandle(h -> h.createQuery("SELECT inactive_since FROM person WHERE email = ?")
                .bind(0, email)
                .map((rs, ctx) -> {
                    long v = rs.getLong(1);
                    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
                })
                .findOne()
                .filter(java.util.Objects::nonNull));
    }

    /** The last stored inventory; channel owners come from the current configuration. */
    public Optional<Inventory> current(Map<String, String> channelOwners) {
        return jdbi.withHandle(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM inventory_load")
                            .mapTo(Long.class)
                            .one()
                    == 0) {
                return Optional.empty();
            }
            List<Person> people = h.createQuery(
                            "SELECT email, name, manager, active, written FROM person WHERE removed_at IS NULL"
                                    + " ORDER BY email")
                    .map((rs, ctx) -> rs.getString(5) == null
                            ? new Person(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4))
                            : new Person(
                                    rs.getString(1),
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getBoolean(4),
                                    rs.getString(5).isEmpty()
                                            ? java.util.Set.of()
                                            : java.util.Set.of(rs.getString(5).split(","))))
                    .list();
            Map<String, List<String>> members =
                    grouped(h, "SELECT alias, member FROM alias_member ORDER BY alias, position");
            List<Alias> aliases = h.createQuery(
                            "SELECT email, name, dir_group FROM alias WHERE removed_at IS NULL ORDER BY email")
                    .map((rs, ctx) -> new Alias(
                            rs.getString(1),
                            rs.getString(2),
                            members.getOrDefault(rs.getString(1), List.of()),
                            rs.getString(3)))
                    .list();
            Map<String, List<String>> refs =
                    grouped(h, "SELECT credential, ref FROM credential_ref ORDER BY credential, position");
            List<Credential> credentials = h.createQuery("SELECT id, kind, system, owner, expires FROM credential"
                            + " WHERE removed_at IS NULL ORDER BY id")
                    .map((rs, ctx) -> new Credential(
                            rs.getString(1),
                            CredentialKind.fromYaml(rs.getString(2)).orElse(CredentialKind.OTHER),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5) == null ? null : LocalDate.parse(rs.getString(5)),
                            refs.getOrDefault(rs.getString(1), List.of())))
                    .list();
            Map<String, List<String>> creds =
                    grouped(h, "SELECT workflow, credential FROM workflow_credential ORDER BY workflow, position");
            Map<String, List<String>> routes =
                    grouped(h, "SELECT workflow, target FROM workflow_route ORDER BY workflow, position");
            List<Workflow> workflows = h.createQuery("SELECT id, name, owner, schedule_kind, schedule, timezone,"
                            + " grace_seconds, ping, source_kind, source_server, source_ref, paused, normal, budget FROM workflow"
                            + " WHERE removed_at IS NULL ORDER BY id")
                    .map((rs, ctx) -> new Workflow(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            schedule(rs.getString(4), rs.getString(5)),
                            ZoneId.of(rs.getString(6)),
                            Duration.ofSeconds(rs.getLong(7)),
                            creds.getOrDefault(rs.getString(1), List.of()),
                            routes.getOrDefault(rs.getString(1), List.of()).stream()
                                    .map(InventoryStore::route)
                                    .toList(),
                            rs.getString(8) == null ? null : UUID.fromString(rs.getString(8)),
                            rs.getString(9) == null
                                    ? null
                                    : new Source(rs.getString(9), rs.getString(10), rs.getString(11)),
                            rs.getBoolean(12),
                            BaselineText.normal(rs.getString(13)),
                            BaselineText.budget(rs.getString(14))))
                    .list();
            return Optional.of(new Inventory(people, aliases, credentials, workflows, channelOwners));
        });
    }

    private static Map<String, List<String>> grouped(Handle h, String sql) {
        Map<String, List<String>> map = new HashMap<>();
        h.createQuery(sql)
                .map((rs, ctx) -> map.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(rs.getString(2)))
                .list();
        return map;
    }

    private static Route route(String target) {
        return Route.parse(target)
                .orElseThrow(() -> new IllegalStateException("stored route no longer parses: " + target));
    }

    private static Schedule schedule(String kind, String text) {
        if (kind.equals("cron")) {
            try {
                return new Schedule.Cron(CronExpression.parse(text));
            } catch (InvalidCronException e) {
                throw new IllegalStateException("stored cron expression no longer parses: " + text, e);
            }
        }
        return new Schedule.Every(Durations.parse(text).orElseThrow(), text);
    }
}
