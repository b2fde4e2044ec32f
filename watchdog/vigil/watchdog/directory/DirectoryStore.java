package vigil.watchdog.directory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import vigil.inventory.DirectoryFacts;

/**
 * People and groups as the directories have them, one row per directory entry (docs/directory.md).
 * Every write runs in one transaction, and when it changes a person's active state — as decided
 * by the entry of theirs updated last — a {@code person_event} is written in that same
 * transaction: a crash loses no acknowledged change and no event.
 */
public final class DirectoryStore {
    /** A person as one directory entry has them; {@code email} lower-cased by the store. */
    public record PersonEntry(String source, String key, String email, String name, String manager, boolean active) {}

    /** A group: members are people's addresses or {@code group:KEY} of a nested group of the same source. */
    public record GroupEntry(String source, String key, String name, String mail, List<String> members) {
        public GroupEntry {
            members = List.copyOf(members);
        }
    }

    /** A change of a person's active state. */
    public record Event(long id, String email, boolean active, String source, Instant at) {}

    /** A stored person entry: removed from its directory or not, active state since when. */
    public record Stored(PersonEntry entry, boolean removed, Instant since) {}

    private final Jdbi jdbi;
    private final Clock clock;
    private final AtomicLong version = new AtomicLong();
    private volatile Runnable afterWrite = () -> {};

    public DirectoryStore(DataSource dataSource, Clock clock) {
        this.jdbi = Jdbi.create(dataSource);
        this.clock = clock;
    }

    /**
     * Changes made here bump it: whoever derives from the facts (the effective inventory) knows
     * when to derive again.
     */
    public long version() {
        return version.get();
    }

    /** Run after each committed write that wrote events (the wiring tells them at once). */
    public void afterWrite(Runnable task) {
        this.afterWrite = task;
    }

    /** Runs {@code work} in one transaction and returns what it returns; its events are written with it. */
    public <T> T write(Function<Writes, T> work) {
        T result;
        boolean[] evented = {false};
        try {
            result = jdbi.inTransaction(h -> {
                Writes w = new Writes(h, clock.instant());
                T r = work.apply(w);
                evented[0] = !w.events.isEmpty();
                return r;
            });
        } finally {
            version.incrementAndGet();
        }
        if (evented[0]) {
            afterWrite.run();
        }
        return result;
    }

    /** The writes of one transaction. */
    public static final class Writes {
        private final Handle h;
        private final Instant now;
        private final List<Event> events = new ArrayList<>();

        Writes(Handle h, Instant now) {
            this.h = h;
            this.now = now;
        }

        /** The transaction's handle, for a stage's own tables written with the directory's (SCIM resources). */
        public Handle handle() {
            return h;
        }

        public Instant now() {
            return now;
        }

        /** The events written so far in this transaction. */
        public List<Event> events() {
            return List.copyOf(events);
        }

        public Optional<Stored> person(String source, String key) {
            return h.createQuery(
                            "SELECT source, entry_key, email, name, manager, active, removed, since FROM dir_person"
                                    + " WHERE source = ? AND entry_key = ?")
                    .bind(0, source)
                    .bind(1, key)
                    .map(DirectoryStore::stored)
                    .findOne();
        }

        /** Puts a person entry (new or changed); an entry that had been removed is back. */
        public void putPerson(PersonEntry p) {
            String email = p.email().trim().toLowerCase(Locale.ROOT);
            String manager = p.manager() == null ? null : p.manager().trim().toLowerCase(Locale.ROOT);
            Optional<Stored> before = person(p.source(), p.key());
            Boolean was = effective(email);
            if (before.isPresent() && !before.get().entry().email().equals(email)) {
                // the entry's address changed: the old address loses this entry
                String old = before.get().entry().email();
                Boolean oldWas = effective(old);
                h.execute("DELETE FROM dir_person WHERE source = ? AND entry_key = ?", p.source(), p.key());
                event(old, oldWas, p.source());
            }
            boolean changed = before.isEmpty()
                    || before.get().removed()
                    || before.get().entry().active() != p.active()
                    || !before.get().entry().email().equals(email);
            long since = changed ? now.toEpochMilli() : before.get().since().toEpochMilli();
            int updated = h.createUpdate("UPDATE dir_person SET email = ?, name = ?, manager = ?, active = ?,"
                            + " removed = FALSE, since = ?, updated = ? WHERE source = ? AND entry_key = ?")
                    .bind(0, email)
                    .bind(1, p.name())
                    .bind(2, manager)
                    .bind(3, p.active())
                    .bind(4, since)
                    .bind(5, now.toEpochMilli())
                    .bind(6, p.source())
                    .bind(7, p.key())
                    .execute();
            if (updated == 0) {
                h.execute(
                        "INSERT INTO dir_person (source, entry_key, email, name, manager, active, removed, since,"
                                + " updated) VALUES (?, ?, ?, ?, ?, ?, FALSE, ?, ?)",
                        p.source(),
                        p.key(),
                        email,
                        p.name(),
                        manager,
                        p.active(),
                        since,
                        now.toEpochMilli());
            }
            event(email, was, p.source());
        }

        /** The entry is gone from its directory: kept as removed, so the person counts as inactive. */
        public void removePerson(String source, String key) {
            Optional<Stored> before = person(source, key);
            if (before.isEmpty() || before.get().removed()) {
                return;
            }
            String email = before.get().entry().email();
            Boolean was = effective(email);
            h.execute(
                    "UPDATE dir_person SET removed = TRUE, since = ?, updated = ? WHERE source = ? AND entry_key = ?",
                    now.toEpochMilli(),
                    now.toEpochMilli(),
                    source,
                    key);
            event(email, was, source);
        }

        public void putGroup(GroupEntry g) {
            int updated = h.createUpdate(
                            "UPDATE dir_group SET name = ?, mail = ?, updated = ? WHERE source = ? AND entry_key = ?")
                    .bind(0, g.name())
                    .bind(1, g.mail() == null ? null : g.mail().trim().toLowerCase(Locale.ROOT))
                    .bind(2, now.toEpochMilli())
                    .bind(3, g.source())
                    .bind(4, g.key())
                    .execute();
            if (updated == 0) {
                h.execute(
                        "INSERT INTO dir_group (source, entry_key, name, mail, updated) VALUES (?, ?, ?, ?, ?)",
                        g.source(),
                        g.key(),
                        g.name(),
                        g.mail() == null ? null : g.mail().trim().toLowerCase(Locale.ROOT),
                        now.toEpochMilli());
            }
            h.execute("DELETE FROM dir_group_member WHERE source = ? AND group_key = ?", g.source(), g.key());
            for (int i = 0; i < g.members().size(); i++) {
                String m = g.members().get(i);
                h.execute(
                        "INSERT INTO dir_group_member (source, group_key, position, member) VALUES (?, ?, ?, ?)",
                        g.source(),
                        g.key(),
                        i,
                        m.startsWith("group:") ? m : m.trim().toLowerCase(Locale.ROOT));
            }
        }

        public void removeGroup(String source, String key) {
            h.execute("DELETE FROM dir_group_member WHERE source = ? AND group_key = ?", source, key);
            h.execute("DELETE FROM dir_group WHERE source = ? AND entry_key = ?", source, key);
        }

        /** A person's active state as the entry of theirs updated last says; null when no entry has them. */
        private Boolean effective(String email) {
            return h.createQuery("SELECT active, removed FROM dir_person WHERE email = ? ORDER BY updated DESC, source")
                    .bind(0, email)
                    .map((rs, ctx) -> rs.getBoolean(1) && !rs.getBoolean(2))
                    .findFirst()
                    .orElse(null);
        }

        /** Writes an event when {@code email}'s active state is no longer what it {@code was}. */
        private void event(String email, Boolean was, String source) {
            Boolean now = effective(email);
            boolean before = was == null || was; // unknown to the directories: as active as the inventory says
            boolean after = now == null || now;
            if (before == after) {
                return;
            }
            long id = h.createUpdate(
                            "INSERT INTO person_event (email, active, source, at, told) VALUES (?, ?, ?, ?, FALSE)")
                    .bind(0, email)
                    .bind(1, after)
                    .bind(2, source)
                    .bind(3, this.now.toEpochMilli())
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one();
            events.add(new Event(id, email, after, source, this.now));
        }
    }

    /**
     * Replaces everything {@code source} has with {@code people} and {@code groups} (a full pull, as
     * from LDAP): entries not in them are removed. Returns the events it wrote.
     */
    public List<Event> replace(String source, List<PersonEntry> people, List<GroupEntry> groups) {
        return write(w -> {
            Map<String, PersonEntry> byKey = new LinkedHashMap<>();
            people.forEach(p -> byKey.put(p.key(), p));
            List<String> stored = w.handle()
                    .createQuery("SELECT entry_key FROM dir_person WHERE source = ? AND removed = FALSE")
                    .bind(0, source)
                    .mapTo(String.class)
                    .list();
            for (String key : stored) {
                if (!byKey.containsKey(key)) {
                    w.removePerson(source, key);
                }
            }
            for (PersonEntry p : byKey.values()) {
                Optional<Stored> before = w.person(source, p.key());
                if (before.isEmpty()
                        || before.get().removed()
                        || !same(before.get().entry(), p)) {
                    w.putPerson(p);
                }
            }
            Map<String, GroupEntry> groupsByKey = new LinkedHashMap<>();
            groups.forEach(g -> groupsByKey.put(g.key(), g));
            for (String key : w.handle()
                    .createQuery("SELECT entry_key FROM dir_group WHERE source = ?")
                    .bind(0, source)
                    .mapTo(String.class)
                    .list()) {
                if (!groupsByKey.containsKey(key)) {
                    w.removeGroup(source, key);
                }
            }
            groupsByKey.values().forEach(w::putGroup);
            return w.events();
        });
    }

    private static boolean same(PersonEntry a, PersonEntry b) {
        return a.email().equals(b.email().trim().toLowerCase(Locale.ROOT))
                && java.util.Objects.equals(a.name(), b.name())
                && java.util.Objects.equals(
                        a.manager(),
                        b.manager() == null ? null : b.manager().trim().toLowerCase(Locale.ROOT))
                && a.active() == b.active();
    }

    /** Every person (the entry updated last for each address) and every group. */
    public DirectoryFacts facts() {
        return jdbi.withHandle(h -> {
            Map<String, DirectoryFacts.PersonFact> people = new LinkedHashMap<>();
            h.createQuery("SELECT email, name, manager, active, removed, source, since FROM dir_person"
                            + " ORDER BY email, updated DESC, source")
                    .map((rs, ctx) -> new DirectoryFacts.PersonFact(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getBoolean(4),
                            rs.getBoolean(5),
                            rs.getString(6),
                            Instant.ofEpochMilli(rs.getLong(7))))
                    .forEach(p -> people.putIfAbsent(p.email(), p));
            Map<String, List<String>> members = new HashMap<>();
            h.createQuery("SELECT source, group_key, member FROM dir_group_member ORDER BY source, group_key, position")
                    .map((rs, ctx) -> new String[] {rs.getString(1) + "\u0000" + rs.getString(2), rs.getString(3)})
                    .forEach(r -> members.computeIfAbsent(r[0], k -> new ArrayList<>())
                            .add(r[1]));
            List<DirectoryFacts.GroupFact> groups = h.createQuery(
                            "SELECT source, entry_key, name, mail FROM dir_group ORDER BY source, entry_key")
                    .map((rs, ctx) -> new DirectoryFacts.GroupFact(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            members.getOrDefault(rs.getString(1) + "\u0000" + rs.getString(2), List.of())))
                    .list();
            return new DirectoryFacts(List.copyOf(people.values()), groups);
        });
    }

    /** The directory entries of a person, the one updated last first. */
    public List<Stored> entries(String email) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT source, entry_key, email, name, manager, active, removed, since FROM dir_person"
                                + " WHERE email = ? ORDER BY updated DESC, source")
                .bind(0, email.trim().toLowerCase(Locale.ROOT))
                .map(DirectoryStore::stored)
                .list());
    }

    /** A person's changes of active state, oldest first. */
    public List<Event> history(String email) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT id, email, active, source, at FROM person_event WHERE email = ? ORDER BY id")
                        .bind(0, email.trim().toLowerCase(Locale.ROOT))
                        .map(DirectoryStore::event)
                        .list());
    }

    /** Events whose notice is not queued yet, oldest first. */
    public List<Event> untold() {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT id, email, active, source, at FROM person_event WHERE told = FALSE ORDER BY id")
                .map(DirectoryStore::event)
                .list());
    }

    /** How many events are not told yet: the backlog of deactivations and reactivations to tell. */
    public long untoldCount() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM person_event WHERE told = FALSE")
                .mapTo(Long.class)
                .one());
    }

    /** The notice of event {@code id} is queued. */
    public void told(long id) {
        jdbi.useHandle(h -> h.execute("UPDATE person_event SET told = TRUE WHERE id = ?", id));
    }

    /** A row of {@code SELECT source, entry_key, email, name, manager, active, removed, since FROM dir_person}. */
    private static Stored stored(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws java.sql.SQLException {
        return new Stored(
                new PersonEntry(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getBoolean(6)),
                rs.getBoolean(7),
                Instant.ofEpochMilli(rs.getLong(8)));
    }

    /** A row of {@code SELECT id, email, active, source, at FROM person_event}. */
    private static Event event(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws java.sql.SQLException {
        return new Event(
                rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getString(4), Instant.ofEpochMilli(rs.getLong(5)));
    }
}
