package vigil.watchdog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.testing.DaemonFixture;
import vigil.testing.Incident;
import vigil.watchdog.http.Json;

/** The command line as a user meets it: exit codes, messages, and the text and JSON outputs. */
class CliTest {
    record Result(int exit, String out, String err) {}

    static Result vigil(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void validate_accepts_the_example_configuration() {
        Result r = vigil("validate", "--config", "config/vigil.yaml");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("valid: config/vigil.yaml and config/inventory (");
    }

    @Test
    void validate_prints_every_problem_of_config_and_inventory_and_exits_1(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("vigil.yaml"), "state_dir: .\nevaluate_evry: 30s\ninventory: inv.yaml\n");
        Files.writeString(dir.resolve("inv.yaml"), "workflows:\n  - { id: a, owner: nobody@example.com, every: 1h }\n");
        Result r = vigil("validate", "--config", dir.resolve("vigil.yaml").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err())
                .contains("vigil.yaml:2:1: evaluate_evry: unknown key (did you mean 'evaluate_every'?)")
                .contains("inv.yaml:2:21: workflows[0].owner: unknown person or alias 'nobody@example.com'")
                .endsWith("2 problems found\n")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void validate_reports_a_missing_configuration_file(@TempDir Path dir) {
        Result r = vigil("validate", "--config", dir.resolve("absent.yaml").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("absent.yaml:1:1: configuration file not found");
    }

    @Test
    void a_usage_mistake_exits_2_and_every_command_has_help() {
        assertThat(vigil("impact").exit()).isEqualTo(2);
        assertThat(vigil("frobnicate").exit()).isEqualTo(2);
        for (String command :
                new String[] {"serve", "validate", "schedule", "status", "impact", "audit", "summary", "reload"}) {
            Result help = vigil(command, "--help");
            assertThat(help.exit()).isZero();
            assertThat(help.out()).contains("Usage: vigil " + command).contains("--config");
        }
    }

    @Test
    void commands_that_need_the_daemon_say_so_when_none_runs(@TempDir Path dir) throws Exception {
        DaemonFixture notStarted = DaemonFixture.in(dir, Incident.INVENTORY);
        Files.createDirectories(notStarted.stateDir());
        Files.writeString(notStarted.stateDir().resolve("cli-token"), "stale\n");
        Result r = vigil("audit", "--config", notStarted.configFile().toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err())
                .startsWith("vigil: no daemon answers at http://127.0.0.1:")
                .contains("vigil serve");
    }

    @Test
    void schedule_prints_the_next_instants_offline() {
        Result r = vigil(
                "schedule",
                "30 2 * * *",
                "--timezone",
                "Europe/Berlin",
                "--after",
                "2026-03-28T02:00:00Z",
                "--count",
                "2");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("2026-03-29T01:00:00Z\n2026-03-30T00:30:00Z\n");
        assertThat(vigil("schedule", "every 90m", "--after", "2026-01-01T00:00:00Z", "--count", "1")
                        .out())
                .isEqualTo("2026-01-01T01:30:00Z\n");
    }

    @Test
    void schedule_with_a_bad_expression_or_zone_is_a_usage_error() {
        Result cron = vigil("schedule", "61 * * * *");
        assertThat(cron.exit()).isEqualTo(2);
        assertThat(cron.err())
                .isEqualTo("vigil: invalid cron expression '61 * * * *': minute value 61 is out of range 0-59\n");
        assertThat(vigil("schedule", "@daily", "--timezone", "Mars/Olympus").exit())
                .isEqualTo(2);
        assertThat(vigil("schedule", "@daily", "--after", "yesterday").exit()).isEqualTo(2);
    }

    @Nested
    class WithARunningDaemon {
        @TempDir
        Path dir;

        Result run(String... args) throws Exception {
            try (DaemonFixture daemon =
                    DaemonFixture.in(dir, Incident.INVENTORY).start()) {
                String[] withConfig = new String[args.length + 2];
                System.arraycopy(args, 0, withConfig, 0, args.length);
                withConfig[args.length] = "--config";
                withConfig[args.length + 1] = daemon.configFile().toString();
                return vigil(withConfig);
            }
        }

        @Test
        void impact_of_the_leaver_is_blocked_with_exit_3_and_a_readable_table() throws Exception {
            Result r = run("impact", "dana@example.com");
            assertThat(r.exit()).as(r.err()).isEqualTo(3);
            assertThat(r.out())
                    .startsWith("Deactivating dana@example.com: BLOCKED")
                    .contains("Credentials that lose their owner (1)")
                    .containsPattern("svc-reporting +owned by a leaver; used by 2 workflows: crm-export, crm-sync")
                    .containsPattern("crm-export +dana@example.com goes dark")
                    .containsPattern("finance@example.com +0 active members left")
                    .containsPattern("svc-reporting +lee@example.com, sam@example.com")
                    .endsWith("Verdict: blocked\n");
        }

        @Test
        void impact_of_someone_nothing_depends_on_is_clear_with_exit_0() throws Exception {
            Result r = run("impact", "lee@example.com");
            assertThat(r.exit()).isZero();
            assertThat(r.out()).startsWith("Deactivating lee@example.com: clear");
        }

        @Test
        void impact_in_json_is_the_api_answer() throws Exception {
            Result r = run("impact", "dana@example.com", "sam@example.com", "--format", "json");
            assertThat(r.exit()).isEqualTo(3);
            JsonNode report = Json.MAPPER.readTree(r.out());
            assertThat(report.path("people").toString()).isEqualTo("[\"dana@example.com\",\"sam@example.com\"]");
            assertThat(report.path("verdict").asText()).isEqualTo("blocked");
        }

        @Test
        void impact_of_an_unknown_person_fails_closed_with_exit_1() throws Exception {
            Result r = run("impact", "nobody@example.com");
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).isEqualTo("vigil: unknown person 'nobody@example.com'\n");
        }

        @Test
        void audit_lists_findings_by_rule_and_exits_3_on_errors() throws Exception {
            Result r = run("audit");
            assertThat(r.exit()).isEqualTo(3);
            assertThat(r.out())
                    .contains("route-individual (error)")
                    .containsPattern("crm-export +errors go to one person's mailbox: dana@example.com")
                    .contains("route-fragile-alias (error)")
                    .containsPattern("\\d+ findings: \\d+ errors, \\d+ warnings?\n$");
        }

        @Test
        void audit_in_json_has_the_findings_array() throws Exception {
            Result r = run("audit", "--format", "json");
            assertThat(Json.MAPPER.readTree(r.out()).path("findings").isArray()).isTrue();
        }

        @Test
        void status_lists_every_workflow_with_its_state() throws Exception {
            Result r = run("status", "--at", "2026-11-27T10:00:00Z");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out())
                    .startsWith("As of 2026-11-27T10:00:00Z\n")
                    .containsPattern("crm-export +new +- +2026-11-28T06:00:00Z +2026-11-28T07:00:00Z")
                    .endsWith("4 workflows, 4 new\n");
            assertThat(run("status", "--at", "yesterday").exit()).isEqualTo(2);
        }

        @Test
        void summary_out_renders_each_owner_into_html_and_text_files() throws Exception {
            Path out = dir.resolve("summaries");
            Result r = run("summary", "--out", out.toString(), "--week-ending", "2026-11-22");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("to " + out);
            try (var files = Files.list(out)) {
                List<String> names =
                        files.map(p -> p.getFileName().toString()).sorted().toList();
                assertThat(names).contains("team@example.com.html", "team@example.com.txt");
                assertThat(names).allMatch(n -> n.endsWith(".html") || n.endsWith(".txt"));
            }
            assertThat(Files.readString(out.resolve("team@example.com.txt")))
                    .startsWith("Vigil weekly summary for team@example.com\nWeek Mon 16 Nov – Sun 22 Nov 2026");
        }

        @Test
        void summary_needs_exactly_one_of_out_and_send_and_a_real_date() throws Exception {
            assertThat(run("summary").exit()).isEqualTo(2);
            assertThat(run("summary", "--out", "x", "--send").exit()).isEqualTo(2);
            assertThat(run("summary", "--send", "--week-ending", "last sunday").exit())
                    .isEqualTo(2);
            Result unknown = run("summary", "--send", "--team", "nobody@example.com");
            assertThat(unknown.exit()).isEqualTo(1);
            assertThat(unknown.err()).contains("'nobody@example.com' owns no workflow");
        }

        @Test
        void reload_reports_success() throws Exception {
            Result r = run("reload");
            assertThat(r.exit()).isZero();
            assertThat(r.out()).startsWith("reloaded: Inventory[3 people");
        }
    }
}
