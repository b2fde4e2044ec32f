package vigil.watchdog.alert;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import vigil.inventory.Inventory;
import vigil.inventory.Route;
import vigil.inventory.Workflow;
import vigil.watchdog.evaluate.State;

/**
 * Who hears about a workflow's state change: its routes (addresses and {@code channel:NAME}) and
 * its owner, each once. A route already known dead (a mailbox rejected with 5xx, a channel whose
 * webhook answered 404/410) is skipped; the owner alias, or else the configured fallback, stands
 * in for it.
 */
public final class Recipients {
    private Recipients() {}

    /** True for the transitions that alert: into missed or failed, and back to up from either. */
    public static boolean alertable(State from, State to) {
        boolean bad = to == State.MISSED || to == State.FAILED;
        boolean recovered = to == State.UP && (from == State.MISSED || from == State.FAILED);
        return (bad && from != to) || recovered;
    }

    public static List<String> of(Workflow workflow, Inventory inventory, Set<String> rejected, String fallback) {
        Set<String> out = new LinkedHashSet<>();
        boolean skipped = false;
        List<String> candidates = new ArrayList<>();
        for (Route route : workflow.routes()) {
            candidates.add(route.target());
        }
        candidates.add(workflow.owner());
        for (String address : candidates) {
            if (rejected.contains(address)) {
                skipped = true;
            } else {
                out.add(address);
            }
        }
        if (skipped) {
            boolean ownerAlias = inventory.alias(workflow.owner()).isPresent() && !rejected.contains(workflow.owner());
            if (ownerAlias) {
                out.add(workflow.owner());
            } else if (fallback != null && !rejected.contains(fallback)) {
                out.add(fallback);
            }
        }
        return List.copyOf(out);
    }
}
