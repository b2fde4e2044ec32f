package vigil.watchdog.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Root-cause grouping: when two or more workflows that share a credential went missed or failed
 * within one evaluation window, each recipient gets one alert naming the credential instead of
 * one per workflow. Everything else stays a single delivery.
 */
public final class Grouping {
    private Grouping() {}

    /** A unit of delivery: one delivery, or several alerts to one destination caused by one credential. */
    public sealed interface Unit {
        List<? extends Delivery> deliveries();

        default Delivery first() {
            return deliveries().get(0);
        }
    }

    public record Single(Delivery delivery) implements Unit {
        @Override
        public List<Delivery> deliveries() {
            return List.of(delivery);
        }
    }

    /** At least two alerts, each about another workflow, that authenticate with {@code credential}. */
    public record Group(String credential, List<Delivery.OfAlert> deliveries) implements Unit {}

    public static List<Unit> of(List<Delivery> due, Function<String, List<String>> credentialsOf, Duration window) {
        Map<String, List<Delivery>> byDestination = new LinkedHashMap<>();
        for (Delivery d : due) {
            byDestination
                    .computeIfAbsent(d.destination(), k -> new ArrayList<>())
                    .add(d);
        }
        List<Unit> units = new ArrayList<>();
        for (List<Delivery> deliveries : byDestination.values()) {
            Set<Long> taken = new HashSet<>();
            Map<String, List<Delivery.OfAlert>> byCredential = new LinkedHashMap<>();
            for (Delivery d : deliveries) {
                if (d instanceof Delivery.OfAlert a && a.alert().bad()) {
                    for (String credential : credentialsOf.apply(a.alert().workflow())) {
                        byCredential
                                .computeIfAbsent(credential, k -> new ArrayList<>())
                                .add(a);
                    }
                }
            }
            byCredential.entrySet().stream()
                    .sorted(Comparator.comparingInt((Map.Entry<String, List<Delivery.OfAlert>> e) ->
                                    -e.getValue().size())
                            .thenComparing(Map.Entry::getKey))
                    .forEach(e -> {
                        List<Delivery.OfAlert> group = new ArrayList<>();
                        Set<String> workflows = new HashSet<>();
                        for (Delivery.OfAlert d : e.getValue()) {
                            if (!taken.contains(d.id())
                                    && workflows.add(d.alert().workflow())
                                    && (group.isEmpty() || within(group.get(0), d, window))) {
                                group.add(d);
                            }
                        }
                        if (group.size() >= 2) {
                            group.forEach(d -> taken.add(d.id()));
                            units.add(new Group(e.getKey(), List.copyOf(group)));
                        }
                    });
            for (Delivery d : deliveries) {
                if (!taken.contains(d.id())) {
                    units.add(new Single(d));
                }
            }
        }
        return units;
    }

    private static boolean within(Delivery.OfAlert first, Delivery.OfAlert d, Duration window) {
        return Duration.between(first.alert().created(), d.alert().created())
                        .abs()
                        .compareTo(window)
                <= 0;
    }
}
