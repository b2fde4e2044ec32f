package vigil.watchdog.evaluate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.inventory.Inventory;
import vigil.inventory.Workflow;
import vigil.watchdog.runs.RunStore;

/**
 * One evaluation cycle: takes the workflows whose next check is due (an index range scan) and
 * those that received runs since the last cycle, computes each one's state, and records changes
 * exactly once. Its cost follows the number of due workflows, not the size of the inventory. If
 * one workflow's evaluation throws, its next check moves forward and the others go on.
 */
public final class Evaluator {
    private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);
    private static final int MAX_PER_CYCLE = 100_000;

    private final Supplier<Inventory> inventory;
    private final Function<String, Optional<Instant>> firstSeen;
    private final RunStore runs;
    private final StateStore states;
    private final Clock clock;
    private final Duration retry;
    private final Consequences consequences;

    /** What one cycle did. */
    public record Cycle(int evaluated, int changed, int failed) {}

    public Evaluator(
            Supplier<Inventory> inventory,
            Function<String, Optional<Instant>> firstSeen,
            RunStore runs,
            StateStore states,
            Clock clock,
            Duration retry,
            Consequences consequences) {
        this.inventory = inventory;
        this.firstSeen = firstSeen;
        this.runs = runs;
        this.states = states;
        this.clock = clock;
        this.retry = retry;
        this.consequences = consequences;
    }

    public synchronized Cycle evaluate() {
        Instant now = clock.instant();
        Inventory current = inventory.get();
        long mark = states.runMark();
        long upTo = states.maxRunId();
        Set<String> due = new LinkedHashSet<>(states.due(now, MAX_PER_CYCLE));
        due.addAll(states.workflowsWithRuns(mark, upTo));
        int changed = 0;
        int failed = 0;
        int evaluated = 0;
        for (String id : due) {
            Optional<Workflow> workflow = current.workflow(id);
            if (workflow.isEmpty()) {
                states.reschedule(id, null, null);
                continue;
            }
            evaluated++;
            try {
                if (evaluate(workflow.get(), now)) {
                    changed++;
                }
            } catch (RuntimeException e) {
                failed++;
                LOG.error("evaluating workflow {} failed; trying again after {}", id, retry, e);
                states.reschedule(id, "evaluation error", now.plus(retry));
            }
        }
        states.setRunMark(upTo);
        return new Cycle(evaluated, changed, failed);
    }

    private boolean evaluate(Workflow workflow, Instant now) {
        // The row first: if the ping writer nudges the workflow after this read, every write below
        // is refused and the next cycle looks again, so a fresh completion is never overwritten.
        StateStore.Row row = states.row(workflow.id()).orElseThrow();
        Instant entered = firstSeen.apply(workflow.id()).orElse(now);
        WorkflowStatus status = States.at(workflow, entered, runs.evidence(workflow.id(), now), now);
        State to = status.state();
        if (row.state() == to) {
            states.reschedule(workflow.id(), row.touched(), status.reason(), status.nextCheck());
            return false;
        }
        boolean mine = states.transition(
                workflow.id(),
                row.state(),
                row.touched(),
                to,
                status.reason(),
                now,
                status.nextCheck(),
                consequences.of(workflow, row.state(), to));
        if (mine) {
            LOG.info(
                    "workflow {}: {} -> {}{}",
                    workflow.id(),
                    row.state(),
                    to,
                    status.reason() == null ? "" : " (" + status.reason() + ")");
        }
        return mine;
    }
}
