package vigil.watchdog.summary;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.testing.DaemonFixture;
import vigil.testing.DaemonProcess;
import vigil.testing.Mails;
import vigil.testing.TestDatabase;

/**
 * Two daemons (separate processes) on one PostgreSQL database both find the week due when they
 * start; the week is claimed by one of them and each summary arrives once.
 */
class SummaryTwoDaemonsTest {
    @TempDir
    Path dir;

    @Test
    void two_daemons_on_one_database_send_the_week_once() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        try (TestDatabase db = TestDatabase.open("postgresql", dir.resolve("db"))) {
            DaemonFixture a = DaemonFixture.in(dir.resolve("a"), SummaryDeliveryTest.INVENTORY)
                    .smtp(port)
                    .database(db.url());
            DaemonFixture b = DaemonFixture.in(dir.resolve("b"), SummaryDeliveryTest.INVENTORY)
                    .smtp(port)
                    .database(db.url());
            a.start().stop(); // creates the schema
            try (Connection c = DriverManager.getConnection(db.url())) {
                c.createStatement().executeUpdate("UPDATE summary_schedule SET last_week = '2000-01-01'");
            }
            try (DaemonProcess first = DaemonProcess.start(a, dir.resolve("a.log"));
                    DaemonProcess second = DaemonProcess.start(b, dir.resolve("b.log"))) {
                Mails.await(mail, r -> r.contains("Week ending"), 2);
                Thread.sleep(3_000); // time for a second copy to arrive, if there were one
                assertThat(Mails.summaries(mail))
                        .hasSize(2)
                        .anyMatch(r -> r.startsWith("team@example.com "))
                        .anyMatch(r -> r.startsWith("it@example.com "));
            }
            try (Connection c = DriverManager.getConnection(db.url());
                    ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM summary")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(2);
            }
            String logs = Files.readString(dir.resolve("a.log")) + Files.readString(dir.resolve("b.log"));
            assertThat(logs.split("weekly summaries for the week ending .* queued", -1))
                    .as("one daemon queued the week")
                    .hasSize(2);
        } finally {
            mail.stop();
        }
    }
}
