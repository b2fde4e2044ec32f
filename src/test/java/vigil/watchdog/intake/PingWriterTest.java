package vigil.watchdog.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Group commit: a ping's request is released only once the batch holding it has been stored, pings
 * that arrive while a batch is being stored share the next one, and a failed store fails exactly
 * the pings of its batch.
 */
class PingWriterTest {
    /** The batches stored, each as the bodies of its pings. */
    private final List<List<String>> stored = Collections.synchronizedList(new ArrayList<>());

    private static Ping ping(String body) {
        return new Ping("backup", false, Ping.Kind.LOG, null, Instant.EPOCH, null, "127.0.0.1", null, body, null);
    }

    private void store(List<Ping> pings) {
        stored.add(pings.stream().map(Ping::body).toList());
    }

    @Test
    void a_ping_is_released_only_once_its_batch_is_stored_and_later_pings_share_the_next_batch() throws Exception {
        Semaphore storing = new Semaphore(0);
        CountDownLatch firstBatchStoring = new CountDownLatch(1);
        try (PingWriter writer = new PingWriter(pings -> {
            store(pings);
            firstBatchStoring.countDown();
            storing.acquireUninterruptibly();
        })) {
            CompletableFuture<Void> a = writer.submit(ping("a"));
            assertThat(firstBatchStoring.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> b = writer.submit(ping("b"));
            CompletableFuture<Void> c = writer.submit(ping("c"));
            assertThat(a).as("its batch is still being stored").isNotDone();

            storing.release();
            a.get(10, TimeUnit.SECONDS);
            storing.release();
            b.get(10, TimeUnit.SECONDS);
            c.get(10, TimeUnit.SECONDS);
            assertThat(stored).containsExactly(List.of("a"), List.of("b", "c"));
        }
    }

    @Test
    void a_failed_store_fails_the_pings_of_its_batch_and_the_next_ones_go_through() throws Exception {
        try (PingWriter writer = new PingWriter(pings -> {
            if (pings.get(0).body().equals("bad")) {
                throw new IllegalStateException("disk full");
            }
            store(pings);
        })) {
            CompletableFuture<Void> bad = writer.submit(ping("bad"));
            assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("disk full");
            writer.submit(ping("good")).get(10, TimeUnit.SECONDS);
            assertThat(stored).containsExactly(List.of("good"));
        }
    }

    @Test
    void a_row_the_database_refuses_fails_alone_and_its_values_never_reach_the_log() throws Exception {
        ch.qos.logback.classic.Logger log =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(PingWriter.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        log.addAppender(logged);
        Semaphore storing = new Semaphore(0);
        CountDownLatch firstBatch = new CountDownLatch(1);
        try (PingWriter writer = new PingWriter(pings -> {
            if (pings.get(0).body().equals("hold")) {
                firstBatch.countDown();
                storing.acquireUninterruptibly();
            }
            if (pings.stream().anyMatch(p -> p.body().startsWith("secret"))) {
                // what PostgreSQL says of a NUL byte in a text column, with the statement quoted
                java.sql.BatchUpdateException batch = new java.sql.BatchUpdateException(
                        "Batch entry 0 INSERT INTO run (...) VALUES ('secret-body-value') was aborted",
                        "22021",
                        0,
                        new int[0]);
                batch.setNextException(new java.sql.SQLException(
                        "ERROR: invalid byte sequence for encoding \"UTF8\": 0x00 'secret-body-value'", "22021"));
                throw new IllegalStateException("storing pings failed", batch);
            }
            store(pings);
        })) {
            CompletableFuture<Void> hold = writer.submit(ping("hold"));
            assertThat(firstBatch.await(10, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<Void>> good = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                good.add(writer.submit(ping("good-" + i)));
            }
            CompletableFuture<Void> bad = writer.submit(ping("secret-body-value"));
            for (int i = 20; i < 40; i++) {
                good.add(writer.submit(ping("good-" + i)));
            }
            storing.release();
            hold.get(10, TimeUnit.SECONDS);
            for (CompletableFuture<Void> g : good) {
                g.get(10, TimeUnit.SECONDS);
            }
            assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            assertThat(stored.stream().flatMap(List::stream).filter(b -> b.startsWith("good")))
                    .as("every other ping of the batch is stored")
                    .hasSize(40);
            assertThat(logged.list)
                    .filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR)
                    .isNotEmpty()
                    .allSatisfy(e -> assertThat(e.getFormattedMessage())
                            .contains("SQLState 22021")
                            .doesNotContain("secret-body-value"));
        } finally {
            log.detachAppender(logged);
        }
    }

    @Test
    void close_stores_every_ping_already_taken_and_refuses_later_ones() {
        List<CompletableFuture<Void>> submitted = new ArrayList<>();
        PingWriter writer = new PingWriter(this::store);
        for (int i = 0; i < 5_000; i++) {
            submitted.add(writer.submit(ping("p" + i)));
        }
        writer.close();

        assertThat(submitted).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(stored.stream().mapToInt(List::size).sum()).isEqualTo(5_000);
        assertThat(writer.submit(ping("late"))).isCompletedExceptionally();
    }
}
