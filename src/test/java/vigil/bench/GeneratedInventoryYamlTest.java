package vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.inventory.Inventory;
import vigil.inventory.Workflow;
import vigil.inventory.load.InventoryContext;
import vigil.inventory.load.InventoryLoader;
import vigil.testing.InventoryYaml;

/**
 * A generated inventory written as inventory files loads back as the same inventory, so what a
 * daemon started on those files holds is what the benchmarks generated.
 */
class GeneratedInventoryYamlTest {
    @Test
    void written_files_load_back_as_the_generated_inventory(@TempDir Path dir) throws Exception {
        Inventory generated = GeneratedInventory.generate(new GeneratedInventory.Shape(12_000, 24_000, 600, 60, 2_400))
                .inventory();
        InventoryYaml.write(generated, dir);
        Set<String> servers = generated.workflows().stream()
                .filter(w -> w.source() != null)
                .map(w -> w.source().server())
                .collect(Collectors.toSet());
        assertThat(servers).isNotEmpty();
        assertThat(InventoryYaml.configFor(generated)).contains("channels:", "sources:");
        assertThat(dir.resolve("workflows-02.yaml"))
                .as("more than one workflows file")
                .exists();

        Inventory loaded =
                InventoryLoader.load(dir, new InventoryContext(generated.channelOwners(), servers, ZoneId.of("UTC")));

        assertThat(loaded.people()).containsExactlyElementsOf(generated.people());
        assertThat(loaded.aliases()).containsExactlyElementsOf(generated.aliases());
        assertThat(loaded.credentials()).containsExactlyElementsOf(generated.credentials());
        assertThat(loaded.workflows()).hasSameSizeAs(generated.workflows());
        for (Workflow want : generated.workflows()) {
            assertThat(loaded.workflow(want.id())).as(want.id()).contains(want);
        }
        assertThat(generated.workflows())
                .anyMatch(Workflow::paused)
                .anyMatch(w -> w.name().contains("#"));
    }
}
