package vigil.inventory.audit;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import vigil.inventory.Definition;
import vigil.inventory.Observed;
import vigil.inventory.Route;
import vigil.inventory.Workflow;
import vigil.inventory.load.Durations;
import vigil.inventory.schedule.CronExpression;
import vigil.inventory.schedule.InvalidCronException;
import vigil.inventory.schedule.Schedule;

/**
 * The rules that set the inventory beside the platforms' own definitions (docs/discovery.md):
 * {@code inventory-drift} where they disagree (an error for routes and credentials, a warning for
 * the schedule and pausing; the message shows both sides), {@code workflow-uninventoried} for
 * scheduled automation nobody inventoried, and {@code definition-unreadable} for what Vigil could
 * not understand in a definition.
 */
final class Drift {
    /** Due instants compared to tell whether two schedules are the same. */
    static final int COMPARED = 24;

    private Drift() {}

    static void compare(Workflow w, Definition d, Observed observed, LocalDate today, List<Finding> out) {
        routes(w, d, out);
        credentials(w, d, observed, out);
        schedule(w, d, today, out);
        if (w.paused() != d.paused()) {
            out.add(new Finding(
                    "inventory-drift",
                    Severity.WARNING,
                    w.id(),
                    "paused",
                    (d.paused() ? "paused" : "active") + " on " + d.source() + ", but the inventory says "
                            + (w.paused() ? "paused: true" : "it runs") + "; set 'paused' to what the platform does"));
        }
    }

    /** Mail routes are compared when the platform sends its errors by mail at all. */
    private static void routes(Workflow w, Definition d, List<Finding> out) {
        Set<String> platform = new TreeSet<>();
        List<String> where = new ArrayList<>();
        for (Definition.PlatformRoute r : d.routes()) {
            if (r.mail() && platform.add(r.target().toLowerCase(Locale.ROOT))) {
                where.add(r.target() + " (" + r.where() + ")");
            }
        }
        if (platform.isEmpty()) {
            return;
        }
        Set<String> inventory = new TreeSet<>();
        for (Route r : w.routes()) {
            if (r instanceof Route.Email) {
                inventory.add(r.target().toLowerCase(Locale.ROOT));
            }
        }
        if (!platform.equals(inventory)) {
            out.add(new Finding(
                    "inventory-drift",
                    Severity.ERROR,
                    w.id(),
                    "routes",
                    "on " + d.source() + " its errors are mailed to " + String.join(", ", where)
                            + "; the inventory says "
                            + (inventory.isEmpty() ? "no address" : String.join(", ", inventory))
                            + ": make the platform mail a team alias and the inventory say so"));
        }
    }

    private static void credentials(Workflow w, Definition d, Observed observed, List<Finding> out) {
        List<String> unmapped = new ArrayList<>();
        List<String> unlisted = new ArrayList<>();
        Set<String> used = new java.util.HashSet<>();
        for (Definition.Handle h : d.credentials()) {
            String ref = Observed.ref(d.source(), h);
            String label = h.label() == null ? ref : ref + " (" + h.label() + ")";
            observed.credential(d.source(), h)
                    .ifPresentOrElse(
                            id -> {
                                used.add(id);
                                if (!w.credentials().contains(id)) {
                                    unlisted.add("'" + id + "' as " + label);
                                }
                            },
                            () -> unmapped.add(label));
        }
        List<String> unused = new ArrayList<>();
        for (String id : w.credentials()) {
            observed.inventory().credential(id).ifPresent(c -> {
                boolean onThisSource = c.refs().stream().anyMatch(r -> r.startsWith(d.source() + ":"));
                if (onThisSource && !used.contains(id)) {
                    unused.add("'" + id + "'");
                }
            });
        }
        if (!unmapped.isEmpty()) {
            out.add(new Finding(
                    "inventory-drift",
                    Severity.ERROR,
                    w.id(),
                    "credentials",
                    "on " + d.source() + " it uses " + String.join(", ", unmapped)
                            + ", which no inventory credential's 'refs' name: add the credential (or the ref to"
                            + " it) so that its owner's departure shows in 'impact'"));
        }
        if (!unlisted.isEmpty()) {
            out.add(new Finding(
                    "inventory-drift",
                    Severity.ERROR,
                    w.id(),
                    "credentials",
                    "on " + d.source() + " it uses " + String.join(", ", unlisted)
                            + ", which its inventory entry does not list: add it to 'credentials'"));
        }
        if (!unused.isEmpty()) {
            out.add(new Finding(
                    "inventory-drift",
                    Severity.ERROR,
                    w.id(),
                    "credentials",
                    "the inventory says it uses " + String.join(", ", unused) + ", but its definition on " + d.source()
                            + " no longer does: remove it from 'credentials'"));
        }
    }

    private static void schedule(Workflow w, Definition d, LocalDate today, List<Finding> out) {
        if (w.schedule() == null) {
            return;
        }
        ZoneId platformZone = zone(d.timezone(), w.timezone());
        List<Schedule> platform = new ArrayList<>();
        for (String text : d.schedules()) {
            Schedule s = parse(text);
            if (s == null) {
                return; // said by definition-unreadable
            }
            platform.add(s);
        }
        String inventorySide = w.schedule().describe() + " (" + w.timezone() + ")";
        if (platform.isEmpty()) {
            out.add(new Finding(
                    "inventory-drift",
                    Severity.WARNING,
                    w.id(),
                    "schedule",
                    "on " + d.source() + " it runs on no schedule, but the inventory expects it " + inventorySide
                            + ": Vigil will report every expected run as missed"));
            return;
        }
        Instant from = today.atStartOfDay(ZoneOffset.UTC).toInstant();
        if (!same(w.schedule(), w.timezone(), platform, platformZone, from)) {
            out.add(new Finding(
                    "inventory-drift",
                    Severity.WARNING,
                    w.id(),
                    "schedule",
                    "on " + d.source() + " it runs " + String.join(" and ", d.schedules()) + " ("
                            + (d.timezone() == null ? "the platform's default zone" : d.timezone())
                            + "), but the inventory expects " + inventorySide
                            + ": Vigil judges its runs by the inventory's schedule; make them agree"));
        }
    }

    private static ZoneId zone(String text, ZoneId fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            return ZoneId.of(text);
        } catch (java.time.DateTimeException e) {
            return fallback;
        }
    }

    /** A schedule as a definition writes it ({@code 5-field cron} or {@code every 15m}); null if unreadable. */
    static Schedule parse(String text) {
        if (text.startsWith("every ")) {
            String written = text.substring("every ".length()).trim();
            return Durations.parse(written)
                    .<Schedule>map(d -> new Schedule.Every(d, written))
                    .orElse(null);
        }
        try {
            return new Schedule.Cron(CronExpression.parse(text));
        } catch (InvalidCronException e) {
            return null;
        }
    }

    /**
     * Whether {@code a} in {@code zoneA} and the union of {@code b} in {@code zoneB} fall due alike:
     * the same next {@link #COMPARED} instants from {@code from}; where an interval ({@code every})
     * is involved, which has no fixed start, the same gaps between them.
     */
    static boolean same(Schedule a, ZoneId zoneA, Collection<Schedule> b, ZoneId zoneB, Instant from) {
        List<Instant> left = due(List.of(a), zoneA, from);
        List<Instant> right = due(b, zoneB, from);
        boolean interval = a instanceof Schedule.Every || b.stream().anyMatch(s -> s instanceof Schedule.Every);
        return interval ? gaps(left).equals(gaps(right)) : left.equals(right);
    }

    private static List<Instant> due(Collection<Schedule> schedules, ZoneId zone, Instant from) {
        TreeSet<Instant> due = new TreeSet<>();
        for (Schedule s : schedules) {
            Instant at = from;
            for (int i = 0; i < COMPARED; i++) {
                at = s.next(at, zone);
                if (at == null) {
                    break;
                }
                due.add(at);
            }
        }
        return due.stream().limit(COMPARED).toList();
    }

    private static List<Duration> gaps(List<Instant> due) {
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < due.size(); i++) {
            gaps.add(Duration.between(due.get(i - 1), due.get(i)));
        }
        return gaps;
    }

    static void uninventoried(Definition d, List<Finding> out) {
        if (!d.scheduled()) {
            return;
        }
        out.add(new Finding(
                "workflow-uninventoried",
                Severity.WARNING,
                Observed.platformId(d),
                d.source(),
                "'" + d.name() + "' runs on " + d.source() + " (" + String.join(" and ", d.schedules())
                        + ") but no inventory entry watches it: nobody is told when it stops; 'vigil discover "
                        + d.source() + "' proposes the entry"));
    }

    static void unreadable(Observed observed, List<Finding> out) {
        java.util.Map<String, String> watchedBy = new java.util.HashMap<>();
        for (Workflow w : observed.inventory().workflows()) {
            observed.definition(w).ifPresent(d -> watchedBy.put(Observed.platformId(d), w.id()));
        }
        List<Definition> all = new ArrayList<>();
        observed.inventory().workflows().forEach(w -> observed.definition(w).ifPresent(all::add));
        all.addAll(observed.uninventoried());
        for (Definition d : all) {
            if (!d.problems().isEmpty()) {
                String id = Observed.platformId(d);
                out.add(new Finding(
                        "definition-unreadable",
                        Severity.WARNING,
                        watchedBy.getOrDefault(id, id),
                        d.source(),
                        "Vigil could not fully read the definition of '" + d.name() + "' on " + d.source() + ": "
                                + String.join("; ", d.problems())
                                + "; what it did read is audited, the rest is not"));
            }
        }
    }
}
