package vigil.watchdog.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.testing.DaemonFixture;
import vigil.testing.MutableClock;
import vigil.watchdog.http.Json;

/** The evaluator in a running daemon, with time moved by hand. */
class EvaluatorTest {
    static final String INVENTORY = """
            people: [{ email: alice@example.com }, { email: bob@example.com }]
            aliases: [{ email: team@example.com, members: [alice@example.com, bob@example.com] }]
            workflows:
              - { id: hourly, owner: team@example.com, every: 1h, grace: 10m, notify: [team@example.com] }
              - { id: nightly, owner: team@example.com, schedule: "0 2 * * *", grace: 1h, notify: [team@example.com] }
            """;

    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");
    DaemonFixture daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    DaemonFixture start() throws Exception {
        daemon = DaemonFixture.in(dir, INVENTORY).clock(clock).start();
        return daemon;
    }

    String state(String workflow) {
        return daemon.stages().states().row(workflow).orElseThrow().state().label();
    }

    List<String> changes(String workflow) {
        return daemon.stages().states().changes(workflow).stream()
                .map(c -> c.from() + "->" + c.to() + (c.reason() == null ? "" : "(" + c.reason() + ")"))
                .toList();
    }

    void at(String instant) {
        clock.set(instant);
        daemon.stages().cycle().run();
    }

    @Test
    void a_workflow_that_never_reports_goes_missed_after_its_first_slot_and_grace() throws Exception {
        start();
        at("2026-11-23T13:09:00Z");
        assertThat(state("hourly")).isEqualTo("new");
        at("2026-11-23T13:10:00Z");
        assertThat(state("hourly")).isEqualTo("missed");
        at("2026-11-23T14:00:00Z");
        assertThat(changes("hourly")).containsExactly("new->missed");
    }

    @Test
    void each_change_is_recorded_once_through_up_late_missed_failed_and_back() throws Exception {
        start();
        clock.set("2026-11-23T12:05:00Z");
        daemon.ping("/ping/" + DaemonFixture.PING_KEY + "/hourly", null);
        at("2026-11-23T12:05:01Z");
        assertThat(state("hourly")).isEqualTo("up");
        at("2026-11-23T13:06:00Z");
        assertThat(state("hourly")).isEqualTo("late");
        at("2026-11-23T13:15:00Z");
        assertThat(state("hourly")).isEqualTo("missed");
        daemon.ping("/ping/" + DaemonFixture.PING_KEY + "/hourly/2", "exit 2");
        at("2026-11-23T13:16:00Z");
        assertThat(state("hourly")).isEqualTo("failed");
        daemon.ping("/ping/" + DaemonFixture.PING_KEY + "/hourly", null);
        at("2026-11-23T13:17:00Z");
        at("2026-11-23T13:18:00Z");
        assertThat(changes("hourly"))
                .containsExactly("new->up", "up->late", "late->missed", "missed->failed(exit status 2)", "failed->up");
    }

    @Test
    void a_start_without_completion_within_grace_fails_with_timeout() throws Exception {
        start();
        daemon.ping("/ping/" + DaemonFixture.PING_KEY + "/hourly/start", null);
        at("2026-11-23T12:09:00Z");
        assertThat(state("hourly")).isEqualTo("running");
        at("2026-11-23T12:10:00Z");
        assertThat(changes("hourly")).containsExactly("new->running", "running->failed(timeout)");
    }

    @Test
    void a_completion_that_closes_a_start_is_seen_by_the_next_cycle() throws Exception {
        start();
        daemon.ping("/ping/" + DaemonFixture.PING_KEY + "/hourly/start", null);
        at("2026-11-23T12:01:00Z");
        assertThat(state("hourly")).isEqualTo("running");
        daemon.ping("/ping/" + DaemonFixture.PING_KEY + "/hourly", null);
        at("2026-11-23T12:02:00Z");
        assertThat(changes("hourly")).containsExactly("new->running", "running->up");
    }

    void ping(String instant, String path) {
        clock.set(instant);
        daemon.ping("/ping/" + DaemonFixture.PING_KEY + "/hourly" + path, null);
    }

    @Test
    void a_failure_followed_by_a_success_before_the_next_cycle_is_still_alerted_then_resolved() throws Exception {
        start();
        ping("2026-11-23T12:00:00Z", "");
        at("2026-11-23T12:00:30Z");
        ping("2026-11-23T12:01:00Z", "/fail");
        ping("2026-11-23T12:01:02Z", "");
        at("2026-11-23T12:01:30Z");
        at("2026-11-23T12:02:00Z");
        assertThat(changes("hourly")).containsExactly("new->up", "up->failed(fail signal)", "failed->up");
        assertThat(state("hourly")).isEqualTo("up");
        List<String> alerts = org.jdbi.v3.core.Jdbi.create(
                        daemon.stages().database().dataSource())
                .withHandle(h -> h.createQuery(
                                "SELECT from_state || '->' || to_state FROM alert WHERE workflow = 'hourly' ORDER BY id")
                        .mapTo(String.class)
                        .list());
        assertThat(alerts)
                .as("a failure alert and its recovery, in that order")
                .containsExactly("up->failed", "failed->up");
    }

    @Test
    void overlapping_runs_each_time_out_at_their_own_start_plus_grace() throws Exception {
        start();
        ping("2026-11-23T12:00:00Z", "/start?rid=3f1c4a52-0d2e-4c89-9b61-2a7e8c0d5f11");
        ping("2026-11-23T12:01:00Z", "/start?rid=8b2d6e90-4f1a-4e57-a3c2-7d9e1b0c6a22");
        ping("2026-11-23T12:02:00Z", "?rid=8b2d6e90-4f1a-4e57-a3c2-7d9e1b0c6a22");
        at("2026-11-23T12:03:00Z");
        assertThat(state("hourly")).isEqualTo("up");
        at("2026-11-23T12:09:59Z");
        assertThat(state("hourly")).isEqualTo("up");
        at("2026-11-23T12:10:00Z");
        assertThat(changes("hourly")).endsWith("up->failed(timeout)").doesNotHaveDuplicates();
    }

    @Test
    void a_timeout_covered_by_a_later_success_before_the_next_cycle_is_still_recorded() throws Exception {
        start();
        ping("2026-11-23T12:00:00Z", "/start?rid=3f1c4a52-0d2e-4c89-9b61-2a7e8c0d5f11");
        at("2026-11-23T12:05:00Z");
        ping("2026-11-23T12:11:00Z", "?rid=8b2d6e90-4f1a-4e57-a3c2-7d9e1b0c6a22");
        at("2026-11-23T12:12:00Z");
        assertThat(changes("hourly")).containsExactly("new->running", "running->failed(timeout)", "failed->up");
    }

    @Test
    void a_start_without_run_id_is_replaced_by_the_next_one_as_healthchecks_does() throws Exception {
        start();
        ping("2026-11-23T12:00:00Z", "/start");
        ping("2026-11-23T12:01:00Z", "/start");
        ping("2026-11-23T12:02:00Z", "");
        at("2026-11-23T12:03:00Z");
        at("2026-11-23T12:30:00Z");
        assertThat(state("hourly")).isEqualTo("up");
        assertThat(changes("hourly")).noneMatch(c -> c.contains("failed"));
    }

    @Test
    void status_can_be_asked_of_any_instant_past_or_future() throws Exception {
        start();
        clock.set("2026-11-23T12:30:00Z");
        daemon.ping("/ping/" + DaemonFixture.PING_KEY + "/hourly", null);

        JsonNode past = status("2026-11-23T12:20:00Z");
        JsonNode now = status("2026-11-23T12:40:00Z");
        JsonNode later = status("2026-11-23T13:35:00Z");
        JsonNode future = status("2026-11-23T13:45:00Z");

        assertThat(past.path("state").asText()).isEqualTo("new");
        assertThat(now.path("state").asText()).isEqualTo("up");
        assertThat(now.path("last_success").asText()).isEqualTo("2026-11-23T12:30:00Z");
        assertThat(now.path("next_due").asText()).isEqualTo("2026-11-23T13:30:00Z");
        assertThat(now.path("deadline").asText()).isEqualTo("2026-11-23T13:40:00Z");
        assertThat(later.path("state").asText()).isEqualTo("late");
        assertThat(future.path("state").asText()).isEqualTo("missed");
        assertThat(now.fieldNames())
                .toIterable()
                .containsExactly(
                        "id",
                        "name",
                        "owner",
                        "state",
                        "reason",
                        "last_run",
                        "last_success",
                        "next_due",
                        "deadline",
                        "anomalies");
    }

    @Test
    void a_run_since_completed_reads_as_running_at_an_instant_inside_it() throws Exception {
        start();
        clock.set("2026-11-23T12:30:00Z");
        daemon.ping("/ping/" + DaemonFixture.PING_KEY + "/hourly/start", null);
        clock.set("2026-11-23T12:35:00Z");
        daemon.ping("/ping/" + DaemonFixture.PING_KEY + "/hourly", null);

        assertThat(status("2026-11-23T12:32:00Z").path("state").asText()).isEqualTo("running");
        assertThat(status("2026-11-23T12:40:00Z").path("state").asText()).isEqualTo("up");
    }

    private JsonNode status(String at) throws Exception {
        JsonNode body = Json.MAPPER.readTree(
                daemon.get("/api/v1/status?at=" + at, DaemonFixture.READ_TOKEN).body());
        assertThat(body.path("at").asText()).isEqualTo(at);
        for (JsonNode w : body.path("workflows")) {
            if (w.path("id").asText().equals("hourly")) {
                return w;
            }
        }
        throw new AssertionError("hourly missing from " + body);
    }

    @Test
    void a_restart_after_downtime_evaluates_what_was_missed() throws Exception {
        start();
        daemon.ping("/ping/" + DaemonFixture.PING_KEY + "/nightly", null);
        at("2026-11-23T12:01:00Z");
        assertThat(state("nightly")).isEqualTo("up");
        daemon.stop();

        clock.set("2026-11-25T09:00:00Z");
        daemon.start();
        daemon.stages().cycle().run();

        assertThat(state("nightly")).isEqualTo("missed");
        assertThat(changes("nightly")).containsExactly("new->up", "up->missed");
    }

    @Test
    void a_workflow_removed_from_the_inventory_keeps_its_runs_but_is_no_longer_evaluated() throws Exception {
        start();
        daemon.ping("/ping/" + DaemonFixture.PING_KEY + "/nightly", "last run");
        at("2026-11-23T12:01:00Z");
        Files.writeString(daemon.inventoryFile(), INVENTORY.replaceAll("(?m)^.*id: nightly.*$", ""));
        assertThat(daemon.post("/api/v1/reload", DaemonFixture.ADMIN_TOKEN).statusCode())
                .isEqualTo(200);

        at("2026-11-30T12:00:00Z");

        assertThat(changes("nightly")).containsExactly("new->up");
        JsonNode runs = Json.MAPPER.readTree(daemon.get("/api/v1/workflows/nightly/runs", DaemonFixture.READ_TOKEN)
                .body());
        assertThat(runs.path("total").asInt()).isEqualTo(1);
        assertThat(runs.path("runs").get(0).path("body").asText()).isEqualTo("last run");
    }

    @Test
    void metrics_count_pings_and_workflows_by_state() throws Exception {
        start();
        daemon.ping("/ping/" + DaemonFixture.PING_KEY + "/hourly/start", null);
        daemon.ping("/ping/" + DaemonFixture.PING_KEY + "/hourly", null);
        at("2026-11-23T12:00:01Z");
        String metrics = daemon.get("/metrics", null).body();
        assertThat(metrics)
                .contains("vigil_pings_received_total{kind=\"start\"} 1.0")
                .contains("vigil_pings_received_total{kind=\"success\"} 1.0")
                .contains("vigil_workflows{state=\"up\"} 1.0")
                .contains("vigil_workflows{state=\"new\"} 1.0")
                .contains("vigil_evaluation_duration_seconds_count");
    }

    @Test
    void a_series_per_workflow_appears_only_when_switched_on_and_follows_a_reload() throws Exception {
        start();
        daemon.ping("/ping/" + DaemonFixture.PING_KEY + "/hourly/fail", null);
        at("2026-11-23T12:00:01Z");
        assertThat(daemon.get("/metrics", null).body())
                .as("off by default: a large inventory would be as many series")
                .doesNotContain("vigil_workflow_up");

        daemon.appendConfig("metrics: { per_workflow: true }\n");
        assertThat(daemon.post("/api/v1/reload", DaemonFixture.ADMIN_TOKEN).statusCode())
                .isEqualTo(200);
        at("2026-11-23T12:00:31Z");
        assertThat(daemon.get("/metrics", null).body())
                .contains("# TYPE vigil_workflow_up gauge")
                .contains("vigil_workflow_up{workflow=\"hourly\",state=\"failed\"} 0\n")
                .contains("vigil_workflow_up{workflow=\"nightly\",state=\"new\"} 1\n");
    }

    @Test
    void health_reports_database_and_scheduler() throws Exception {
        start();
        JsonNode health = Json.MAPPER.readTree(daemon.get("/health", null).body());
        assertThat(health.path("database").asText()).isEqualTo("up");
        assertThat(health.path("scheduler").asText()).isEqualTo("up");
    }

    @Test
    void health_is_503_when_the_scheduler_has_stopped() throws Exception {
        start();
        org.quartz.impl.SchedulerRepository.getInstance().lookup("vigil").shutdown();
        var response = daemon.get("/health", null);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(Json.MAPPER.readTree(response.body()).path("scheduler").asText())
                .isEqualTo("down");
    }
}
