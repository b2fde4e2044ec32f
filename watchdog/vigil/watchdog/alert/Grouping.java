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
import vigil.watchdog.store.Outbox;

/**
 * Root-cause grouping: when two or more workflows that share a credential went missed or failed
 * within one evaluation window, each recipient gets one alert naming the credential instead of
 * one per workflow. Everything else stays a single alert.
 */
public final class Grouping {
    private Grouping() {}

    /** A unit of delivery: one delivery, or several to one destination caused by one credential. */
    public record Unit(String credential, List<Outbox.Delivery> deliveries) {
        public boolean grouped() {
            return credential != null;
        }
    }

    public static List<Unit> of(
            List<Outbox.Delivery> due, Function<String, List<String>> credentialsOf, Duration window) {
        Map<String, List<Outbox.Delivery>> byDestination = new LinkedHashMap<>();
        for (Outbox.Delivery d : due) {
            byDestination
                    .computeIfAbsent(d.destination(), k -> new ArrayList<>())
                    .add(d);
        }
        List<Unit> units = new ArrayList<>();
        for (List<Outbox.Delivery> deliveries : byDestination.values()) {
            Set<Long> taken = new HashSet<>();
            Map<String, List<Outbox.Delivery>> byCredential = new LinkedHashMap<>();
            for (Outbox.Delivery d : deliveries) {
                if (bad(d)) {
                    for (String credential : credentialsOf.apply(d.alert().workflow())) {
                        byCredential
                                .computeIfAbsent(credential, k -> new ArrayList<>())
                                .add(d);
                    }
                }
            }
            byCredential.entrySet().stream()
                    .sorted(Comparator.comparingInt((Map.Entry<String, List<Outbox.Delivery>> e) ->
                                    -e.getValue().size())
                            .thenComparing(Map.Entry::getKey))
                    .forEach(e -> {
                        List<Outbox.Delivery> group = new ArrayList<>();
                        Set<String> workflows = new HashSet<>();
                        for (Outbox.Delivery d : e.getValue()) {
                            if (!taken.contains(d.id())
                                    && workflows.add(d.alert().workflow())
                                    && (group.isEmpty() || within(group.get(0), d, window))) {
                                group.add(d);
                            }
                        }
                        if (group.size() >= 2) {
                            group.forEach(d -> taken.add(d.id()));
                            units.add(new Unit(e.getKey(), group));
                        }
                    });
            for (Outbox.Delivery d : deliveries) {
                if (!taken.contains(d.id())) {
                    units.add(new Unit(null, List.of(d)));
                }
            }
        }
        return units;
    }

    private static boolean bad(Outbox.Delivery d) {
        return !d.isSummary()
                && (d.alert().to().equals("missed") || d.alert().to().equals("failed"));
    }

    private static boolean within(Outbox.Delivery first, Outbox.Delivery d, Duration window) {
        return Duration.between(first.alert().created(), d.alert().created())
                        .abs()
                        .compareTo(window)
                <= 0;
    }
}
