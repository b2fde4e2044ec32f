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
import vigil.watchdog.runs.Evidence;
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
    private final java.util.function.Predicate<String> blind;

    /** What one cycle did. */
    public record Cycle(int evaluated, int changed, int failed) {}

    /**
     * @param blind whether Vigil cannot currently read a source (by server name): a workflow seen
     *     only through it that misses its deadline meanwhile is missed for {@link
     *     States#SOURCE_UNREACHABLE}, not silent
     */
    public Evaluator(
            Supplier<Inventory> inventory,
            Function<String, Optional<Instant>> firstSeen,
            RunStore runs,
            StateStore states,
            Clock clock,
            Duration retry,
            Consequences consequences,
            java.util.function.Predicate<String> blind) {
        this.blind = blind;
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
        Evidence evidence = runs.evidence(workflow.id(), now);
        WorkflowStatus status = States.at(workflow, entered, evidence, now);
        if (status.state() == State.MISSED && unseen(workflow)) {
            status = new WorkflowStatus(
                    State.MISSED,
                    States.SOURCE_UNREACHABLE,
                    status.lastRun(),
                    status.lastSuccess(),
                    status.nextDue(),
                    status.deadline(),
                    status.nextCheck());
        }
        State to = status.state();
        boolean changed = false;
        if (to != State.FAILED && row.state() != State.FAILED && to != State.PAUSED) {
            // a failure since the last change that a later run has already covered: it is still
            // recorded, and alerted, before the state it gave way to
            Optional<RunStore.Failure> hidden = hiddenFailure(workflow, evidence, row.since(), now);
            if (hidden.isPresent()) {
                RunStore.Failure failure = hidden.get();
                if (!change(workflow, row, State.FAILED, failure.reason(), failure.at(), now)) {
                    return false;
                }
                changed = true;
                row = new StateStore.Row(
                        row.workflow(), State.FAILED, failure.reason(), failure.at(), now, row.touched());
            }
        }
        if (row.state() == to) {
            states.reschedule(workflow.id(), row.touched(), status.reason(), status.nextCheck());
            return changed;
        }
        return change(workflow, row, to, status.reason(), now, status.nextCheck()) || changed;
    }

    /** Whose only evidence comes from a source Vigil cannot read now (a ping would still be heard). */
    private boolean unseen(Workflow workflow) {
        return workflow.source() != null
                && workflow.ping() == null
                && workflow.source().server() != null
                && blind.test(workflow.source().server());
    }

    /** Records {@code row.state -> to}, with its consequences, unless another writer got there first. */
    private boolean change(
            Workflow workflow, StateStore.Row row, State to, String reason, Instant at, Instant nextCheck) {
        boolean mine = states.transition(
                workflow.id(),
                row.state(),
                row.touched(),
                to,
                reason,
                at,
                nextCheck,
                consequences.of(workflow, row.state(), to));
        if (mine) {
            LOG.info(
                    "workflow {}: {} -> {}{}",
                    workflow.id(),
                    row.state(),
                    to,
                    reason == null ? "" : " (" + reason + ")");
        }
        return mine;
    }

    /**
     * The newest failure after {@code since} — a failed completion, or a tracked start whose grace
     * ran out while it was open — that the current state no longer shows.
     */
    private Optional<RunStore.Failure> hiddenFailure(Workflow workflow, Evidence evidence, Instant since, Instant now) {
        Optional<RunStore.Failure> failure = runs.lastFailure(workflow.id(), since, now);
        for (Instant start : evidence.openStarts()) {
            Instant timeout = start.plus(workflow.grace());
            if (timeout.isAfter(since)
                    && !timeout.isAfter(now)
                    && failure.map(f -> f.at().isBefore(timeout)).orElse(true)) {
                failure = Optional.of(new RunStore.Failure(timeout, States.TIMEOUT));
            }
        }
        return failure;
    }
}
