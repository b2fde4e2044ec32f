package vigil.watchdog.summary;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import vigil.watchdog.alert.Outbox;

/**
 * Weekly summaries as queued: the week the scheduled job last claimed, and each rendered summary
 * with its deliveries in the outbox. The claim is a conditional update in the same transaction
 * as the queueing, so a week is queued once however many daemons try.
 */
public final class SummaryStore {
    private final Jdbi jdbi;

    public SummaryStore(DataSource dataSource) {
        this.jdbi = Jdbi.create(dataSource);
    }

    /** A rendered summary and where it goes. */
    public record Queued(String team, String destination, String subject, String text, String html) {}

    /** A stored summary. */
    public record Stored(long id, LocalDate weekEnding, String team, String subject, String text, String html) {}

    /** The last week the scheduled job claimed, if any. */
    public Optional<LocalDate> lastWeek() {
        return jdbi.withHandle(h -> h.createQuery("SELECT last_week FROM summary_schedule WHERE id = 1")
                .mapTo(String.class)
                .findOne()
                .map(LocalDate::parse));
    }

    /**
     * Records the summary schedule in force ({@code summary.cron} and time zone). When it differs
     * from the one recorded — a fresh database, or the configuration changed — the weeks up to
     * {@code currentWeek} count as done: a new installation or a new schedule does not send a week
     * it never scheduled. Returns true when the schedule was new.
     */
    public boolean schedule(String schedule, LocalDate currentWeek) {
        return jdbi.inTransaction(h -> {
            String stored = h.createQuery("SELECT schedule FROM summary_schedule WHERE id = 1")
                    .mapTo(String.class)
                    .findOne()
                    .orElse(null);
            if (schedule.equals(stored)) {
                return false;
            }
            h.execute("UPDATE summary_schedule SET schedule = ? WHERE id = 1", schedule);
            if (currentWeek != null) {
                h.execute(
                        "UPDATE summary_schedule SET last_week = ? WHERE id = 1 AND (last_week IS NULL OR last_week < ?)",
                        currentWeek.toString(),
                        currentWeek.toString());
            }
            return true;
        });
    }

    /**
     * Claims {@code week} for the scheduled send and queues its summaries, all or nothing. False,
     * with nothing queued, when this week (or a later one) was already claimed. A team whose summary
     * for the week was already sent by hand is skipped.
     */
    public boolean claim(LocalDate week, List<Queued> summaries, Instant now) {
        return jdbi.inTransaction(h -> {
            int claimed = h.execute(
                    "UPDATE summary_schedule SET last_week = ? WHERE id = 1 AND (last_week IS NULL OR last_week < ?)",
                    week.toString(),
                    week.toString());
            if (claimed != 1) {
                return false;
            }
            for (Queued q : summaries) {
                boolean sent = h.createQuery("SELECT COUNT(*) FROM summary WHERE week_ending = ? AND team = ?")
                                .bind(0, week.toString())
                                .bind(1, q.team())
                                .mapTo(Long.class)
                                .one()
                        > 0;
                if (!sent) {
                    insert(h, week, q, now);
                }
            }
            return true;
        });
    }

    /** Queues summaries sent by hand ({@code vigil summary --send}): always, without claiming the week. */
    public void queue(LocalDate week, List<Queued> summaries, Instant now) {
        jdbi.useTransaction(h -> {
            for (Queued q : summaries) {
                insert(h, week, q, now);
            }
        });
    }

    private static void insert(Handle h, LocalDate week, Queued q, Instant now) {
        long id = h.createUpdate("INSERT INTO summary (week_ending, team, subject, text_body, html_body, created)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .bind(0, week.toString())
                .bind(1, q.team())
                .bind(2, q.subject())
                .bind(3, q.text())
                .bind(4, q.html())
                .bind(5, now.toEpochMilli())
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
        Outbox.addSummary(h, id, q.destination(), now);
    }

    public Optional<Stored> summary(long id) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT id, week_ending, team, subject, text_body, html_body FROM summary WHERE id = ?")
                .bind(0, id)
                .map((rs, ctx) -> new Stored(
                        rs.getLong(1),
                        LocalDate.parse(rs.getString(2)),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6)))
                .findOne());
    }

    /** How many summaries were queued for a week (tests, and the log line after a send). */
    public long count(LocalDate week) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM summary WHERE week_ending = ?")
                .bind(0, week.toString())
                .mapTo(Long.class)
                .one());
    }
}
