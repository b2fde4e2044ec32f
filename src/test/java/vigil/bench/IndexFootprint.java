package vigil.bench;

import java.util.ArrayList;
import java.util.List;
import vigil.inventory.Definition;
import vigil.inventory.Inventory;
import vigil.inventory.Observed;
import vigil.inventory.OwnershipIndex;
import vigil.inventory.Workflow;

/**
 * The heap the offboarding impact's {@link OwnershipIndex} keeps beside the generated 100,000
 * workflow inventory (heap in use after full collections, before and after building it), and what
 * a kept effective inventory ({@link Observed#effective(Inventory, java.util.Collection)}) adds
 * with a platform definition for each workflow watched through a source. Run it with the daemon's
 * own heap (docs/performance.md):
 *
 * <pre>
 * java -Xmx512m -XX:+UseSerialGC -cp ... vigil.bench.IndexFootprint
 * </pre>
 */
public final class IndexFootprint {
    private IndexFootprint() {}

    public static void main(String[] args) {
        long empty = GeneratedInventory.usedAfterGc();
        Inventory inventory = GeneratedInventory.standard().inventory();
        long withInventory = GeneratedInventory.usedAfterGc();

        long start = System.nanoTime();
        OwnershipIndex index = inventory.ownership();
        long buildMillis = (System.nanoTime() - start) / 1_000_000;
        long withIndex = GeneratedInventory.usedAfterGc();

        List<Definition> definitions = definitions(inventory);
        long withDefinitions = GeneratedInventory.usedAfterGc();
        Inventory effective = Observed.effective(inventory, definitions);
        effective.ownership();
        long withEffective = GeneratedInventory.usedAfterGc();

        System.out.println(inventory);
        System.out.printf(
                "inventory %.1f MB; index %.1f MB (built in %d ms); %d definitions %.1f MB;"
                        + " kept effective inventory and its index %.1f MB; heap in use %.1f MB of %.0f MB%n",
                (withInventory - empty) / 1e6,
                (withIndex - withInventory) / 1e6,
                buildMillis,
                definitions.size(),
                (withDefinitions - withIndex) / 1e6,
                (withEffective - withDefinitions) / 1e6,
                withEffective / 1e6,
                Runtime.getRuntime().maxMemory() / 1e6);
        // keep everything reachable until measured
        System.out.println(index.workflow(0).id() + " " + effective.workflows().size() + " " + definitions.size());
    }

    /**
     * A definition for every workflow watched through a source: its platform mails one more
     * address (the owner's) and uses the credentials the inventory lists, each under a handle.
     */
    private static List<Definition> definitions(Inventory inventory) {
        List<Definition> out = new ArrayList<>();
        for (Workflow w : inventory.workflows()) {
            if (w.source() == null) {
                continue;
            }
            List<Definition.Handle> handles = new ArrayList<>();
            for (String c : w.credentials()) {
                handles.add(new Definition.Handle(new String(c), null));
            }
            out.add(new Definition(
                    w.source().server(),
                    w.source().ref(),
                    w.name(),
                    List.of("0 6 * * *"),
                    null,
                    false,
                    null,
                    handles,
                    List.of(new Definition.PlatformRoute(new String(w.owner()), "error workflow 'Mail on error'")),
                    List.of()));
        }
        return out;
    }
}
