package vigil.watchdog.intake;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import vigil.inventory.Inventory;
import vigil.inventory.Workflow;

/** Which workflow a ping URL names: by UUID or by id. Rebuilt whenever the inventory is. */
public final class PingTargets {
    private final Map<UUID, String> byUuid = new HashMap<>();
    private final Map<String, Workflow> byId = new HashMap<>();

    public PingTargets(Inventory inventory) {
        for (Workflow w : inventory.workflows()) {
            byId.put(w.id(), w);
            if (w.ping() != null) {
                byUuid.put(w.ping(), w.id());
            }
        }
    }

    public Optional<String> byUuid(UUID uuid) {
        return Optional.ofNullable(byUuid.get(uuid));
    }

    public Optional<String> byId(String id) {
        return byId.containsKey(id) ? Optional.of(id) : Optional.empty();
    }
}
