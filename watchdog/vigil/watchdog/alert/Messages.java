package vigil.watchdog.alert;

import java.time.Clock;
import java.util.function.Function;
import java.util.function.Supplier;
import vigil.inventory.Inventory;
import vigil.notifiers.Message;
import vigil.watchdog.evaluate.State;
import vigil.watchdog.runs.RunStore;

/**
 * What a unit of delivery says: a grouped alert names the shared credential; a single alert shows
 * the workflow's evidence and its last three runs as of now; a summary is the one stored when it
 * was queued, and so is a notice. A recovery follows the failure its recipient heard about.
 */
public final class Messages implements Function<Grouping.Unit, Message> {
    private static final int RECENT_RUNS = 3;

    private final Supplier<Inventory> inventory;
    private final RunStore runs;
    private final Clock clock;
    private final Function<Delivery.OfSummary, Message> summaries;
    private final Outbox outbox;

    public Messages(
            Supplier<Inventory> inventory,
            RunStore runs,
            Outbox outbox,
            Clock clock,
            Function<Delivery.OfSummary, Message> summaries) {
        this.inventory = inventory;
        this.runs = runs;
        this.outbox = outbox;
        this.clock = clock;
        this.summaries = summaries;
    }

    @Override
    public Message apply(Grouping.Unit unit) {
        if (unit instanceof Grouping.Group group) {
            return AlertMessage.grouped(group, inventory.get());
        }
        Delivery delivery = unit.first();
        if (delivery instanceof Delivery.OfSummary summary) {
            return summaries.apply(summary);
        }
        if (delivery instanceof Delivery.OfNotice notice) {
            return outbox.notice(notice);
        }
        Delivery.OfAlert alert = (Delivery.OfAlert) delivery;
        String workflow = alert.alert().workflow();
        Inventory current = inventory.get();
        Message message = AlertMessage.render(
                alert,
                current.workflow(workflow),
                current,
                runs.evidence(workflow, clock.instant()),
                runs.runs(workflow, RECENT_RUNS));
        if (alert.alert().to() == State.UP) {
            return outbox.followedBy(alert).map(message::following).orElse(message);
        }
        return message;
    }
}
