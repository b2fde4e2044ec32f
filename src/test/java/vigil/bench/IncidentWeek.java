package vigil.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vigil.inventory.Inventory;
import vigil.inventory.Workflow;
import vigil.inventory.audit.Audit;
import vigil.inventory.audit.AuditEvidence;
import vigil.inventory.load.InventoryLoader;
import vigil.watchdog.config.Config;
import vigil.watchdog.config.ConfigLoader;
import vigil.watchdog.runs.Run;
import vigil.watchdog.summary.Summaries;
import vigil.watchdog.summary.SummaryHtml;
import vigil.watchdog.summary.SummaryText;
import vigil.watchdog.summary.TeamSummary;
import vigil.watchdog.summary.Week;
import vigil.watchdog.summary.WeekEvidence;

/**
 * The week of the incident, as the weekly summary tells it: the example configuration and
 * inventory, every workflow running on schedule until svc-reporting is deleted on Thursday
 * 19 November, after which its fourteen workflows fail with 401 — and one finance job that
 * missed a night. Writes every owner's summary ({@code <alias>.html} and {@code .txt}) into
 * the directory given (default {@code target/incident-week}); README's screenshot is the HTML of
 * reporting@example.com rendered by headless Chromium ({@code .ci/screenshot}).
 */
public final class IncidentWeek {
    private IncidentWeek() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/incident-week");
        Config config = ConfigLoader.load(Path.of("config/vigil.yaml"));
        Inventory inventory = InventoryLoader.load(config.inventory(), config.inventoryContext());
        Week week = new Week(LocalDate.parse("2026-11-22"), config.timezone());
        Instant deleted = LocalDateTime.parse("2026-11-19T00:00:00")
                .atZone(config.timezone())
                .toInstant();
        Instant missedNight = LocalDateTime.parse("2026-11-18T00:00:00")
                .atZone(config.timezone())
                .toInstant();
        Map<String, List<Run>> runs = new HashMap<>();
        Map<String, Instant> lastBefore = new HashMap<>();
        Map<String, Instant> lastSuccess = new HashMap<>();
        Map<String, Instant> firstSeen = new HashMap<>();
        long id = 1;
        for (Workflow w : inventory.workflows()) {
            firstSeen.put(w.id(), week.start().minusSeconds(90L * 86_400));
            List<Run> list = new ArrayList<>();
            boolean cascade = w.credentials().contains("svc-reporting");
            for (Instant slot = w.schedule().next(week.start().minusSeconds(86_400), w.timezone());
                    slot.isBefore(week.end());
                    slot = w.schedule().next(slot, w.timezone())) {
                Instant at = slot.plusSeconds(40);
                if (w.id().equals("bank-statement-import")
                        && !at.isBefore(missedNight)
                        && at.isBefore(missedNight.plusSeconds(86_400))) {
                    continue;
                }
                boolean fails = cascade && !at.isBefore(deleted);
                list.add(new Run(
                        id++,
                        fails ? "fail" : "success",
                        null,
                        at,
                        null,
                        "ping",
                        fails ? 1 : 0,
                        fails
                                ? "HTTP 401 Unauthorized: INVALID_SESSION_ID (user svc-reporting@example.com is"
                                        + " deactivated)"
                                : null,
                        null,
                        null));
                if (at.isBefore(week.start())) {
                    lastBefore.put(w.id(), at);
                }
                if (!fails) {
                    lastSuccess.put(w.id(), at);
                }
            }
            runs.put(w.id(), list);
        }
        List<AuditEvidence.Stray> strays = List.of(new AuditEvidence.Stray(
                "5f0c9a52-3c1e-4a8e-9d55-0b6f1e7c2a10",
                7,
                LocalDateTime.parse("2026-11-22T23:00:00")
                        .atZone(config.timezone())
                        .toInstant()));
        WeekEvidence evidence = new WeekEvidence(runs, lastBefore, lastSuccess, firstSeen, strays, Set.of());
        List<TeamSummary> summaries = Summaries.build(
                inventory,
                week,
                evidence,
                Audit.run(inventory, new AuditEvidence(Set.of(), List.of()), week.ending()),
                config.summary().fallback(),
                week.end().plusSeconds(9 * 3600),
                null);
        Files.createDirectories(out);
        for (TeamSummary s : summaries) {
            Files.writeString(out.resolve(s.team() + ".html"), SummaryHtml.render(s));
            Files.writeString(out.resolve(s.team() + ".txt"), SummaryText.render(s));
            System.out.println(out.resolve(s.team() + ".html") + "  " + s.headline());
        }
    }
}
