package vigil.watchdog.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.testing.DaemonFixture;
import vigil.testing.Mails;
import vigil.watchdog.http.Json;

/**
 * A deactivation pushed into the directory store is an event: the running daemon tells the owners
 * of what breaks (and the fallback) at once, once per deactivation — not again for the same state
 * written twice — and tells them again when the person is active again; the person's page shows
 * it, and the audit judges the routes to them as dead.
 */
class DeactivationTest {
    static final String INVENTORY = """
            people:
              - { email: dana@example.com, name: Dana Okafor }
              - { email: lee@example.com }
              - { email: sam@example.com }
            aliases:
              - { email: reporting@example.com, members: [lee@example.com, sam@example.com] }
            credentials:
              - { id: svc-crm, kind: service-account, system: CRM, owner: dana@example.com }
            workflows:
              - { id: crm-export, owner: reporting@example.com, every: 1d, credentials: [svc-crm],
                  notify: [dana@example.com] }
              - { id: backup, owner: reporting@example.com, every: 1d, notify: [reporting@example.com] }
            """;

    @TempDir
    Path dir;

    DaemonFixture daemon;

    @BeforeEach
    void start() throws Exception {
        daemon = DaemonFixture.in(dir, INVENTORY)
                .appendConfig("summary: { cron: \"0 9 * * MON\", fallback: it@example.com }\n")
                .start();
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    DirectoryStore store() {
        return daemon.stages().directory();
    }

    void put(boolean active) {
        store().write(w -> {
            w.putPerson(
                    new DirectoryStore.PersonEntry("scim", "u-dana", "Dana@Example.com", "Dana Okafor", null, active));
            return null;
        });
    }

    /** The mails written so far, after delivering what the outbox holds. */
    List<MimeMessage> mails() throws Exception {
        daemon.stages().cycle().dispatch();
        List<MimeMessage> out = new ArrayList<>();
        for (Path p : Mails.files(daemon.stateDir().resolve("mail"))) {
            out.add(Mails.read(p));
        }
        return out;
    }

    List<MimeMessage> awaitMails(int count) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        List<MimeMessage> mails = mails();
        while (mails.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
            mails = mails();
        }
        assertThat(mails).hasSize(count);
        return mails;
    }

    static List<String> to(MimeMessage m) throws Exception {
        List<String> to = new ArrayList<>();
        for (var a : m.getAllRecipients()) {
            to.add(a.toString());
        }
        return to;
    }

    @Test
    void a_deactivation_tells_the_owners_once_and_a_reactivation_tells_them_again() throws Exception {
        put(true);
        assertThat(store().history("dana@example.com"))
                .as("known and active: no change")
                .isEmpty();

        put(false);

        List<MimeMessage> told = awaitMails(2);
        assertThat(told)
                .extracting(MimeMessage::getSubject)
                .containsOnly("[vigil] dana@example.com was deactivated: 1 workflow(s) break");
        List<String> recipients = new ArrayList<>();
        for (MimeMessage m : told) {
            recipients.addAll(to(m));
        }
        assertThat(recipients)
                .as("one mail to each owner of what breaks and to the fallback; never to the leaver")
                .containsExactlyInAnyOrder("reporting@example.com", "it@example.com");
        String text = Mails.plainText(told.get(0));
        assertThat(text)
                .contains("dana@example.com was deactivated in the scim directory.")
                .contains("svc-crm (used by 1 workflow(s))")
                .contains("crm-export: dana@example.com goes dark");

        put(false);
        Thread.sleep(500);
        assertThat(mails())
                .as("the same state written again is no new deactivation")
                .hasSize(2);
        assertThat(store().history("dana@example.com")).hasSize(1);

        put(true);
        assertThat(awaitMails(4))
                .extracting(MimeMessage::getSubject)
                .filteredOn(subject -> subject.equals("[vigil] dana@example.com is active again"))
                .hasSize(2);

        JsonNode page = Json.MAPPER.readTree(daemon.get("/api/v1/people/dana@example.com", DaemonFixture.READ_TOKEN)
                .body());
        assertThat(page.path("active").asBoolean()).isTrue();
        assertThat(page.path("source").asText()).isEqualTo("scim");
        assertThat(page.path("history")).hasSize(2);
        assertThat(page.path("history").get(0).path("active").asBoolean()).isFalse();
        assertThat(page.path("owns").path("credentials").toString()).isEqualTo("[\"svc-crm\"]");
        assertThat(page.path("routes").toString()).isEqualTo("[\"crm-export\"]");
    }

    @Test
    void while_deactivated_the_audit_judges_routes_to_them_dead_and_an_unknown_person_is_404() throws Exception {
        put(false);

        String audit = daemon.get("/api/v1/audit", DaemonFixture.READ_TOKEN).body();
        assertThat(audit).contains("\"rule\":\"route-dead\"").contains("\"rule\":\"credential-owner-inactive\"");

        var unknown = daemon.get("/api/v1/people/dena@example.com", DaemonFixture.READ_TOKEN);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("unknown person 'dena@example.com'").contains("dana@example.com");
    }
}
