package vigil.watchdog.evaluate;

import java.time.Instant;

/** One recorded change of a workflow's state, as the evaluator claimed it. */
public record StateChange(long id, String workflow, State from, State to, String reason, Instant at) {}
