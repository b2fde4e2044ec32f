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
    private final Map<String, Counter> failures = new java.util.HashMap<>();
    private final Map<String, Counter> anomalies = new java.util.HashMap<>();
    private volatile Map<String, State> workflows;

    public Metrics() {
        for (Ping.Kind kind : Ping.Kind.values()) {
            pings.put(
                    kind,
                    Counter.builder("vigil_pings_received")
                            .description("Pings stored, by kind")
                            .tag("kind", kind.label())
                            .register(registry));
        }
        for (vigil.watchdog.baseline.Anomaly.Kind kind : vigil.watchdog.baseline.Anomaly.Kind.values()) {
            anomalies.put(
                    kind.label(),
                    Counter.builder("vigil_anomalies")
                            .description("Anomalies told (docs/baselines.md), by kind")
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
        for (Class<?> notifier : java.util.List.of(
                vigil.notifiers.EmailNotifier.class,
                vigil.notifiers.SlackNotifier.class,
                vigil.notifiers.WebhookNotifier.class,
                vigil.notifiers.PagerDutyNotifier.class)) {
            for (String kind : java.util.List.of("retry", "permanent")) {
                failures.put(
                        notifierName(notifier) + "/" + kind,
                        Counter.builder("vigil_delivery_failures")
                                .description("Failed attempts to deliver a notification, by notifier and outcome"
                                        + " (retry: tried again later; permanent: given up)")
                                .tag("notifier", notifierName(notifier))
                                .tag("outcome", kind)
                                .register(registry));
            }
        }
        Gauge.builder("vigil_stray_ping_targets", this, m -> m.strays)
                .description("Ids that received pings but are not in the inventory")
                .register(registry);
    }

    /** Deliveries waiting to be tried again after a failure, read at each scrape. */
    /**
     * Per configured source, polls failed in a row (0: the last poll worked; 2 and more: Vigil is
     * blind to it). Sources added by a reload appear at the next start.
     */
    public void sources(
            java.util.function.Supplier<java.util.Set<String>> names,
            java.util.function.ToIntFunction<String> failures) {
        for (String name : names.get()) {
            Gauge.builder("vigil_source_failed_polls", () -> names.get().contains(name) ? failures.applyAsInt(name) : 0)
                    .description("Polls of a source that failed in a row; from 2 on, its workflows are unseen")
                    .tag("source", name)
                    .strongReference(true)
                    .register(registry);
        }
    }

    public void deliveriesPending(java.util.function.LongSupplier pending) {
        Gauge.builder("vigil_deliveries_pending", pending, s -> s.getAsLong())
                .description("Notifications waiting to be tried again after a failed attempt")
                // Micrometer holds a gauge's object weakly: a lambda nobody else holds would be
                // collected, and the gauge read NaN from then on
                .strongReference(true)
                .register(registry);
    }

    public void personEventsUntold(java.util.function.LongSupplier untold) {
        Gauge.builder("vigil_person_events_untold", untold, s -> s.getAsLong())
                .description("Directory deactivations and reactivations whose notice is not queued yet")
                .strongReference(true)
                .register(registry);
    }

    /** One attempt to deliver a notification and how it went. */
    public void delivery(vigil.notifiers.Notifier notifier, vigil.notifiers.Outcome outcome) {
        String kind = outcome instanceof vigil.notifiers.Outcome.Retry
                ? "retry"
                : outcome instanceof vigil.notifiers.Outcome.Permanent ? "permanent" : null;
        if (kind != null) {
            failures.get(notifierName(notifier.getClass()) + "/" + kind).increment();
        }
    }

    static String notifierName(Class<?> notifier) {
        return notifier.getSimpleName().replace("Notifier", "").toLowerCase(java.util.Locale.ROOT);
    }

    /** Counts stray pings not kept because the number of stray ids kept reached its cap. */
    public void strayPingsNotKept(java.util.function.LongSupplier notKept) {
        Gauge.builder("vigil_stray_pings_not_kept", notKept, s -> s.getAsLong())
                .description(
                        "Pings for ids not in the inventory that were not kept, past the cap on such ids, since start")
                .strongReference(true)
                .register(registry);
    }

    /** An anomaly of this kind was told. */
    public void anomaly(String kind) {
        anomalies.get(kind).increment();
    }

    public void ping(Ping.Kind kind) {
        pings.get(kind).increment();
    }

    /** @param perWorkflow every workflow's state when {@code metrics.per_workflow} is on, else null */
    public void evaluated(
            Duration took, Map<State, Long> stateCounts, long strayTargets, Map<String, State> perWorkflow) {
        evaluation.record(took);
        states.keySet().retainAll(stateCounts.keySet());
        states.putAll(stateCounts);
        strays = strayTargets;
        workflows = perWorkflow;
    }

    public String scrape() {
        Map<String, State> each = workflows;
        if (each == null) {
            return registry.scrape();
        }
        StringBuilder b = new StringBuilder(registry.scrape());
        b.append("# HELP vigil_workflow_up 0 when the workflow is missed or failed, else 1"
                        + " (as of the last evaluation)\n")
                .append("# TYPE vigil_workflow_up gauge\n");
        each.forEach((id, state) -> b.append("vigil_workflow_up{workflow=\"")
                .append(label(id))
                .append("\",state=\"")
                .append(state.label())
                .append("\"} ")
                .append(state == State.MISSED || state == State.FAILED ? "0" : "1")
                .append('\n'));
        return b.toString();
    }

    /** A label value as the exposition format escapes it: backslash, double quote and newline. */
    static String label(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
