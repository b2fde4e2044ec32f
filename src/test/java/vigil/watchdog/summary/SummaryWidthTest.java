package vigil.watchdog.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.inventory.Inventory;
import vigil.testing.Chromium;
import vigil.testing.Inventories;
import vigil.watchdog.runs.Run;

/**
 * The weekly summary's HTML laid out by a real browser in a 400 px window (a phone's mail client):
 * nothing is wider than the window, whatever the grid holds.
 */
class SummaryWidthTest {
    static final int PHONE = 400;

    @TempDir
    Path dir;

    @Test
    void the_incident_weeks_summaries_fit_a_400_px_mail_client() throws Exception {
        List<TeamSummary> all = SummariesTest.build(SummariesTest.healthyExcept(18, 19), "it@example.com");
        for (TeamSummary s : all) {
            assertThat(Chromium.layoutWidth(SummaryHtml.render(s), PHONE, dir))
                    .as(s.team())
                    .isLessThanOrEqualTo(PHONE);
        }
    }

    @Test
    void a_busy_grid_long_names_and_a_long_failure_line_fit_too() throws Exception {
        Inventory busy = Inventories.load("""
                aliases: [{ email: ops@example.com, members: [a@example.com, b@example.com] }]
                people: [{ email: a@example.com }, { email: b@example.com }]
                workflows:
                  - { id: every-five-minutes-warehouse-replication-to-reporting, name: "Warehouse replication",
                      owner: ops@example.com, every: 5m, notify: [ops@example.com] }
                """);
        List<Run> runs = new java.util.ArrayList<>(
                DayGridTest.runs(SummariesTest.WEEK.start(), SummariesTest.WEEK.end(), Duration.ofMinutes(5)));
        runs.add(DayGridTest.fail(
                Instant.parse("2026-11-20T02:31:00Z"),
                "Error: request to https://crm.example.com/api/v2/exports/accounts?since=2026-11-19T00:00:00Z"
                        + "&page=1&fields=id,name,owner,updated_at failed: 401"));
        WeekEvidence evidence = new WeekEvidence(
                Map.of("every-five-minutes-warehouse-replication-to-reporting", runs),
                Map.of(),
                Map.of(),
                Map.of("every-five-minutes-warehouse-replication-to-reporting", SummariesTest.ENTERED),
                List.of(),
                Set.of());
        TeamSummary s = Summaries.build(busy, SummariesTest.WEEK, evidence, List.of(), null, SummariesTest.NOW, null)
                .get(0);
        assertThat(SummaryHtml.render(s)).contains("✓288");
        assertThat(Chromium.layoutWidth(SummaryHtml.render(s), PHONE, dir)).isLessThanOrEqualTo(PHONE);
    }
}
