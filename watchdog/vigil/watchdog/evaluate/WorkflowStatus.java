package vigil.watchdog.evaluate;

import java.time.Instant;

/**
 * A workflow's state as of one instant. {@code nextDue}: the next expected run; {@code deadline}:
 * when it goes missed (or, while running, fails by timeout) if nothing arrives; {@code nextCheck}:
 * the next instant the state can change by time alone (null when only a run can change it).
 */
public record WorkflowStatus(
        State state,
        String reason,
        Instant lastRun,
        Instant lastSuccess,
        Instant nextDue,
        Instant deadline,
        Instant nextCheck) {}
