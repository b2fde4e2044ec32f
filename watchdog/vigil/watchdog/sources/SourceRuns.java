package vigil.watchdog.sources;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Where pulled runs are kept: in the run table beside pings (source = the server's name), each
 * platform run once, found again by its platform id; a run seen running is completed in place.
 * The runs of one pull and the watermark after them are written in one transaction, so a crash
 * mid-poll loses nothing and stores nothing twice.
 */
public final class SourceRuns {
    /** Bodies are cut like a ping's default limit. */
    static final int BODY_LIMIT = 100_000;

    private final Jdbi jdbi;

    public SourceRuns(DataSource dataSource) {
        this.jdbi = Jdbi.create(dataSource);
    }

    /** Where the last pull of {@code ref} from {@code source} ended, or empty before the first. */
    public Optional<String> watermark(String source, String ref) {
        return jdbi.withHandle(h -> h.createQuery("SELECT watermark FROM source_watermark WHERE source = ? AND ref = ?")
                .bind(0, source)
                .bind(1, ref)
                .mapTo(String.class)
                .findOne());
    }

    /**
     * Stores a pull of {@code workflow}'s runs: new runs are inserted, a stored run that was
     * running takes its final status; returns how many rows were inserted or completed.
     */
    public int store(String source, String ref, String workflow, List<PulledRun> runs, String watermark, Instant now) {
        return jdbi.inTransaction(h -> {
            int changed = 0;
            boolean completed = false;
            // platforms list newest first; stored oldest first, runs read in the order they ran
            List<PulledRun> inOrder = runs.stream()
                    .sorted(java.util.Comparator.comparing(
                            PulledRun::started, java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())))
                    .toList();
            for (PulledRun run : inOrder) {
                Optional<Long> id = h.createQuery("SELECT run FROM pulled_run WHERE source = ? AND external_id = ?")
                        .bind(0, source)
                        .bind(1, run.externalId())
                        .mapTo(Long.class)
                        .findOne();
                if (id.isEmpty()) {
                    insert(h, source, workflow, run);
                    changed++;
                } else if (run.done() && complete(h, id.get(), run)) {
                    changed++;
                    completed = true;
                }
            }
            if (watermark != null) {
                // written only when it moved: a poll that finds nothing new then writes nothing, and
                // its commit costs the database no write (on H2 a file write per commit)
                Optional<String> stored = h.createQuery(
                                "SELECT watermark FROM source_watermark WHERE source = ? AND ref = ?")
                        .bind(0, source)
                        .bind(1, ref)
                        .mapTo(String.class)
                        .findOne();
                if (stored.isEmpty()) {
                    h.execute(
                            "INSERT INTO source_watermark (source, ref, watermark) VALUES (?, ?, ?)",
                            source,
                            ref,
                            watermark);
                } else if (!stored.get().equals(watermark)) {
                    h.execute(
                            "UPDATE source_watermark SET watermark = ? WHERE source = ? AND ref = ?",
                            watermark,
                            source,
                            ref);
                }
            }
            if (completed) {
                // a run completed in place adds no new row the evaluator would notice
                h.execute(
                        "UPDATE workflow_state SET next_check = ?, touched = touched + 1 WHERE workflow = ?",
                        now.toEpochMilli(),
                        workflow);
            }
            return changed;
        });
    }

    private static void insert(Handle h, String source, String workflow, PulledRun run) {
        long id = h.createUpdate("INSERT INTO run (workflow, status, started, finished, duration_ms, source, body)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                .bind(0, workflow)
                .bind(1, run.status())
                .bind(2, millis(run.started()))
                .bind(3, millis(run.finished()))
                .bind(4, duration(run))
                .bind(5, source)
                .bind(6, cut(run.body()))
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
        h.execute("INSERT INTO pulled_run (source, external_id, run) VALUES (?, ?, ?)", source, run.externalId(), id);
    }

    private static boolean complete(Handle h, long id, PulledRun run) {
        return h.createUpdate("UPDATE run SET status = ?, finished = ?, duration_ms = ?, body = ?"
                                + " WHERE id = ? AND status = 'started'")
                        .bind(0, run.status())
                        .bind(1, millis(run.finished()))
                        .bind(2, duration(run))
                        .bind(3, cut(run.body()))
                        .bind(4, id)
                        .execute()
                == 1;
    }

    private static Long millis(Instant at) {
        return at == null ? null : at.toEpochMilli();
    }

    private static Long duration(PulledRun run) {
        return run.started() == null || run.finished() == null
                ? null
                : Duration.between(run.started(), run.finished()).toMillis();
    }

    private static String cut(String body) {
        return body == null || body.length() <= BODY_LIMIT ? body : body.substring(0, BODY_LIMIT);
    }

    /** A poll of {@code source} went through; {@code pulled} rows were stored or completed. */
    public void polled(String source, Instant at, int pulled) {
        polled(source, at, pulled, List.of(), -1, Duration.ZERO);
    }

    /**
     * A poll of {@code source} went through: {@code pulled} rows were stored or completed, the
     * platform did not know {@code notFound} workflows, and the round sent {@code requests}
     * requests (-1: unknown) in {@code took}.
     */
    public void polled(String source, Instant at, int pulled, List<String> notFound, int requests, Duration took) {
        String missing = notFound.isEmpty() ? null : String.join(", ", notFound);
        jdbi.useTransaction(h -> {
            ensure(h, source);
            h.execute(
                    "UPDATE source_poll SET last_success = ?, failures = 0, runs_pulled = runs_pulled + ?,"
                            + " not_found = ?, round_requests = ?, round_ms = ? WHERE source = ?",
                    at.toEpochMilli(),
                    pulled,
                    missing == null || missing.length() <= 2000 ? missing : missing.substring(0, 1996) + " ...",
                    requests < 0 ? null : requests,
                    took.toMillis(),
                    source);
        });
    }

    /** A poll of {@code source} failed; returns how many polls in a row have failed now. */
    public int failed(String source, Instant at, SourceException.Kind kind, String error) {
        return jdbi.inTransaction(h -> {
            ensure(h, source);
            h.execute(
                    "UPDATE source_poll SET last_failure = ?, last_error = ?, last_kind = ?, failures = failures + 1"
                            + " WHERE source = ?",
                    at.toEpochMilli(),
                    error.length() > 1000 ? error.substring(0, 1000) : error,
                    kind.name().toLowerCase(java.util.Locale.ROOT),
                    source);
            return h.createQuery("SELECT failures FROM source_poll WHERE source = ?")
                    .bind(0, source)
                    .mapTo(Integer.class)
                    .one();
        });
    }

    /**
     * A source's health as stored: {@code failures} polls in a row have failed, the last one of
     * {@code lastKind} (auth, unreachable, rate_limited, malformed).
     */
    public record Health(
            String source,
            Instant lastSuccess,
            Instant lastFailure,
            String lastError,
            String lastKind,
            int failures,
            long runsPulled,
            String notFound,
            Integer roundRequests,
            Long roundMs) {}

    public Optional<Health> health(String source) {
        return all().stream().filter(h -> h.source().equals(source)).findFirst();
    }

    /** Every polled source's health, by name. */
    public List<Health> all() {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT source, last_success, last_failure, last_error, last_kind,"
                                + " failures, runs_pulled, not_found, round_requests, round_ms FROM source_poll ORDER BY source")
                .map((rs, ctx) -> new Health(
                        rs.getString(1),
                        instant(rs.getObject(2, Long.class)),
                        instant(rs.getObject(3, Long.class)),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getInt(6),
                        rs.getLong(7),
                        rs.getString(8),
                        rs.getObject(9, Integer.class),
                        rs.getObject(10, Long.class)))
                .list());
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    static void ensure(Handle h, String source) {
        int exists = h.createQuery("SELECT COUNT(*) FROM source_poll WHERE source = ?")
                .bind(0, source)
                .mapTo(Integer.class)
                .one();
        if (exists == 0) {
            h.execute("INSERT INTO source_poll (source, failures, runs_pulled) VALUES (?, 0, 0)", source);
        }
    }
}
