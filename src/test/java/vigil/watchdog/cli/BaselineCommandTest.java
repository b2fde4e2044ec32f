package vigil.watchdog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.inventory.Inventory;
import vigil.inventory.load.InventoryContext;
import vigil.inventory.load.InventoryLoader;
import vigil.testing.DaemonFixture;
import vigil.testing.MutableClock;

/**
 * {@code vigil baseline} against a running daemon that stored four weeks of a weekday job's pings
 * with counts, and two days of a new one: the weekday pattern and the count are proposed with what
 * they rest on, the new workflow's figures are refused for too little history, and the written
 * block, pasted into the inventory, loads.
 */
class BaselineCommandTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final String INVENTORY = """
            people: [{ email: alice@example.com }, { email: bob@example.com }]
            aliases: [{ email: team@example.com, members: [alice@example.com, bob@example.com] }]
            workflows:
              - { id: newsletter-send, owner: team@example.com, schedule: "0 8 * * 1-5", timezone: Europe/Berlin,
                  notify: [team@example.com] }
              - { id: fresh-export, owner: team@example.com, every: 1h, notify: [team@example.com] }
            """;

    @Test
    void proposes_what_normal_looked_like_and_refuses_what_history_cannot_tell(@TempDir Path dir) throws Exception {
        MutableClock clock = MutableClock.at("2026-11-02T07:00:00Z"); // Monday 08:00 in Berlin
        try (DaemonFixture daemon =
                DaemonFixture.in(dir, INVENTORY).clock(clock).start()) {
            String send = "/ping/" + DaemonFixture.PING_KEY + "/newsletter-send";
            ZonedDateTime day = ZonedDateTime.of(2026, 11, 2, 8, 0, 0, 0, BERLIN);
            int sent = 0;
            for (int i = 0; i < 28; i++, day = day.plusDays(1)) {
                int weekday = day.getDayOfWeek().getValue();
                if (weekday <= 5) { // Monday to Friday, twice a day
                    for (int run = 0; run < 2; run++) {
                        clock.set(day.plusHours(run * 4).toInstant());
                        daemon.ping(send + "/start", null);
                        clock.advance(Duration.ofMinutes(4));
                        int count = 800 + (sent++ % 5) * 25; // 800 … 900
                        assertThat(daemon.ping(send + "?count=" + count, null).statusCode())
                                .isEqualTo(200);
                    }
                }
            }
            String fresh = "/ping/" + DaemonFixture.PING_KEY + "/fresh-export";
            for (int h = 0; h < 30; h++) {
                clock.set(ZonedDateTime.of(2026, 11, 28, 0, 30, 0, 0, BERLIN)
                        .plusHours(h)
                        .toInstant());
                daemon.ping(fresh + "?count=" + (10 + h), null);
            }
            clock.set("2026-11-30T09:00:00Z"); // Monday: the window is the four weeks up to Sunday

            CliTest.Result printed =
                    CliTest.vigil("baseline", "--config", daemon.configFile().toString());
            assertThat(printed.exit()).as(printed.err()).isZero();
            assertThat(printed.out())
                    .contains("# newsletter-send: 28 day(s) of history, 2026-11-02 to 2026-11-29 (Europe/Berlin),"
                            + " 40 finished run(s)\n- id: newsletter-send\n  normal:\n")
                    .containsPattern("runs_per_day: \\{ mon: 2, tue: 2, wed: 2, thu: 2, fri: 2, sat: 0, sun: 0 \\} +"
                            + "# medians of each weekday over 28 days")
                    .containsPattern("duration: 4m +# median of 40 runs; middle half 4m–4m")
                    .containsPattern("count: 850 +# median of 40 runs; middle half 825–875")
                    .contains("    # cost: not proposed, 0 run(s) reported it; at least 10 are needed")
                    .contains(
                            "# fresh-export: 3 day(s) of history, 2026-11-27 to 2026-11-29 (UTC), 30 finished run(s)\n"
                                    + "- id: fresh-export\n")
                    .contains("    # runs_per_day: not proposed, 3 day(s) of history; at least 7 are needed");

            Path file = dir.resolve("baseline.yaml");
            CliTest.Result written = CliTest.vigil(
                    "baseline",
                    "newsletter-send",
                    "--weeks",
                    "4",
                    "--write",
                    file.toString(),
                    "--config",
                    daemon.configFile().toString());
            assertThat(written.exit()).as(written.err()).isZero();
            assertThat(written.err()).contains("baseline: 3 figure(s) proposed for 1 workflow(s)");
            String block = Files.readString(file);
            assertThat(block).doesNotContain("fresh-export");
            assertThat(block)
                    .as("as docs/baselines.md shows it")
                    .startsWith("# Proposed by 'vigil baseline' from the last 4 week(s) of stored runs.")
                    .contains("\n\n# newsletter-send: 28 day(s) of history")
                    .endsWith("    # cost: not proposed, 0 run(s) reported it; at least 10 are needed\n");

            CliTest.Result again = CliTest.vigil(
                    "baseline",
                    "--write",
                    file.toString(),
                    "--config",
                    daemon.configFile().toString());
            assertThat(again.exit()).isEqualTo(1);
            assertThat(again.err()).contains("exists; baseline never edits a file");
            assertThat(Files.readString(file)).isEqualTo(block);

            CliTest.Result unknown = CliTest.vigil(
                    "baseline",
                    "newsleter-send",
                    "--config",
                    daemon.configFile().toString());
            assertThat(unknown.exit()).isEqualTo(1);
            assertThat(unknown.err()).contains("unknown workflow 'newsleter-send' (did you mean 'newsletter-send'?)");
            CliTest.Result weeks = CliTest.vigil(
                    "baseline", "--weeks", "0", "--config", daemon.configFile().toString());
            assertThat(weeks.exit()).isEqualTo(1);
            assertThat(weeks.err()).contains("weeks: expected a whole number from 1 to 52, found '0'");

            // the reviewed block, pasted into the workflow's entry, is a valid inventory
            String normal = block.substring(block.indexOf("  normal:\n"));
            Path inventory = dir.resolve("pasted.yaml");
            Files.writeString(
                    inventory,
                    """
                    people: [{ email: alice@example.com }]
                    workflows:
                      - id: newsletter-send
                        owner: alice@example.com
                        schedule: "0 8 * * 1-5"
                    """ + normal.lines().map(l -> "  " + l).collect(java.util.stream.Collectors.joining("\n")) + "\n");
            Inventory loaded = InventoryLoader.load(
                    inventory, new InventoryContext(java.util.Map.of(), java.util.Set.of(), ZoneId.of("UTC")));
            assertThat(loaded.workflow("newsletter-send").orElseThrow().normal().count())
                    .isEqualTo(850.0);
        }
    }
}
