package vigil.watchdog.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.testing.DaemonFixture;
import vigil.watchdog.http.Json;

/**
 * Anomalies against a running daemon (docs/baselines.md): pings carry counts and costs, the check
 * that follows each evaluation finds what is beyond normal, and each anomaly is queued once —
 * once a day, and once across a restart — to the workflow's routes and owner, and shown in the
 * status.
 */
class AnomalyAlertTest {
    private static final String INVENTORY = """
            people: [{ email: alice@example.com }, { email: bob@example.com }]
            aliases: [{ email: team@example.com, members: [alice@example.com, bob@example.com] }]
            workflows:
              - id: newsletter-send
                owner: team@example.com
                every: 1d
                timezone: Europe/Berlin
                notify: [channel:team-chat]
                normal: { count: 850 }
              - id: llm-triage
                owner: team@example.com
                every: 1h
                budget: { daily: 100 }
            """;

    @Test
    void a_spike_is_told_once_a_day_and_once_across_a_restart(@TempDir Path dir) throws Exception {
        DaemonFixture daemon = DaemonFixture.in(dir, INVENTORY).start();
        String send = "/ping/" + DaemonFixture.PING_KEY + "/newsletter-send";
        try {
            assertThat(daemon.ping(send + "?count=840", null).statusCode()).isEqualTo(200);
            assertThat(daemon.stages().baselines().check()).as("a normal run").isZero();
            assertThat(daemon.ping(send + "?count=39950", null).statusCode()).isEqualTo(200);
            assertThat(daemon.stages().baselines().check()).as("the bulk send").isEqualTo(1);
            assertThat(daemon.ping(send + "?count=12000", null).statusCode()).isEqualTo(200);
            assertThat(daemon.stages().baselines().check())
                    .as("a second spike the same day")
                    .isZero();

            assertThat(notices(daemon))
                    .containsExactly("[vigil] newsletter-send: count 39950 is 47× normal (850)"
                            + " -> channel:team-chat, team@example.com");
            JsonNode status = Json.MAPPER.readTree(
                    daemon.get("/api/v1/status", DaemonFixture.READ_TOKEN).body());
            JsonNode anomalies = status.path("workflows").get(0).path("anomalies");
            assertThat(anomalies).hasSize(1);
            assertThat(anomalies.get(0).path("kind").asText()).isEqualTo("count");
            assertThat(anomalies.get(0).path("value").asDouble()).isEqualTo(39950);
            assertThat(anomalies.get(0).path("limit").asDouble()).isEqualTo(2550);
            assertThat(status.path("workflows").get(1).path("anomalies")).isEmpty();
            assertThat(daemon.get("/metrics", null).body())
                    .contains("vigil_anomalies_total{kind=\"count\"} 1.0")
                    .contains("vigil_anomalies_total{kind=\"budget\"} 0.0");
            JsonNode runs = Json.MAPPER
                    .readTree(daemon.get("/api/v1/workflows/newsletter-send/runs", DaemonFixture.READ_TOKEN)
                            .body())
                    .path("runs");
            assertThat(runs).hasSize(3);
            assertThat(runs.get(0).path("anomalies"))
                    .as("the second spike: the day's anomaly was told")
                    .isEmpty();
            assertThat(runs.get(1).path("count").asDouble()).isEqualTo(39950);
            assertThat(runs.get(1).path("anomalies").toString()).isEqualTo("[\"count\"]");
            assertThat(runs.get(2).path("anomalies")).isEmpty();
            java.io.StringWriter out = new java.io.StringWriter();
            int exit = vigil.watchdog.cli.Main.run(
                    new java.io.PrintWriter(out, true),
                    new java.io.PrintWriter(new java.io.StringWriter(), true),
                    new String[] {"status", "--config", daemon.configFile().toString()});
            assertThat(exit).isZero();
            assertThat(out.toString())
                    .endsWith("Anomalies in the last 24 hours (1)\n"
                            + "  newsletter-send            count 39950 is 47× normal (850)\n");
        } finally {
            daemon.stop();
        }

        daemon.start();
        try {
            assertThat(daemon.stages().baselines().check())
                    .as("after a restart")
                    .isZero();
            assertThat(notices(daemon)).hasSize(1);
        } finally {
            daemon.stop();
        }
    }

    @Test
    void a_budget_is_told_at_each_fraction_it_reaches(@TempDir Path dir) throws Exception {
        try (DaemonFixture daemon = DaemonFixture.in(dir, INVENTORY).start()) {
            String triage = "/ping/" + DaemonFixture.PING_KEY + "/llm-triage";
            List<Integer> told = new ArrayList<>();
            for (String cost : new String[] {"30", "30", "30", "0.5", "15"}) {
                assertThat(daemon.ping(triage + "?cost=" + cost, null).statusCode())
                        .isEqualTo(200);
                daemon.stages().baselines().check();
                told.add(notices(daemon).size());
            }
            assertThat(told).as("50% at 60, 80% at 90, 100% at 105.5").containsExactly(0, 1, 2, 2, 3);
            assertThat(notices(daemon))
                    .containsExactly(
                            "[vigil] llm-triage: spent 60 on 2026-11-27, 50% of its daily budget (100)"
                                    + " -> team@example.com",
                            "[vigil] llm-triage: spent 90 on 2026-11-27, 80% of its daily budget (100)"
                                    + " -> team@example.com",
                            "[vigil] llm-triage: spent 105.5 on 2026-11-27, 100% of its daily budget (100)"
                                    + " -> team@example.com");
        }
    }

    /** The anomaly notices queued, as "subject -> destinations", oldest first. */
    private static List<String> notices(DaemonFixture daemon) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = daemon.stages().database().dataSource().getConnection();
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT n.subject, d.destination FROM notice n JOIN alert_delivery d"
                                + " ON d.notice = n.id WHERE n.topic LIKE 'anomaly/%' ORDER BY n.id, d.destination")) {
            String last = null;
            while (rs.next()) {
                if (rs.getString(1).equals(last)) {
                    out.set(out.size() - 1, out.get(out.size() - 1) + ", " + rs.getString(2));
                } else {
                    out.add(rs.getString(1) + " -> " + rs.getString(2));
                }
                last = rs.getString(1);
            }
        }
        return out;
    }
}
