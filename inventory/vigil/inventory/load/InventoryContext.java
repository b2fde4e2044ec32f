package vigil.inventory.load;

import java.time.ZoneId;
import java.util.Map;
import java.util.Set;

/**
 * What the inventory may refer to outside itself: the channels defined in the daemon configuration
 * (name to owner address, "" for none), the pull-source names, and the time zone a workflow gets
 * when it names none.
 */
public record InventoryContext(Map<String, String> channels, Set<String> sources, ZoneId defaultZone) {
    public InventoryContext {
        channels = Map.copyOf(channels);
        sources = Set.copyOf(sources);
    }
}
