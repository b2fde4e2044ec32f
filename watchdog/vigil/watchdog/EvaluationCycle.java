package vigil.watchdog;

import java.time.Duration;
import java.util.List;
import vigil.watchdog.alert.Dispatcher;
import vigil.watchdog.alert.Grouping;
import vigil.watchdog.evaluate.Evaluator;
import vigil.watchdog.evaluate.StateStore;
import vigil.watchdog.runs.RunStore;

/**
 * What runs every {@code evaluate_every}: one evaluation and the metrics; the dispatch round for the
 * alerts it made (and any retries due) follows in a job of its own. Evaluations never overlap, nor
 * do dispatch rounds.
 */
public final class EvaluationCycle {
    private final Evaluator evaluator;
    private final Dispatcher dispatcher;
    private final StateStore states;
    private final RunStore runs;
    private final Metrics metrics;
    private final java.util.function.BooleanSupplier perWorkflow;

    EvaluationCycle(
            Evaluator evaluator,
            Dispatcher dispatcher,
            StateStore states,
            RunStore runs,
            Metrics metrics,
            java.util.function.BooleanSupplier perWorkflow) {
        this.evaluator = evaluator;
        this.dispatcher = dispatcher;
        this.states = states;
        this.runs = runs;
        this.metrics = metrics;
        this.perWorkflow = perWorkflow;
    }

    /** One evaluation, then a dispatch round in this thread: what tests and a one-off check want. */
    public Evaluator.Cycle run() {
        Evaluator.Cycle cycle = evaluate();
        dispatch();
        return cycle;
    }

    /**
     * A dispatch round: what is due is read between evaluations (never half-way through one, which
     * would split workflows failing together), then sent without holding evaluations up.
     */
    public int dispatch() {
        List<Grouping.Unit> due;
        synchronized (this) {
            due = dispatcher.plan();
        }
        return dispatcher.send(due);
    }

    /**
     * One evaluation and the metrics, without dispatching: the daemon's scheduled cycle, which then
     * triggers the dispatch job, so a mail server that takes its RFC 5321 ten minutes to answer
     * delays no evaluation.
     */
    public synchronized Evaluator.Cycle evaluate() {
        long started = System.nanoTime();
        Evaluator.Cycle cycle = evaluator.evaluate();
        metrics.evaluated(
                Duration.ofNanos(System.nanoTime() - started),
                states.counts(),
                runs.strays().size(),
                perWorkflow.getAsBoolean() ? states.all() : null);
        return cycle;
    }
}
