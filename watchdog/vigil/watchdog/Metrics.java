package vigil.watchdog;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import vigil.watchdog.evaluate.State;
import vigil.watchdog.intake.Ping;

/** The daemon's Prometheus metrics: workflows by state, pings by kind, evaluation time, strays. */
public final class Metrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<Ping.Kind, Counter> pings = new EnumMap<>(Ping.Kind.class);
    private final Map<State, Long> states = new ConcurrentHashMap<>();
    private final Timer evaluation;
    private volatile long strays;

    public Metrics() {
        for (Ping.Kind kind : Ping.Kind.values()) {
            pings.put(
                    kind,
                    Counter.builder("vigil_pings_received")
                            .description("Pings stored, by kind")
                            .tag("kind", kind.label())
                            .register(registry));
        }
        for (State state : State.values()) {
            Gauge.builder("vigil_workflows", states, m -> m.getOrDefault(state, 0L))
                    .description("Workflows by state, as of the last evaluation")
                    .tag("state", state.label())
                    .register(registry);
        }
        evaluation = Timer.builder("vigil_evaluation_duration")
                .description("Time one evaluation cycle took")
                .register(registry);
        Gauge.builder("vigil_stray_ping_targets", this, m -> m.strays)
                .description("Ids that received pings but are not in the inventory")
                .register(registry);
    }

    /** Counts stray pings not kept because the number of stray ids kept reached its cap. */
    public void strayPingsNotKept(java.util.function.LongSupplier notKept) {
        Gauge.builder("vigil_stray_pings_not_kept", notKept, s -> s.getAsLong())
                .description(
                        "Pings for ids not in the inventory that were not kept, past the cap on such ids, since start")
                .register(registry);
    }

    public void ping(Ping.Kind kind) {
        pings.get(kind).increment();
    }

    public void evaluated(Duration took, Map<State, Long> stateCounts, long strayTargets) {
        evaluation.record(took);
        states.keySet().retainAll(stateCounts.keySet());
        states.putAll(stateCounts);
        strays = strayTargets;
    }

    public String scrape() {
        return registry.scrape();
    }
}
