package vigil.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.bench.GeneratedInventory;
import vigil.inventory.Inventory;
import vigil.testing.DaemonFixture;
import vigil.testing.DaemonProcess;
import vigil.testing.Layoff;

/**
 * A layoff pushed over SCIM by four connections at once, the daemon killed with SIGKILL in the
 * middle (docs/directory.md, "Deactivation is an event"). After a restart and the rest of the
 * push — the unanswered requests sent again, as an identity provider retries them — every leaver
 * has exactly one deactivation event, every event is told, and every leaver whose leaving breaks
 * something has exactly one notice, queued for delivery.
 */
class LayoffTest {
    @Test
    void every_deactivation_is_told_once_across_a_kill(@TempDir Path dir) throws Exception {
        GeneratedInventory generated =
                GeneratedInventory.generate(new GeneratedInventory.Shape(2_000, 4_000, 300, 40, 400));
        Inventory inventory = generated.inventory();
        List<String> leavers = generated.heavyLeavers(150);
        Set<String> breaking = Layoff.breaking(inventory, leavers);
        DaemonFixture fixture = DaemonFixture.generated(dir, inventory)
                .appendConfig(
                        Layoff.config(inventory.aliases().iterator().next().email()));
        Layoff layoff = new Layoff(fixture);

        Map<String, String> ids;
        Layoff.Pushed first;
        try (DaemonProcess daemon = DaemonProcess.start(fixture, dir.resolve("first.log"))) {
            ids = layoff.provision(leavers, 4);
            AtomicBoolean killed = new AtomicBoolean();
            Thread killer = new Thread(() -> {
                try {
                    while (layoff.answeredNow() < leavers.size() + 60) { // provisioned, then 60 deactivated
                        Thread.sleep(1);
                    }
                    daemon.signal("KILL");
                    killed.set(true);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            killer.start();
            first = layoff.deactivate(ids, 4, new AtomicBoolean());
            killer.join(60_000);
            assertThat(killed).as("killed while notices were being told").isTrue();
            assertThat(daemon.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(first.answered()).as("answered before the kill").isNotEmpty();
        assertThat(first.answered().size())
                .as("not all answered before the kill")
                .isLessThan(leavers.size());

        fixture.start();
        try {
            Map<String, String> rest = new HashMap<>(ids);
            first.answered().forEach(rest::remove);
            Layoff.Pushed second = layoff.deactivate(rest, 4, new AtomicBoolean());
            assertThat(second.failed()).isZero();
            assertThat(layoff.awaitTold(Duration.ofSeconds(60)))
                    .as("every event told")
                    .isNotNegative();

            Map<String, Layoff.Leaver> outcome =
                    Layoff.outcome(fixture.stages().database().dataSource(), leavers);
            List<String> wrong = new ArrayList<>();
            outcome.forEach((email, l) -> {
                int notices = breaking.contains(email) ? 1 : l.notices();
                if (l.events() != 1 || l.untold() != 0 || l.notices() != notices || l.deliveries() < notices) {
                    wrong.add(email + " " + l);
                }
            });
            assertThat(wrong).isEmpty();
            assertThat(breaking).as("most heavy leavers break something").hasSizeGreaterThan(leavers.size() / 2);
        } finally {
            fixture.stop();
        }
    }
}
