package vigil.watchdog.summary;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.testing.DaemonFixture;
import vigil.testing.Mails;
import vigil.testing.MutableClock;

/**
 * Weekly summaries from the running daemon to a real SMTP server: sent by hand, sent by the
 * scheduled job when the daemon comes back after being down at send time, and never twice.
 */
class SummaryDeliveryTest {
    static final String INVENTORY = """
            people: [{ email: alice@example.com }, { email: bob@example.com }, { email: carol@example.com }]
            aliases:
              - { email: team@example.com, members: [alice@example.com, bob@example.com] }
              - { email: solo@example.com, members: [carol@example.com] }
            workflows:
              - { id: nightly, owner: team@example.com, schedule: "30 2 * * *", notify: [team@example.com] }
              - { id: weekly, owner: solo@example.com, schedule: "0 8 * * MON", notify: [solo@example.com] }
            """;

    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2026-11-22T12:00:00Z"); // a Sunday; summary.cron is 0 9 * * MON
    GreenMail mail;
    int port;
    DaemonFixture daemon;

    @BeforeEach
    void smtp() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
        mail.stop();
    }

    DaemonFixture start() throws Exception {
        if (daemon == null) {
            daemon = DaemonFixture.in(dir, INVENTORY).smtp(port).clock(clock);
        }
        return daemon.start();
    }

    List<String> received() {
        return Mails.received(mail);
    }

    List<String> summaries() {
        return Mails.summaries(mail);
    }

    /** Waits (up to 10 s) until the job that just ran has armed the summary for {@code at}. */
    void awaitArmed(Instant at) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!daemon.summaryArmedFor().equals(java.util.Optional.of(at)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    void awaitSummaries(int count) throws InterruptedException {
        Mails.await(mail, r -> r.contains("Week ending"), count);
    }

    @Test
    void sent_by_hand_the_durable_alias_gets_its_own_and_the_fragile_one_goes_to_the_fallback() throws Exception {
        start();
        HttpResponse<String> sent =
                daemon.post("/api/v1/summary/send?week_ending=2026-11-22", DaemonFixture.ADMIN_TOKEN);
        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(sent.body())
                .contains("team@example.com → team@example.com")
                .contains("solo@example.com → it@example.com (fallback: solo@example.com reaches only 1 active person");
        awaitSummaries(2);
        assertThat(received())
                .containsExactly(
                        "it@example.com [vigil] Week ending Sun 22 Nov: The workflow was not due this week; 1 reports errors"
                                + " to an alias with too few people.",
                        "team@example.com [vigil] Week ending Sun 22 Nov: The workflow was not due this week.");
        MimeMessage fallback = Arrays.stream(mail.getReceivedMessages())
                .filter(m -> received().get(0).startsWith("it@"))
                .findFirst()
                .orElseThrow();
        MimeMultipart parts = (MimeMultipart) fallback.getContent();
        assertThat(parts.getContentType()).startsWith("multipart/alternative");
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
    }

    @Test
    void the_api_renders_one_team_as_html_or_text_and_refuses_what_it_cannot_answer() throws Exception {
        start();
        HttpResponse<String> html = daemon.get(
                "/api/v1/summary?team=team@example.com&week_ending=2026-11-22&format=html", DaemonFixture.READ_TOKEN);
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(html.body()).startsWith("<!DOCTYPE html>").contains("VIGIL WEEKLY SUMMARY · team@example.com");
        HttpResponse<String> text = daemon.get(
                "/api/v1/summary?team=team@example.com&week_ending=2026-11-22&format=text", DaemonFixture.READ_TOKEN);
        assertThat(text.body())
                .startsWith("Vigil weekly summary for team@example.com\nWeek Mon 16 Nov – Sun 22 Nov 2026");

        assertThat(daemon.get("/api/v1/summary?team=teem@example.com", DaemonFixture.READ_TOKEN)
                        .body())
                .contains(
                        "'teem@example.com' owns no workflow, so it has no summary (did you mean 'team@example.com'?)");
        assertThat(daemon.get("/api/v1/summary?week_ending=22.11.2026", DaemonFixture.READ_TOKEN)
                        .statusCode())
                .isEqualTo(400);
        assertThat(daemon.get("/api/v1/summary?format=html", DaemonFixture.READ_TOKEN)
                        .body())
                .contains("add team=EMAIL");
        assertThat(daemon.post("/api/v1/summary/send", DaemonFixture.READ_TOKEN).statusCode())
                .as("sending needs the admin scope")
                .isEqualTo(403);
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void a_reload_with_another_summary_cron_rearms_the_job() throws Exception {
        start();
        assertThat(daemon.summaryArmedFor()).hasValue(Instant.parse("2026-11-23T09:00:00Z"));
        daemon.editConfig(
                "summary: { fallback: it@example.com }",
                "summary: { cron: \"0 7 * * TUE\", fallback: it@example.com }\ntimezone: Europe/Berlin");
        assertThat(daemon.daemon().reload().reloaded()).isTrue();
        assertThat(daemon.summaryArmedFor())
                .as("Tuesday 07:00 in Berlin")
                .hasValue(Instant.parse("2026-11-24T06:00:00Z"));
    }

    @Test
    void down_at_send_time_it_sends_once_when_it_comes_back_and_never_again() throws Exception {
        start();
        assertThat(daemon.stages().summaries().sendDue().queued())
                .as("a new installation does not send the weeks before it existed")
                .isFalse();
        assertThat(daemon.summaryArmedFor()).hasValue(Instant.parse("2026-11-23T09:00:00Z"));
        daemon.stop();

        clock.set("2026-11-23T11:00:00Z"); // Monday, two hours after summary.cron: the daemon was down at 09:00
        start();
        awaitSummaries(2);
        assertThat(summaries()).hasSize(2).allMatch(r -> r.contains("Week ending Sun 22 Nov"));
        awaitArmed(Instant.parse("2026-11-30T09:00:00Z"));
        assertThat(daemon.summaryArmedFor())
                .as("the job armed next Monday in the job store")
                .hasValue(Instant.parse("2026-11-30T09:00:00Z"));
        daemon.stop();

        clock.set("2026-11-23T12:00:00Z");
        start();
        assertThat(daemon.stages().summaries().sendDue().queued()).isFalse();
        daemon.stages().dispatcher().dispatch();
        assertThat(summaries()).as("restarting sends nothing again").hasSize(2);
    }

    @Test
    void the_daemons_clock_not_quartzs_decides_when_the_summary_fires() throws Exception {
        clock.set("2054-11-22T12:00:00Z"); // a Sunday again, decades ahead of the time Quartz keeps
        start();
        assertThat(daemon.summaryArmedFor()).hasValue(Instant.parse("2054-11-23T09:00:00Z"));
        daemon.stop();

        clock.set("2054-11-23T11:00:00Z");
        start();
        awaitSummaries(2);
        assertThat(summaries()).hasSize(2).allMatch(r -> r.contains("Week ending Sun 22 Nov"));
    }

    @Test
    void a_slot_fired_a_moment_before_the_clock_reaches_it_still_sends_its_week() throws Exception {
        start();
        daemon.stop();

        // Quartz fires up to 2 ms early; this clock stands still 2 ms before Monday 09:00
        clock.set("2026-11-23T08:59:59.998Z");
        start();
        awaitSummaries(2);
        assertThat(summaries()).hasSize(2).allMatch(r -> r.contains("Week ending Sun 22 Nov"));
        awaitArmed(Instant.parse("2026-11-30T09:00:00Z"));
        assertThat(daemon.summaryArmedFor()).hasValue(Instant.parse("2026-11-30T09:00:00Z"));
    }
}
