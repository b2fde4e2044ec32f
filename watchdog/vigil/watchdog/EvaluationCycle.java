package vigil.watchdog;

import java.time.Duration;
import vigil.watchdog.alert.Dispatcher;
import vigil.watchdog.evaluate.Evaluator;
import vigil.watchdog.evaluate.StateStore;
import vigil.watchdog.runs.RunStore;

/**
 * What runs every {@code evaluate_every}: one evaluation, a dispatch round for the alerts it made
 * (and any retries due), then the metrics. Cycles never overlap.
 */
public final class EvaluationCycle {
    private final Evaluator evaluator;
    private final Dispatcher dispatcher;
    private final StateStore states;
    private final RunStore runs;
    private final Metrics metrics;

    EvaluationCycle(Evaluator evaluator, Dispatcher dispatcher, StateStore states, RunStore runs, Metrics metrics) {
        this.evaluator = evaluator;
        this.dispatcher = dispatcher;
        this.states = states;
        this.runs = runs;
        this.metrics = metrics;
    }

    public synchronized Evaluator.Cycle run() {
        long started = System.nanoTime();
        Evaluator.Cycle cycle = evaluator.evaluate();
        dispatcher.dispatch();
        metrics.evaluated(
                Duration.ofNanos(System.nanoTime() - started),
                states.counts(),
                runs.strays().size());
        return cycle;
    }
}
