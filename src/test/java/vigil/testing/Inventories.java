package vigil.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vigil.inventory.Inventory;
import vigil.inventory.Route;
import vigil.inventory.Workflow;
import vigil.inventory.load.InvalidYamlException;
import vigil.inventory.load.InventoryContext;
import vigil.inventory.load.InventoryLoader;
import vigil.inventory.schedule.Schedule;

/** Loads inventories written inline in a test, through the real loader. */
public final class Inventories {
    /** Channels every test context knows: one owned by a durable alias, one by a person, one without owner. */
    public static final Map<String, String> CHANNELS = Map.of(
            "team-chat", "team@example.com",
            "alice-chat", "alice@example.com",
            "orphan-chat", "");

    private Inventories() {}

    /** A workflow owned by team@example.com, reporting errors there, with no credentials. */
    public static Workflow teamWorkflow(String id, Schedule schedule, ZoneId zone, Duration grace, boolean paused) {
        return new Workflow(
                id,
                id,
                "team@example.com",
                schedule,
                zone,
                grace,
                List.of(),
                List.of(new Route.Email("team@example.com")),
                null,
                null,
                paused);
    }

    public static InventoryContext context() {
        return new InventoryContext(CHANNELS, Set.of("crm-n8n"), ZoneId.of("UTC"));
    }

    public static Inventory load(String yaml) {
        try {
            Path file = Files.createTempFile("inventory", ".yaml");
            try {
                Files.writeString(file, yaml);
                return InventoryLoader.load(file, context());
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InvalidYamlException e) {
            throw new AssertionError("test inventory is invalid:\n" + e.getMessage(), e);
        }
    }
}
