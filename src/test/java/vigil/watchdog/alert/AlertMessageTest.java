package vigil.watchdog.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import vigil.inventory.Inventory;
import vigil.notifiers.Message;
import vigil.testing.Inventories;
import vigil.watchdog.evaluate.State;
import vigil.watchdog.runs.Evidence;
import vigil.watchdog.runs.Run;

class AlertMessageTest {
    static final Inventory INVENTORY = Inventories.load("""
            people: [{ email: alice@example.com }]
            aliases: [{ email: team@example.com, members: [alice@example.com] }]
            workflows:
              - { id: nightly-backup, owner: team@example.com, schedule: "30 2 * * *", grace: 30m,
                  timezone: Europe/Berlin }
            """);
    static final Instant AT = Instant.parse("2026-11-23T01:35:00Z");

    static Message failed(String body) {
        Delivery.Alert alert = new Delivery.Alert(1, "nightly-backup", State.UP, State.FAILED, "exit status 1", AT);
        Run run = new Run(7, "fail", AT.minusSeconds(300), AT, 300_000L, "ping", 1, body, "10.0.0.9", "runitor/1.2.0");
        return AlertMessage.render(
                new Delivery.OfAlert(1, alert, "team@example.com", "alert-1", 0),
                INVENTORY.workflow("nightly-backup"),
                INVENTORY,
                Evidence.NONE,
                List.of(run));
    }

    @Test
    void a_failure_shows_the_end_of_the_log_where_the_error_is_and_says_what_was_cut() {
        String log = IntStream.rangeClosed(1, 200)
                        .mapToObj(i -> "copied chunk " + i + " of 200")
                        .collect(Collectors.joining("\n"))
                + "\nerror: upload failed: 401 Unauthorized\nexit status 1\n";
        Message m = failed(log);
        assertThat(m.text())
                .contains("error: upload failed: 401 Unauthorized\n    exit status 1")
                .contains("earlier lines not shown")
                .doesNotContain("copied chunk 1 of 200\n");
        assertThat(m.html()).contains("error: upload failed: 401 Unauthorized").contains("earlier lines not shown");
    }

    @Test
    void a_fact_that_is_a_list_shows_one_item_a_line_under_its_label_in_text_and_html() {
        Message m = AlertMessage.notice(
                "[vigil] subject",
                "Lead.",
                "Meaning.",
                List.<String[]>of(
                        new String[] {"Person", "dana@example.com"},
                        new String[] {"Workflows that break", "crm-export: <uses> svc-crm\nbackup: owned by dana"}),
                false);

        assertThat(m.text())
                .contains("Person:       dana@example.com\n")
                .contains("Workflows that break:\n  crm-export: <uses> svc-crm\n  backup: owned by dana\n");
        assertThat(m.html()).contains("crm-export: &lt;uses&gt; svc-crm<br>backup: owned by dana");
    }

    @Test
    void a_short_log_is_shown_whole_with_no_note() {
        Message m = failed("connection refused\nexit status 1");
        assertThat(m.text())
                .contains("    connection refused\n    exit status 1")
                .doesNotContain("not shown");
    }

    @Test
    void the_text_part_fits_80_columns_and_says_times_in_the_workflows_zone() {
        Message m = failed("error: " + "the upstream answered with a very long line ".repeat(12) + "\nexit status 1");
        assertThat(m.text().lines())
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
        assertThat(m.text())
                .contains("since Mon 23 Nov 2026 02:35 CET")
                .contains("Mon 23 Nov 2026 02:35 CET  fail")
                .doesNotContain("2026-11-23T01:35:00Z");
    }
}
