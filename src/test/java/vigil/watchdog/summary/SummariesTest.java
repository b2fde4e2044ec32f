package vigil.watchdog.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vigil.inventory.Inventory;
import vigil.inventory.audit.Audit;
import vigil.inventory.audit.AuditEvidence;
import vigil.testing.Inventories;
import vigil.watchdog.runs.Run;

/** Who gets which summary, what its headline says, and that both parts read as promised. */
class SummariesTest {
    static final Inventory INVENTORY = Inventories.load("""
            people:
              - { email: alice@example.com }
              - { email: bob@example.com }
              - { email: carol@example.com }
              - { email: dana@example.com }
            aliases:
              - { email: team@example.com, members: [alice@example.com, bob@example.com] }
              - { email: solo@example.com, members: [carol@example.com] }
            credentials:
              - { id: svc-crm, kind: service-account, owner: team@example.com }
              - { id: dana-login, kind: personal-account, owner: dana@example.com }
            workflows:
              - { id: nightly-crm-export, name: "Nightly <CRM> export", owner: team@example.com, schedule: "30 2 * * *",
                  credentials: [svc-crm], notify: [alice@example.com] }
              - { id: hourly-sync, owner: team@example.com, schedule: "0 * * * *", credentials: [svc-crm],
                  notify: [team@example.com] }
              - { id: weekly-report, owner: solo@example.com, schedule: "0 8 * * MON", notify: [solo@example.com] }
              - { id: adhoc-cleanup, owner: dana@example.com, every: 1d, credentials: [dana-login],
                  notify: [dana@example.com] }
            """);
    static final Week WEEK = new Week(LocalDate.parse("2026-11-22"), ZoneId.of("UTC"));
    static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
    static final Instant ENTERED = Instant.parse("2026-10-01T00:00:00Z");

    static WeekEvidence evidence(Map<String, List<Run>> runs) {
        Map<String, Instant> seen = new java.util.HashMap<>();
        INVENTORY.workflows().forEach(w -> seen.put(w.id(), ENTERED));
        return new WeekEvidence(
                runs,
                Map.of(),
                Map.of(),
                seen,
                List.of(new AuditEvidence.Stray("b7d3c0de-0000-4000-8000-000000000001", 7, NOW.minusSeconds(3600))),
                Set.of());
    }

    static List<TeamSummary> build(Map<String, List<Run>> runs, String fallback) {
        return Summaries.build(
                INVENTORY,
                WEEK,
                evidence(runs),
                Audit.run(INVENTORY, AuditEvidence.none(), WEEK.ending()),
                fallback,
                NOW,
                null);
    }

    /** Every slot of the week kept, except for the nights of the given days. */
    static Map<String, List<Run>> healthyExcept(int... missingNights) {
        List<Run> nightly = new ArrayList<>();
        for (int day = 16; day <= 22; day++) {
            final int d = day;
            if (java.util.Arrays.stream(missingNights).noneMatch(m -> m == d)) {
                nightly.add(DayGridTest.ok(Instant.parse("2026-11-%02dT02:31:00Z".formatted(day))));
            }
        }
        return Map.of(
                "nightly-crm-export", nightly,
                "hourly-sync",
                        DayGridTest.runs(WEEK.start().plusSeconds(60), WEEK.end(), java.time.Duration.ofHours(1)),
                "weekly-report", List.of(DayGridTest.ok(Instant.parse("2026-11-16T08:02:00Z"))),
                "adhoc-cleanup", DayGridTest.runs(WEEK.start(), WEEK.end(), java.time.Duration.ofDays(1)));
    }

    static void assertFitsEightyColumns(String text) {
        assertThat(text.lines())
                .allSatisfy(line -> assertThat(line.codePointCount(0, line.length()))
                        .as(line)
                        .isLessThanOrEqualTo(80));
    }

    static TeamSummary of(List<TeamSummary> all, String team) {
        return all.stream().filter(s -> s.team().equals(team)).findFirst().orElseThrow();
    }

    @Test
    void a_durable_alias_gets_its_own_and_every_other_owner_goes_to_the_fallback_saying_why() {
        List<TeamSummary> all = build(healthyExcept(), "it@example.com");
        assertThat(all)
                .extracting(TeamSummary::team)
                .containsExactly(Summaries.INDIVIDUALS, "solo@example.com", "team@example.com");

        TeamSummary team = of(all, "team@example.com");
        assertThat(team.durable()).isTrue();
        assertThat(team.deliverTo()).isEqualTo("team@example.com");
        assertThat(SummaryText.render(team)).doesNotContain("was meant for");

        TeamSummary solo = of(all, "solo@example.com");
        assertThat(solo.deliverTo()).isEqualTo("it@example.com");
        assertThat(solo.notDurableBecause())
                .isEqualTo("solo@example.com reaches only 1 active person (a durable alias needs at least 2)");
        assertThat(SummaryText.render(solo))
                .contains("This summary was meant for solo@example.com, but solo@example.com reaches only 1")
                .contains("so it went to it@example.com");
        assertThat(SummaryHtml.render(solo)).contains("This summary was meant for solo@example.com");

        TeamSummary dana = of(all, Summaries.INDIVIDUALS);
        assertThat(dana.deliverTo()).isEqualTo("it@example.com");
        assertThat(dana.notDurableBecause())
                .isEqualTo("these workflows are owned by individual people, not by a team alias");
        assertThat(SummaryText.render(dana))
                .startsWith("Vigil weekly summary for workflows owned by individuals\n")
                .contains("These workflows are owned by individual people (dana@example.com), not by a team");
    }

    @Test
    void workflows_of_several_people_go_to_the_fallback_as_one_summary_not_one_each() {
        Inventory people = Inventories.load("""
                people: [{ email: dana@example.com }, { email: lee@example.com }]
                workflows:
                  - { id: a, owner: dana@example.com, every: 1d, notify: [dana@example.com] }
                  - { id: b, owner: lee@example.com, every: 1d, notify: [lee@example.com] }
                """);
        List<TeamSummary> all = Summaries.build(
                people,
                WEEK,
                new WeekEvidence(Map.of(), Map.of(), Map.of(), Map.of(), List.of(), Set.of()),
                List.of(),
                "it@example.com",
                NOW,
                null);
        assertThat(all).singleElement().satisfies(s -> {
            assertThat(s.team()).isEqualTo(Summaries.INDIVIDUALS);
            assertThat(s.deliverTo()).isEqualTo("it@example.com");
            assertThat(s.workflows()).extracting(w -> w.workflow().id()).containsExactly("a", "b");
            assertThat(SummaryText.render(s).replaceAll("\\s+", " ")).contains("(dana@example.com, lee@example.com)");
        });
    }

    @Test
    void an_alias_whose_mail_was_rejected_for_good_is_not_durable() {
        WeekEvidence rejected =
                new WeekEvidence(healthyExcept(), Map.of(), Map.of(), Map.of(), List.of(), Set.of("team@example.com"));
        TeamSummary team = Summaries.build(
                        INVENTORY, WEEK, rejected, List.of(), "it@example.com", NOW, "team@example.com")
                .get(0);
        assertThat(team.deliverTo()).isEqualTo("it@example.com");
        assertThat(team.notDurableBecause())
                .isEqualTo("mail to team@example.com was rejected permanently by the mail server");
    }

    @Test
    void without_a_fallback_a_non_durable_owner_has_nowhere_to_go() {
        List<TeamSummary> all = build(healthyExcept(), null);
        assertThat(of(all, "solo@example.com").deliverTo()).isNull();
        assertThat(of(all, "team@example.com").deliverTo()).isEqualTo("team@example.com");
    }

    @Test
    void the_headline_says_in_one_line_whether_to_read_on() {
        assertThat(of(build(healthyExcept(), null), "team@example.com").headline())
                .isEqualTo("All 2 workflows ran as expected this week; 1 reports errors to one person's mailbox.");
        assertThat(of(build(healthyExcept(18, 19), null), "team@example.com").headline())
                .isEqualTo("1 of 2 workflows missed runs this week; 1 reports errors to one person's mailbox.");
        assertThat(of(build(healthyExcept(), null), Summaries.INDIVIDUALS).headline())
                .isEqualTo("The workflow ran as expected this week; 1 reports errors to one person's mailbox;"
                        + " 1 authenticates as a person.");
    }

    @Test
    void a_workflow_that_never_reported_is_not_counted_as_having_run_as_expected() {
        Inventory two = Inventories.load("""
                aliases: [{ email: ops@example.com, members: [a@example.com, b@example.com] }]
                people: [{ email: a@example.com }, { email: b@example.com }]
                workflows:
                  - { id: steady, owner: ops@example.com, every: 1h, notify: [ops@example.com] }
                  - { id: fresh, owner: ops@example.com, schedule: "0 8 * * *", grace: 2h, notify: [ops@example.com] }
                """);
        Instant now = Instant.parse("2026-11-22T09:00:00Z");
        Instant entered = Instant.parse("2026-11-22T07:00:00Z");
        Map<String, List<Run>> runs =
                Map.of("steady", DayGridTest.runs(WEEK.start(), now, java.time.Duration.ofHours(1)));
        WeekEvidence evidence = new WeekEvidence(
                runs,
                Map.of(),
                Map.of("steady", now.minusSeconds(3600)),
                Map.of("steady", ENTERED, "fresh", entered),
                List.of(),
                Set.of());
        TeamSummary s =
                Summaries.build(two, WEEK, evidence, List.of(), null, now, null).get(0);
        assertThat(s.workflows())
                .filteredOn(w -> w.workflow().id().equals("fresh"))
                .singleElement()
                .satisfies(w -> assertThat(w.grid().expected())
                        .as("its slot is upcoming")
                        .isEqualTo(1));
        assertThat(s.headline()).isEqualTo("1 of 2 workflows ran as expected this week; 1 has never reported.");

        WeekEvidence silent = new WeekEvidence(
                Map.of(), Map.of(), Map.of(), Map.of("steady", ENTERED, "fresh", entered), List.of(), Set.of());
        assertThat(Summaries.build(two, WEEK, silent, List.of(), null, now, null)
                        .get(0)
                        .headline())
                .isEqualTo("1 of 2 workflows missed runs this week; 1 has never reported.");
        WeekEvidence fresh = new WeekEvidence(
                Map.of(), Map.of(), Map.of(), Map.of("steady", now, "fresh", entered), List.of(), Set.of());
        assertThat(Summaries.build(two, WEEK, fresh, List.of(), null, now, null)
                        .get(0)
                        .headline())
                .as("steady entered the inventory just now and its first run is an hour away")
                .isEqualTo("None of the 2 workflows has ever reported.");
        Inventory one = Inventories.load("""
                people: [{ email: a@example.com }]
                workflows:
                  - { id: fresh, owner: a@example.com, schedule: "0 8 * * *", grace: 2h, notify: [a@example.com] }
                """);
        assertThat(Summaries.build(one, WEEK, fresh, List.of(), null, now, null)
                        .get(0)
                        .headline())
                .startsWith("The workflow has never reported");
    }

    @Test
    void the_text_part_fits_80_columns_and_names_misses_findings_and_strays() {
        TeamSummary team = of(build(healthyExcept(18, 19), "it@example.com"), "team@example.com");
        String text = SummaryText.render(team);
        assertFitsEightyColumns(text);
        assertThat(text)
                .contains("Week Mon 16 Nov – Sun 22 Nov 2026 (UTC)")
                .contains("nightly-crm-export     ✓    ✓    !    !    ✓    ✓    ✓        7    5    0    2")
                .contains("hourly-sync            ✓24  ✓24  ✓24  ✓24  ✓24  ✓24  ✓24    168  168    0    0")
                .contains("Runs that need attention");
        assertThat(text.replaceAll("\\s+", " "))
                .as("wrapped lines joined")
                .contains("expected 7: 5 succeeded, 0 failed, 2 missed; longest silence 3 d 0 h from Tue 17 Nov 02:31")
                .contains("error route-individual: errors go to one person's mailbox: alice@example.com")
                .contains("7 ping(s) for 'b7d3c0de-0000-4000-8000-000000000001'");
    }

    @Test
    void an_anomaly_week_marks_the_day_and_lists_each_anomaly_with_its_numbers() {
        vigil.watchdog.baseline.Anomaly spike = new vigil.watchdog.baseline.Anomaly(
                "hourly-sync",
                vigil.watchdog.baseline.Anomaly.Kind.COUNT,
                LocalDate.parse("2026-11-18"),
                39950,
                850,
                3,
                4711L,
                Instant.parse("2026-11-18T08:02:00Z"));
        vigil.watchdog.baseline.Anomaly rare = new vigil.watchdog.baseline.Anomaly(
                "hourly-sync",
                vigil.watchdog.baseline.Anomaly.Kind.RUNS_LOW,
                LocalDate.parse("2026-11-20"),
                6,
                24,
                3,
                null,
                Instant.parse("2026-11-21T00:00:00Z"));
        WeekEvidence plain = evidence(healthyExcept());
        WeekEvidence withAnomalies = new WeekEvidence(
                plain.runs(),
                plain.lastBefore(),
                plain.lastSuccess(),
                plain.firstSeen(),
                plain.strays(),
                plain.rejected(),
                Map.of("hourly-sync", List.of(spike, rare)));
        TeamSummary team = of(
                Summaries.build(
                        INVENTORY,
                        WEEK,
                        withAnomalies,
                        Audit.run(INVENTORY, AuditEvidence.none(), WEEK.ending()),
                        "it@example.com",
                        NOW,
                        null),
                "team@example.com");
        String text = SummaryText.render(team);
        assertFitsEightyColumns(text);
        assertThat(text)
                .contains("hourly-sync            ✓24  ✓24  ✓24^ ✓24  ✓24  ✓24^ ✓24    168  168    0    0")
                .contains("Beyond normal this week (2)\n---------------------------\n");
        assertThat(text.replaceAll("\\s+", " "))
                .contains("^ beyond normal (listed below)")
                .contains("hourly-sync, Wed 18 Nov 08:02: count 39950 is 47× normal (850) (alert beyond 3× normal"
                        + " (2550))")
                .contains("hourly-sync, Sat 21 Nov 00:00: ran 6 times on 2026-11-20, below 1/3 of normal (24 a day)"
                        + " (alert below 1/3 of normal (8))");
        assertThat(SummaryHtml.render(team))
                .contains("Beyond normal this week (2)")
                .contains("hourly-sync, Wed 18 Nov 08:02: count 39950 is 47× normal (850)");
        assertThat(SummaryText.render(of(build(healthyExcept(), "it@example.com"), "team@example.com")))
                .as("a week without anomalies")
                .doesNotContain("Beyond normal")
                .doesNotContain("^");
    }

    @Test
    void workflows_failing_together_on_one_credential_name_it_as_the_likely_cause() {
        Map<String, List<Run>> runs = new java.util.HashMap<>(healthyExcept());
        runs.put("nightly-crm-export", List.of(DayGridTest.fail(Instant.parse("2026-11-20T02:31:00Z"), "401")));
        assertThat(of(build(runs, null), "team@example.com").likelyCause())
                .as("one failing workflow is not a pattern")
                .isNull();
        runs.put("hourly-sync", List.of(DayGridTest.fail(Instant.parse("2026-11-20T03:01:00Z"), "401")));
        TeamSummary team = of(build(runs, null), "team@example.com");
        assertThat(team.likelyCause())
                .isEqualTo("2 of the workflows that failed or missed runs authenticate with 'svc-crm'"
                        + " (service-account, owned by team@example.com): that credential is the likely cause.");
        assertThat(SummaryText.render(team).replaceAll("\\s+", " ")).contains("that credential is the likely cause.");
    }

    @Test
    void long_names_and_addresses_are_wrapped_or_clipped_at_80_columns_too() {
        String id = "nightly-export-of-every-account-and-opportunity-from-the-crm-into-the-warehouse-v2";
        String team = "reporting-and-analytics-operations-team-for-the-emea-region@subsidiary.example.com";
        Inventory inventory = Inventories.load("""
                people: [{ email: alice@example.com }, { email: bob@example.com }]
                aliases: [{ email: %s, members: [alice@example.com, bob@example.com] }]
                workflows:
                  - { id: %s, name: "The nightly export that feeds every revenue dashboard we have", owner: %s,
                      schedule: "0 6 * * *", notify: [%s] }
                """.formatted(team, id, team, team));
        TeamSummary s = Summaries.build(
                        inventory,
                        WEEK,
                        new WeekEvidence(Map.of(), Map.of(), Map.of(), Map.of(), List.of(), Set.of()),
                        List.of(),
                        null,
                        NOW,
                        null)
                .get(0);
        String text = SummaryText.render(s);
        assertThat(text).contains(id.substring(0, 21) + "…");
        assertFitsEightyColumns(text);
    }

    @Test
    void a_finding_shared_by_several_workflows_is_listed_once_with_them_all() {
        TeamSummary team = of(build(healthyExcept(), null), "team@example.com");
        assertThat(team.findings()).hasSize(1);
        assertThat(team.findings().get(0).workflows()).containsExactly("nightly-crm-export");
        TeamSummary dana = of(build(healthyExcept(), null), Summaries.INDIVIDUALS);
        assertThat(dana.findings())
                .extracting(g -> g.finding().rule())
                .contains("credential-personal", "route-individual", "workflow-owner-individual");
    }

    @Test
    void the_html_part_uses_inline_styles_only_and_escapes_names() {
        String html = SummaryHtml.render(of(build(healthyExcept(18), null), "team@example.com"));
        assertThat(html)
                .doesNotContain("<style")
                .doesNotContain("<link")
                .doesNotContain("<script")
                .doesNotContain("class=");
        assertThat(html).contains("Nightly &lt;CRM&gt; export").doesNotContain("<CRM>");
        assertThat(html).contains("background:" + Mark.MISSED.paper).contains(">!</span>");
    }
}
