package vigil.watchdog.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.testing.DaemonFixture;
import vigil.testing.FakeSmtpServer;
import vigil.testing.Mails;
import vigil.testing.MutableClock;

/** From a workflow going silent to mail at a real SMTP server, through the outbox. */
class AlertDeliveryTest {
    static final String INVENTORY = """
            people: [{ email: alice@example.com }, { email: bob@example.com }]
            aliases: [{ email: team@example.com, members: [alice@example.com, bob@example.com] }]
            credentials: [{ id: svc-sync, kind: service-account, system: Salesforce, owner: team@example.com }]
            workflows:
              - { id: hourly, owner: team@example.com, every: 1h, grace: 10m, credentials: [svc-sync],
                  notify: [alice@example.com] }
            """;

    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");
    DaemonFixture daemon;
    GreenMail mail;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
        if (mail != null) {
            mail.stop();
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    GreenMail smtpOn(int port) {
        GreenMail g = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        g.start();
        return g;
    }

    void at(String instant) {
        clock.set(instant);
        daemon.stages().cycle().run();
    }

    @Test
    void a_silent_workflow_alerts_its_routes_and_owner_once_and_its_recovery_too() throws Exception {
        int port = freePort();
        mail = smtpOn(port);
        daemon = DaemonFixture.in(dir, INVENTORY).smtp(port).clock(clock).start();

        at("2026-11-23T13:10:00Z");
        at("2026-11-23T13:20:00Z");

        assertThat(Mails.received(mail))
                .containsExactly(
                        "alice@example.com [vigil] hourly missed its run",
                        "team@example.com [vigil] hourly missed its run");
        String text = ((jakarta.mail.internet.MimeMultipart) mail.getReceivedMessages()[0].getContent())
                .getBodyPart(0)
                .getContent()
                .toString();
        assertThat(text)
                .contains("hourly is MISSED since Mon 23 Nov 2026 13:10 UTC (was new)")
                .contains("went silent")
                .contains("Last success: never")
                .contains("Owner:        team@example.com")
                .contains("svc-sync (service-account, Salesforce, owned by team@example.com)");
        String html = ((jakarta.mail.internet.MimeMultipart) mail.getReceivedMessages()[0].getContent())
                .getBodyPart(1)
                .getContent()
                .toString();
        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .contains("VIGIL ALERT")
                .contains("hourly is MISSED since Mon 23 Nov 2026 13:10 UTC (was new).")
                .contains(">Owner</td><td style=\"padding:3px 0;\">team@example.com</td>")
                .doesNotContain("<style");

        daemon.ping("/ping/" + DaemonFixture.PING_KEY + "/hourly", "synced 42 accounts");
        at("2026-11-23T13:21:00Z");
        assertThat(mail.getReceivedMessages()).hasSize(4);
        assertThat(Mails.received(mail)).contains("team@example.com [vigil] hourly recovered");
        for (String to : new String[] {"alice@example.com", "team@example.com"}) {
            jakarta.mail.internet.MimeMessage missed = message(to, "missed its run");
            jakarta.mail.internet.MimeMessage recovered = message(to, "recovered");
            assertThat(recovered.getHeader("In-Reply-To"))
                    .as("the recovery to %s threads to the alert it follows", to)
                    .containsExactly(missed.getMessageID());
            assertThat(missed.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        }
    }

    private jakarta.mail.internet.MimeMessage message(String to, String subjectEnd) throws Exception {
        for (jakarta.mail.internet.MimeMessage m : mail.getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equals(to) && m.getSubject().endsWith(subjectEnd)) {
                return m;
            }
        }
        throw new AssertionError("no mail to " + to + " ending '" + subjectEnd + "'");
    }

    @Test
    void an_alert_waits_out_a_mail_server_outage_and_arrives_exactly_once() throws Exception {
        int port = freePort();
        daemon = DaemonFixture.in(dir, INVENTORY).smtp(port).clock(clock).start();

        at("2026-11-23T13:10:00Z");
        assertThat(daemon.stages().outbox().due(clock.instant().plus(Duration.ofHours(2)), 10))
                .as("both deliveries wait for a retry")
                .hasSize(2)
                .allMatch(d -> d.attempts() == 1);

        mail = smtpOn(port);
        at("2026-11-23T13:10:10Z");
        assertThat(mail.getReceivedMessages()).as("not before the backoff").isEmpty();
        at("2026-11-23T13:11:00Z");
        at("2026-11-23T13:30:00Z");
        assertThat(Mails.received(mail))
                .containsExactly(
                        "alice@example.com [vigil] hourly missed its run",
                        "team@example.com [vigil] hourly missed its run");
    }

    @Test
    void deliveries_failing_for_over_an_hour_are_an_audit_finding_and_a_metric_until_they_go_through()
            throws Exception {
        int port = freePort();
        daemon = DaemonFixture.in(dir, INVENTORY).smtp(port).clock(clock).start();
        System.gc(); // a gauge whose object was only weakly held would read NaN from here on
        assertThat(daemon.get("/metrics", null).body())
                .contains("vigil_deliveries_pending 0.0")
                .contains("vigil_stray_pings_not_kept 0.0")
                .contains("vigil_delivery_failures_total{notifier=\"email\",outcome=\"retry\"} 0.0");

        at("2026-11-23T13:10:00Z");
        String early = daemon.get("/api/v1/audit", DaemonFixture.READ_TOKEN).body();
        assertThat(early).as("one failed attempt is not yet a finding").doesNotContain("delivery-failing");
        assertThat(daemon.get("/metrics", null).body())
                .as("alice and the owner's alias, one failed attempt each")
                .contains("vigil_deliveries_pending 2.0")
                .contains("vigil_delivery_failures_total{notifier=\"email\",outcome=\"retry\"} 2.0");

        at("2026-11-23T14:20:00Z");
        String late = daemon.get("/api/v1/audit", DaemonFixture.READ_TOKEN).body();
        assertThat(late)
                .contains("\"rule\":\"delivery-failing\"")
                .contains("notification(s) to team@example.com undelivered since 2026-11-23T13:10:00Z")
                .contains("mail server 127.0.0.1:" + port + " unreachable");

        mail = smtpOn(port);
        at("2026-11-23T16:00:00Z");
        assertThat(daemon.get("/api/v1/audit", DaemonFixture.READ_TOKEN).body()).doesNotContain("delivery-failing");
        assertThat(daemon.get("/metrics", null).body()).contains("vigil_deliveries_pending 0.0");
    }

    @Test
    void a_mailbox_rejected_with_550_becomes_a_dead_route_and_later_alerts_go_to_the_owner() throws Exception {
        try (FakeSmtpServer gone = new FakeSmtpServer("550 5.1.1 mailbox unavailable")) {
            daemon = DaemonFixture.in(dir, INVENTORY)
                    .smtp(gone.port())
                    .clock(clock)
                    .start();
            at("2026-11-23T13:10:00Z");

            String audit = daemon.get("/api/v1/audit", DaemonFixture.READ_TOKEN).body();
            assertThat(audit).contains("\"rule\":\"route-dead\"").contains("rejected permanently");
            assertThat(daemon.stages().outbox().due(clock.instant().plus(Duration.ofDays(1)), 10))
                    .isEmpty();

            assertThat(Recipients.of(
                            daemon.stages()
                                    .snapshot()
                                    .inventory()
                                    .workflow("hourly")
                                    .orElseThrow(),
                            daemon.stages().snapshot().inventory(),
                            daemon.stages().outbox().rejectedAddresses(),
                            "it@example.com"))
                    .doesNotContain("alice@example.com");
        }
    }

    @Test
    void workflows_sharing_a_credential_that_fail_together_make_one_alert_naming_it() throws Exception {
        int port = freePort();
        mail = smtpOn(port);
        daemon = DaemonFixture.in(dir, """
                        people: [{ email: alice@example.com }, { email: bob@example.com }, { email: dana@example.com }]
                        aliases: [{ email: team@example.com, members: [alice@example.com, bob@example.com] }]
                        credentials: [{ id: svc-reporting, kind: service-account, system: Salesforce, owner: dana@example.com }]
                        workflows:
                          - { id: crm-export, owner: team@example.com, every: 1h, credentials: [svc-reporting], notify: [dana@example.com] }
                          - { id: crm-sync, owner: team@example.com, every: 1h, credentials: [svc-reporting], notify: [dana@example.com] }
                          - { id: dashboards, owner: team@example.com, every: 1h, credentials: [svc-reporting], notify: [dana@example.com] }
                          - { id: unrelated, owner: team@example.com, every: 1h, notify: [dana@example.com] }
                        """).smtp(port).clock(clock).start();

        at("2026-11-23T14:00:00Z");

        assertThat(Mails.received(mail))
                .containsExactly(
                        "dana@example.com [vigil] 3 workflows using svc-reporting are failing or silent",
                        "dana@example.com [vigil] unrelated missed its run",
                        "team@example.com [vigil] 3 workflows using svc-reporting are failing or silent",
                        "team@example.com [vigil] unrelated missed its run");
        String text = Arrays.stream(mail.getReceivedMessages())
                .filter(m -> {
                    try {
                        return m.getSubject().startsWith("[vigil] 3");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .findFirst()
                .map(m -> {
                    try {
                        return ((jakarta.mail.internet.MimeMultipart) m.getContent())
                                .getBodyPart(0)
                                .getContent()
                                .toString();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .orElseThrow();
        assertThat(text)
                .contains("The credential is the likely cause")
                .contains("Owned by:     dana@example.com")
                .contains("crm-export")
                .contains("crm-sync")
                .contains("dashboards");
    }

    @Test
    void workflows_failing_with_their_credential_refused_say_the_credential_itself_was_revoked() throws Exception {
        int port = freePort();
        mail = smtpOn(port);
        daemon = DaemonFixture.in(dir, """
                        people: [{ email: alice@example.com }, { email: bob@example.com }, { email: dana@example.com, active: false }]
                        aliases: [{ email: team@example.com, members: [alice@example.com, bob@example.com] }]
                        credentials: [{ id: svc-reporting, kind: service-account, system: Salesforce, owner: dana@example.com }]
                        workflows:
                          - { id: crm-export, owner: team@example.com, every: 1h, credentials: [svc-reporting], notify: [team@example.com] }
                          - { id: crm-sync, owner: team@example.com, every: 1h, credentials: [svc-reporting], notify: [team@example.com] }
                        """).smtp(port).clock(clock).start();
        // the scheduler evaluates once at start: let that pass first, or it may take one failure
        // before the other arrives and alert it alone
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!daemon.get("/metrics", null).body().matches("(?s).*vigil_evaluation_duration_seconds_count [1-9].*")
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        for (String id : new String[] {"crm-export", "crm-sync"}) {
            daemon.ping(
                    "/ping/" + DaemonFixture.PING_KEY + "/" + id + "/1",
                    "fetching accounts\n[{\"errorCode\":\"INVALID_SESSION_ID\",\"message\":\"Session expired or invalid\"}]");
        }

        at("2026-11-23T12:00:30Z");

        assertThat(daemon.stages().states().row("crm-export").orElseThrow().reason())
                .isEqualTo("auth");
        assertThat(Mails.received(mail))
                .containsExactly("team@example.com [vigil] 2 workflows using svc-reporting are failing or silent");
        String text = Mails.plainText(mail.getReceivedMessages()[0]);
        assertThat(text)
                .contains("The platform refused the credential itself: it was most likely revoked, deleted or expired."
                        + " Its owner, dana@example.com, is no longer active.");
    }

    static String[] cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int exit = vigil.watchdog.cli.Main.run(
                new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true), args);
        return new String[] {Integer.toString(exit), out.toString(), err.toString()};
    }

    @Test
    void notify_test_sends_through_the_real_path_and_reports_a_rejection() throws Exception {
        int port = freePort();
        mail = smtpOn(port);
        daemon = DaemonFixture.in(dir, INVENTORY).smtp(port).clock(clock).start();
        String config = daemon.configFile().toString();

        String[] ok = cli("notify-test", "bob@example.com", "--config", config);
        assertThat(ok[0]).as(ok[2]).isEqualTo("0");
        assertThat(ok[1]).isEqualTo("delivered a test message to bob@example.com\n");
        assertThat(Mails.received(mail)).containsExactly("bob@example.com [vigil] test message");

        String[] unknown = cli("notify-test", "channel:nope", "--config", config);
        assertThat(unknown[0]).isEqualTo("1");
        assertThat(unknown[2]).contains("no such destination 'channel:nope'");
        daemon.close();
        daemon = null;

        try (FakeSmtpServer gone = new FakeSmtpServer("550 5.1.1 mailbox unavailable")) {
            daemon = DaemonFixture.in(dir.resolve("second"), INVENTORY)
                    .smtp(gone.port())
                    .clock(clock)
                    .start();
            String[] rejected = cli(
                    "notify-test",
                    "dana@example.com",
                    "--config",
                    daemon.configFile().toString());
            assertThat(rejected[0]).isEqualTo("1");
            assertThat(rejected[2])
                    .contains("not delivered to dana@example.com")
                    .contains("550")
                    .contains("permanent");
        }
    }
}
