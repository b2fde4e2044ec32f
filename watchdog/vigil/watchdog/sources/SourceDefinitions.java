package vigil.watchdog.sources;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import vigil.inventory.Definition;
import vigil.watchdog.http.Json;

/**
 * The platforms' definitions as last read (docs/discovery.md), one row a platform workflow. A read
 * replaces a source's definitions in one transaction, writing only the rows that changed: the
 * usual poll, where nothing was edited on the platform, writes nothing. A failed read keeps what
 * was read before and records why.
 */
public final class SourceDefinitions {
    /** How often a write that lost a race to another one is tried in all. */
    private static final int ATTEMPTS = 3;

    /**
     * How long {@link #all()} answers from memory: what this daemon writes shows at once, what
     * another daemon on the same database wrote within this.
     */
    static final java.time.Duration REREAD = java.time.Duration.ofSeconds(10);

    private final Jdbi jdbi;

    /** {@link #all()} as last read, and when ({@link System#nanoTime()}); null after a change. */
    private volatile Cached cached;

    private record Cached(List<Definition> all, long readNanos) {}

    public SourceDefinitions(DataSource dataSource) {
        this.jdbi = Jdbi.create(dataSource);
    }

    /** When a source's definitions were last read, and the error of the reads since, if any. */
    public record Status(Instant read, String error) {}

    /**
     * Replaces {@code source}'s definitions with {@code read}; returns how many rows changed. Rows
     * are written in the order of their refs, so that two reads at once lock them in one order.
     */
    public int replace(String source, List<Definition> read, Instant at) {
        Map<String, String> bodies = new TreeMap<>();
        for (Definition d : read) {
            bodies.put(d.ref(), json(d));
        }
        int written = again(() -> jdbi.inTransaction(h -> {
            Map<String, String> stored = new HashMap<>();
            h.createQuery("SELECT ref, body FROM source_definition WHERE source = ?")
                    .bind(0, source)
                    .map((rs, ctx) -> stored.put(rs.getString(1), rs.getString(2)))
                    .list();
            int changed = 0;
            for (Map.Entry<String, String> e : bodies.entrySet()) {
                String before = stored.remove(e.getKey());
                if (before == null) {
                    h.execute(
                            "INSERT INTO source_definition (source, ref, body, read_at) VALUES (?, ?, ?, ?)",
                            source,
                            e.getKey(),
                            e.getValue(),
                            at.toEpochMilli());
                    changed++;
                } else if (!before.equals(e.getValue())) {
                    h.execute(
                            "UPDATE source_definition SET body = ?, read_at = ? WHERE source = ? AND ref = ?",
                            e.getValue(),
                            at.toEpochMilli(),
                            source,
                            e.getKey());
                    changed++;
                }
            }
            for (String gone : stored.keySet()) {
                h.execute("DELETE FROM source_definition WHERE source = ? AND ref = ?", source, gone);
                changed++;
            }
            SourceRuns.ensure(h, source);
            h.execute(
                    "UPDATE source_poll SET definitions_read = ?, definitions_error = NULL WHERE source = ?",
                    at.toEpochMilli(),
                    source);
            return changed;
        }));
        if (written > 0) {
            cached = null; // after the commit: a read now sees the change
        }
        return written;
    }

    /** Records that reading {@code source}'s definitions failed; what was read before stays. */
    public void failed(String source, String error) {
        again(() -> jdbi.inTransaction(h -> {
            SourceRuns.ensure(h, source);
            return h.execute(
                    "UPDATE source_poll SET definitions_error = ? WHERE source = ?",
                    error.length() > 1000 ? error.substring(0, 1000) : error,
                    source);
        }));
    }

    /**
     * Runs {@code write} again when it lost a race: the poll job and {@code vigil discover} (or two
     * daemons on one PostgreSQL) may read the same source at once, and on a source's first read both
     * insert the same rows; the one that comes second fails on the key (or, with another set of
     * rows, on a deadlock) and, run again, finds the other's rows and writes only what differs.
     */
    private static <T> T again(java.util.function.Supplier<T> write) {
        for (int attempt = 1; ; attempt++) {
            try {
                return write.get();
            } catch (JdbiException e) {
                if (attempt == ATTEMPTS || !lostRace(e)) {
                    throw e;
                }
            }
        }
    }

    /** A key written by another transaction first (SQLSTATE class 23), or a deadlock or serialization failure (40). */
    private static boolean lostRace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                return state.startsWith("23") || state.startsWith("40");
            }
        }
        return false;
    }

    public Optional<Status> status(String source) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT definitions_read, definitions_error FROM source_poll WHERE source = ?")
                .bind(0, source)
                .map((rs, ctx) -> {
                    long read = rs.getLong(1);
                    return new Status(rs.wasNull() ? null : Instant.ofEpochMilli(read), rs.getString(2));
                })
                .findOne()
                .filter(s -> s.read() != null || s.error() != null));
    }

    /** How many definitions of {@code source} are kept. */
    public int count(String source) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM source_definition WHERE source = ?")
                .bind(0, source)
                .mapTo(Integer.class)
                .one());
    }

    /** The definitions last read from {@code source}, by ref. */
    public List<Definition> of(String source) {
        return read("SELECT body FROM source_definition WHERE source = ? ORDER BY ref", source);
    }

    /**
     * Every source's definitions, by source and ref. Asked on every impact and audit, so kept in
     * memory (the same list until a change: callers may key their own caches on it) and read again
     * after this daemon wrote a change, or after {@link #REREAD}.
     */
    public List<Definition> all() {
        Cached c = cached;
        long now = System.nanoTime();
        if (c != null && now - c.readNanos() < REREAD.toNanos()) {
            return c.all();
        }
        List<Definition> all = List.copyOf(read("SELECT body FROM source_definition ORDER BY source, ref"));
        if (c != null && c.all().equals(all)) {
            all = c.all(); // unchanged: the same list, so what was derived from it still holds
        }
        cached = new Cached(all, now);
        return all;
    }

    private List<Definition> read(String sql, Object... args) {
        List<Definition> out = new ArrayList<>();
        jdbi.useHandle(h -> {
            var query = h.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                query.bind(i, args[i]);
            }
            query.map((rs, ctx) -> rs.getString(1)).forEach(body -> out.add(parse(body)));
        });
        return out;
    }

    private static String json(Definition d) {
        try {
            return Json.MAPPER.writeValueAsString(d);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a definition that cannot be written as JSON", e);
        }
    }

    private static Definition parse(String body) {
        try {
            return Json.MAPPER.readValue(body, Definition.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored definition that cannot be read", e);
        }
    }
}
