package vigil.inventory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The inventory beside what the platforms define (docs/discovery.md): which definition each
 * workflow watched through a source has, which definitions no workflow watches, and how a
 * platform's handle for a credential maps to an inventory credential (through its {@code refs}).
 * From these, a workflow's routes and credentials as the platform really has them, so that the
 * audit and the offboarding impact count them whatever the inventory says.
 */
public final class Observed {
    private final Inventory inventory;
    private final Map<String, Definition> bySourceRef = new LinkedHashMap<>();
    private final Map<String, Definition> byWorkflow = new HashMap<>();
    private final List<Definition> uninventoried = new ArrayList<>();
    private final Map<String, String> credentialByRef = new HashMap<>();

    private Observed(Inventory inventory, Collection<Definition> definitions) {
        this.inventory = inventory;
        for (Definition d : definitions) {
            bySourceRef.put(key(d.source(), d.ref()), d);
        }
        Set<String> watched = new java.util.HashSet<>();
        for (Workflow w : inventory.workflows()) {
            if (w.source() != null) {
                String key = key(w.source().server(), w.source().ref());
                watched.add(key);
                Definition d = bySourceRef.get(key);
                if (d != null) {
                    byWorkflow.put(w.id(), d);
                }
            }
        }
        for (Map.Entry<String, Definition> e : bySourceRef.entrySet()) {
            if (!watched.contains(e.getKey())) {
                uninventoried.add(e.getValue());
            }
        }
        for (Credential c : inventory.credentials()) {
            for (String ref : c.refs()) {
                credentialByRef.put(ref, c.id());
            }
        }
    }

    public static Observed of(Inventory inventory, Collection<Definition> definitions) {
        return new Observed(inventory, definitions);
    }

    private static String key(String source, String ref) {
        return source + '\u0000' + ref;
    }

    public Inventory inventory() {
        return inventory;
    }

    /** The platform's definition of a workflow watched through a source; empty if none was read. */
    public Optional<Definition> definition(Workflow workflow) {
        return Optional.ofNullable(byWorkflow.get(workflow.id()));
    }

    /** Definitions that no inventory workflow watches, by source and ref. */
    public List<Definition> uninventoried() {
        return uninventoried;
    }

    /** The inventory credential whose {@code refs} name {@code handle} on {@code source}. */
    public Optional<String> credential(String source, Definition.Handle handle) {
        return Optional.ofNullable(credentialByRef.get(source + ":" + handle.id()));
    }

    /** The handle as a credential's {@code refs} write it: {@code SERVER:HANDLE}. */
    public static String ref(String source, Definition.Handle handle) {
        return source + ":" + handle.id();
    }

    /** A platform route that is a mail address, as a route the audit can follow (lower-cased). */
    public static Optional<Route> route(Definition.PlatformRoute route) {
        return route.mail() ? Optional.of(new Route.Email(route.target().toLowerCase(Locale.ROOT))) : Optional.empty();
    }

    /** The platform's mail routes of {@code d} that {@code inventoryRoutes} does not list. */
    public static List<Definition.PlatformRoute> extraRoutes(Definition d, List<Route> inventoryRoutes) {
        Set<String> listed = new java.util.HashSet<>();
        for (Route r : inventoryRoutes) {
            listed.add(r.target().toLowerCase(Locale.ROOT));
        }
        List<Definition.PlatformRoute> extra = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (Definition.PlatformRoute r : d.routes()) {
            String target = r.target().toLowerCase(Locale.ROOT);
            if (r.mail() && !listed.contains(target) && seen.add(target)) {
                extra.add(r);
            }
        }
        return extra;
    }

    /** The inventory credentials {@code d} uses on its platform, as far as refs map them. */
    public List<String> mappedCredentials(Definition d) {
        Set<String> ids = new LinkedHashSet<>();
        for (Definition.Handle h : d.credentials()) {
            credential(d.source(), h).ifPresent(ids::add);
        }
        return List.copyOf(ids);
    }

    /**
     * The id the audit and the impact give a workflow that only the platform knows: {@code
     * SOURCE:REF}, which no inventory id can be (ids allow no colon).
     */
    public static String platformId(Definition d) {
        return d.source() + ":" + d.ref();
    }

    /** Whether {@code workflow} is a {@link #platformId}, not an inventory id. */
    public static boolean isPlatformId(String workflow) {
        return workflow.indexOf(':') >= 0;
    }

    /**
     * {@code Observed.of(inventory, definitions).effective()}, kept with the snapshot for the last
     * definitions asked about: the daemon asks again with equal definitions until a platform's
     * change is read, and the answer keeps its own {@link Inventory#ownership()} index, so only the
     * first question after a change pays for a pass over the inventory. Comparing the definitions
     * costs one look at each of them.
     */
    public static Inventory effective(Inventory inventory, Collection<Definition> definitions) {
        if (definitions.isEmpty()) {
            return inventory;
        }
        List<Definition> key = List.copyOf(definitions);
        Effective last = inventory.effective;
        if (last != null && last.definitions().equals(key)) {
            return last.inventory();
        }
        Inventory answer = of(inventory, key).effective();
        inventory.effective = new Effective(key, answer);
        return answer;
    }

    /** What {@link #effective(Inventory, Collection)} last answered, and for which definitions. */
    record Effective(List<Definition> definitions, Inventory inventory) {}

    /**
     * The inventory as the platforms really have it: each workflow watched through a source also
     * routes to its platform's mail routes and uses the inventory credentials its platform's handles
     * map to; each platform workflow nobody inventoried is there too, as {@link #platformId}, owned
     * by nobody, with its platform's routes and mapped credentials.
     */
    public Inventory effective() {
        if (bySourceRef.isEmpty()) {
            return inventory;
        }
        List<Workflow> workflows = new ArrayList<>();
        for (Workflow w : inventory.workflows()) {
            Definition d = byWorkflow.get(w.id());
            if (d == null) {
                workflows.add(w);
                continue;
            }
            List<Route> routes = new ArrayList<>(w.routes());
            extraRoutes(d, w.routes()).forEach(r -> route(r).ifPresent(routes::add));
            Set<String> credentials = new LinkedHashSet<>(w.credentials());
            credentials.addAll(mappedCredentials(d));
            workflows.add(new Workflow(
                    w.id(),
                    w.name(),
                    w.owner(),
                    w.schedule(),
                    w.timezone(),
                    w.grace(),
                    List.copyOf(credentials),
                    routes,
                    w.ping(),
                    w.source(),
                    w.paused(),
                    w.normal(),
                    w.budget()));
        }
        for (Definition d : uninventoried) {
            List<Route> routes = new ArrayList<>();
            extraRoutes(d, List.of()).forEach(r -> route(r).ifPresent(routes::add));
            workflows.add(new Workflow(
                    platformId(d),
                    d.name(),
                    "",
                    null,
                    null,
                    null,
                    mappedCredentials(d),
                    routes,
                    null,
                    new Source(null, d.source(), d.ref()),
                    d.paused()));
        }
        return new Inventory(
                inventory.people(), inventory.aliases(), inventory.credentials(), workflows, inventory.channelOwners());
    }
}
