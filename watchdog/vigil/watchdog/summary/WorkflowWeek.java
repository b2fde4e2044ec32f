package vigil.watchdog.summary;

import java.time.Instant;
import java.util.List;
import vigil.inventory.Workflow;
import vigil.inventory.audit.Finding;

/**
 * One workflow in a weekly summary: its day grid, its last success, the findings that concern it,
 * and the week's anomalies (docs/baselines.md).
 */
public record WorkflowWeek(
        Workflow workflow,
        DayGrid grid,
        Instant lastSuccess,
        List<Finding> findings,
        List<vigil.watchdog.baseline.Anomaly> anomalies) {

    public WorkflowWeek(Workflow workflow, DayGrid grid, Instant lastSuccess, List<Finding> findings) {
        this(workflow, grid, lastSuccess, findings, List.of());
    }

    /** A run went wrong: a failure or a miss. */
    public boolean needsAttention() {
        return grid.failed() > 0 || grid.missed() > 0;
    }
}
