package vigil.watchdog.alert;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import vigil.inventory.store.Database;
import vigil.notifiers.Message;
import vigil.notifiers.Notifier;
import vigil.notifiers.Outcome;
import vigil.testing.MutableClock;
import vigil.testing.TestDatabase;
import vigil.watchdog.Stages;
import vigil.watchdog.evaluate.State;
import vigil.watchdog.evaluate.StateStore;

/**
 * A message that cannot be rendered is a bug, not a delivery problem: it is logged at ERROR with
 * its stack trace, and the alert still goes out, in plain words made from the alert alone.
 */
class DispatcherRenderTest {
    static final Instant AT = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void an_alert_whose_message_cannot_be_rendered_goes_out_plain_and_the_bug_is_logged(@TempDir Path dir) {
        Logger log = (Logger) LoggerFactory.getLogger(Dispatcher.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        try (TestDatabase db = TestDatabase.open("h2", dir);
                Database database = Database.open(db.url(), null, null, 4, Stages.MIGRATIONS)) {
            StateStore states = new StateStore(database.dataSource());
            states.sync(List.of("nightly-export"), AT);
            states.transition(
                    "nightly-export",
                    State.NEW,
                    0,
                    State.FAILED,
                    "exit status 1",
                    AT,
                    null,
                    (h, change) -> Outbox.add(h, change, List.of("team@example.com")));
            Outbox outbox = new Outbox(database.dataSource());
            List<Message> sent = new ArrayList<>();
            Notifier notifier = (message, destination) -> {
                sent.add(message);
                return new Outcome.Delivered();
            };
            Dispatcher dispatcher = new Dispatcher(
                    outbox,
                    d -> Optional.of(notifier),
                    unit -> {
                        throw new IllegalStateException("a bug in the template");
                    },
                    w -> List.of(),
                    Duration.ofSeconds(30),
                    new MutableClock(AT),
                    new Random(1));

            assertThat(dispatcher.dispatch()).isEqualTo(1);

            assertThat(sent).hasSize(1);
            assertThat(sent.get(0).subject()).isEqualTo("[vigil] nightly-export failed (exit status 1)");
            assertThat(sent.get(0).text()).contains("nightly-export is FAILED since Mon 23 Nov 2026 12:00 UTC");
            assertThat(outbox.due(AT.plus(Duration.ofDays(1)), 10))
                    .as("delivered, not retried")
                    .isEmpty();
            assertThat(logged.list)
                    .filteredOn(e -> e.getLevel() == Level.ERROR)
                    .singleElement()
                    .satisfies(
                            e -> assertThat(e.getThrowableProxy().getMessage()).isEqualTo("a bug in the template"));
        } finally {
            log.detachAppender(logged);
        }
    }
}
