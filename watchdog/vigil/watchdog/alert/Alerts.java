package vigil.watchdog.alert;

import java.util.List;
import java.util.function.Supplier;
import vigil.inventory.Inventory;
import vigil.inventory.Workflow;
import vigil.watchdog.evaluate.Consequences;
import vigil.watchdog.evaluate.State;

/**
 * The alert a state change brings with it: for the transitions that alert (into missed or failed,
 * and back to up from either), one alert in the outbox with a delivery per recipient, written in
 * the transaction that records the change.
 */
public final class Alerts implements Consequences {
    private final Supplier<Inventory> inventory;
    private final Outbox outbox;
    private final Supplier<String> fallback;

    /** @param fallback {@code summary.fallback}: stands in for routes known dead when the owner is no alias */
    public Alerts(Supplier<Inventory> inventory, Outbox outbox, Supplier<String> fallback) {
        this.inventory = inventory;
        this.outbox = outbox;
        this.fallback = fallback;
    }

    @Override
    public Write of(Workflow workflow, State from, State to) {
        if (!Recipients.alertable(from, to)) {
            return Write.NOTHING;
        }
        List<String> recipients = Recipients.of(workflow, inventory.get(), outbox.rejectedAddresses(), fallback.get());
        return recipients.isEmpty() ? Write.NOTHING : (h, change) -> Outbox.add(h, change, recipients);
    }
}
