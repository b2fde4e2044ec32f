package vigil.watchdog.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vigil.inventory.store.Database;
import vigil.notifiers.Message;
import vigil.notifiers.Notifier;
import vigil.notifiers.Outcome;
import vigil.testing.MutableClock;
import vigil.testing.Race;
import vigil.testing.TestDatabase;
import vigil.watchdog.Stages;
import vigil.watchdog.evaluate.State;
import vigil.watchdog.evaluate.StateStore;

/**
 * Two dispatchers on one database — two daemons sharing PostgreSQL — dispatch at the same moment:
 * every delivery is sent once, by whichever leased it.
 */
class DispatcherLeaseTest {
    static final String MIGRATIONS = Stages.MIGRATIONS;
    static final Instant AT = Instant.parse("2026-11-23T12:00:00Z");

    /** Counts what it is asked to send, slowly enough that the two dispatchers overlap. */
    static final class Counting implements Notifier {
        final Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();

        @Override
        public Outcome send(Message message, String destination) {
            sent.computeIfAbsent(message.idempotencyKey(), k -> new AtomicInteger())
                    .incrementAndGet();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Outcome.Delivered();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void two_dispatchers_racing_send_each_delivery_once(String kind, @TempDir Path dir) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind, dir);
                Database database = Database.open(db.url(), null, null, 8, MIGRATIONS)) {
            StateStore states = new StateStore(database.dataSource());
            List<String> workflows = java.util.stream.IntStream.range(0, 20)
                    .mapToObj(i -> "w" + i)
                    .toList();
            states.sync(workflows, AT);
            for (String w : workflows) {
                states.transition(
                        w,
                        State.NEW,
                        0,
                        State.MISSED,
                        null,
                        AT,
                        null,
                        (h, change) -> Outbox.add(h, change, List.of("a@example.com", "b@example.com")));
            }
            Outbox outbox = new Outbox(database.dataSource());
            Counting notifier = new Counting();
            MutableClock clock = new MutableClock(AT.plusSeconds(1));
            java.util.concurrent.atomic.AtomicInteger daemons = new java.util.concurrent.atomic.AtomicInteger();
            List<Integer> rounds = Race.of(
                    2,
                    () -> new Dispatcher(
                                    new Outbox(database.dataSource()),
                                    d -> Optional.of(notifier),
                                    unit -> new Message(
                                            "s", "t", "<p>t</p>", unit.first().idempotencyKey()),
                                    w -> List.of(),
                                    Duration.ofSeconds(30),
                                    clock,
                                    new Random(daemons.incrementAndGet()))
                            .dispatch());
            int delivered = rounds.stream().mapToInt(Integer::intValue).sum();
            assertThat(notifier.sent).hasSize(40);
            assertThat(notifier.sent.values()).allMatch(n -> n.get() == 1);
            assertThat(delivered).isEqualTo(40);
            assertThat(outbox.due(AT.plus(Duration.ofHours(1)), 100)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void a_lease_left_by_a_crash_expires_and_the_delivery_is_tried_again(String kind, @TempDir Path dir) {
        try (TestDatabase db = TestDatabase.open(kind, dir);
                Database database = Database.open(db.url(), null, null, 4, MIGRATIONS)) {
            StateStore states = new StateStore(database.dataSource());
            states.sync(List.of("w0"), AT);
            states.transition(
                    "w0",
                    State.NEW,
                    0,
                    State.MISSED,
                    null,
                    AT,
                    null,
                    (h, change) -> Outbox.add(h, change, List.of("a@example.com")));
            Outbox outbox = new Outbox(database.dataSource());
            Delivery d = outbox.due(AT, 10).get(0);
            assertThat(outbox.lease(d, AT, AT.plus(Dispatcher.LEASE))).isTrue();
            assertThat(outbox.lease(d, AT, AT.plus(Dispatcher.LEASE)))
                    .as("held")
                    .isFalse();
            assertThat(outbox.due(AT.plusSeconds(60), 10))
                    .as("leased: not due for others")
                    .isEmpty();
            assertThat(outbox.due(AT.plus(Dispatcher.LEASE), 10)).as("expired").hasSize(1);
            assertThat(outbox.releaseLeases()).isEqualTo(1);
            assertThat(outbox.due(AT, 10)).as("released at start").hasSize(1);
        }
    }
}
