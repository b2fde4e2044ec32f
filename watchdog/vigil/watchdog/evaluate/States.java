package vigil.watchdog.evaluate;

import java.time.Instant;
import vigil.inventory.Workflow;
import vigil.watchdog.runs.Evidence;
import vigil.watchdog.runs.RunStore;

/** The state table of docs/states.md as one pure function of schedule, evidence and instant. */
public final class States {
    public static final String TIMEOUT = "timeout";

    /**
     * A missed workflow whose only evidence is a source Vigil cannot read: the job may have run,
     * Vigil cannot see it.
     */
    public static final String SOURCE_UNREACHABLE = "source-unreachable";

    private States() {}

    /**
     * @param firstSeen when the workflow entered the inventory: a workflow that never reports is
     *     due at its first slot after that, and missed once that slot's grace has passed
     */
    public static WorkflowStatus at(Workflow workflow, Instant firstSeen, Evidence evidence, Instant at) {
        Instant lastRun = evidence.lastRun();
        if (workflow.paused()) {
            return new WorkflowStatus(State.PAUSED, null, lastRun, evidence.lastSuccess(), null, null, null);
        }
        // Each tracked open start times out at start + grace. The newest one past it and the
        // oldest one not yet past it are what matter: the first may have failed the workflow, the
        // second says when to look again.
        Instant timedOut = null;
        Instant pending = null;
        for (Instant start : evidence.openStarts()) {
            if (at.isBefore(start.plus(workflow.grace()))) {
                pending = start;
            } else if (timedOut == null) {
                timedOut = start;
            }
        }
        Instant completion = evidence.lastCompletion();
        Instant open = evidence.openStart();
        Instant timeout = timedOut == null ? null : timedOut.plus(workflow.grace());
        if (open != null
                && at.isBefore(open.plus(workflow.grace()))
                && (completion == null || open.isAfter(completion))
                && (timeout == null || open.isAfter(timeout))) {
            Instant due = pending.plus(workflow.grace());
            Instant nextDue = workflow.schedule().next(open, workflow.timezone());
            return new WorkflowStatus(State.RUNNING, null, lastRun, evidence.lastSuccess(), nextDue, due, due);
        }
        if (timeout != null && (completion == null || completion.isBefore(timeout))) {
            Instant nextDue = workflow.schedule().next(timedOut, workflow.timezone());
            return new WorkflowStatus(State.FAILED, TIMEOUT, lastRun, evidence.lastSuccess(), nextDue, null, null);
        }
        WorkflowStatus status = byCompletion(workflow, firstSeen, evidence, at);
        if (pending != null && status.state() != State.FAILED) {
            Instant due = pending.plus(workflow.grace());
            if (status.nextCheck() == null || due.isBefore(status.nextCheck())) {
                return new WorkflowStatus(
                        status.state(),
                        status.reason(),
                        status.lastRun(),
                        status.lastSuccess(),
                        status.nextDue(),
                        status.deadline(),
                        due);
            }
        }
        return status;
    }

    /** The state that the last completion and last success give, with no open start in play. */
    private static WorkflowStatus byCompletion(Workflow workflow, Instant firstSeen, Evidence evidence, Instant at) {
        Instant lastRun = evidence.lastRun();
        if (evidence.lastCompletion() != null && evidence.lastFailed()) {
            String reason = evidence.lastFailedAuth()
                    ? RunStore.AUTH
                    : evidence.lastExitStatus() == null ? "fail signal" : "exit status " + evidence.lastExitStatus();
            Instant nextDue = workflow.schedule().next(evidence.lastCompletion(), workflow.timezone());
            return new WorkflowStatus(State.FAILED, reason, lastRun, evidence.lastSuccess(), nextDue, null, null);
        }
        boolean never = evidence.lastSuccess() == null;
        Instant reference = never ? firstSeen : evidence.lastSuccess();
        Instant nextDue = workflow.schedule().next(reference, workflow.timezone());
        Instant deadline = nextDue.plus(workflow.grace());
        if (never) {
            return at.isBefore(deadline)
                    ? new WorkflowStatus(State.NEW, null, lastRun, null, nextDue, deadline, deadline)
                    : new WorkflowStatus(State.MISSED, null, lastRun, null, nextDue, deadline, null);
        }
        if (at.isBefore(nextDue)) {
            return new WorkflowStatus(State.UP, null, lastRun, evidence.lastSuccess(), nextDue, deadline, nextDue);
        }
        if (at.isBefore(deadline)) {
            return new WorkflowStatus(State.LATE, null, lastRun, evidence.lastSuccess(), nextDue, deadline, deadline);
        }
        return new WorkflowStatus(State.MISSED, null, lastRun, evidence.lastSuccess(), nextDue, deadline, null);
    }
}
