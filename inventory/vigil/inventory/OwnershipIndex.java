package vigil.inventory;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * One inventory snapshot turned around: for an address, what it owns and which workflows route
 * to it; for a credential, the workflows using it; for a member, the aliases it is in. With it the
 * offboarding impact visits the people leaving, the aliases they are in and what those own or
 * receive, instead of every workflow (docs/performance.md, "Offboarding impact and audit").
 *
 * <p>Built once per snapshot ({@link Inventory#ownership()}; the inventory never changes).
 * Workflows and credentials are named by their position in {@link Inventory#workflows()} and
 * {@link Inventory#credentials()}, so that a caller listing what it found in inventory order sorts
 * a few positions rather than walking everything.
 */
public final class OwnershipIndex {
    private static final int[] NONE = {};

    private final Workflow[] workflows;
    private final Credential[] credentials;
    private final Map<String, int[]> credentialsByOwner;
    private final Map<String, int[]> workflowsByOwner;
    private final Map<String, int[]> workflowsByCredential;
    private final Map<String, int[]> workflowsByRouteAddress;
    private final Map<String, List<String>> aliasesByMember;
    private final Map<String, Integer> aliasUseOrder;
    /** Each distinct route of any workflow, and the address it reaches first (null: nobody). */
    private final Route[] routes;

    private final String[] routeAddresses;
    /** Workflow i's routes are {@code routeIds[routeStart[i]]} up to {@code routeStart[i + 1]}. */
    private final int[] routeStart;

    private final int[] routeIds;

    private OwnershipIndex(Inventory inventory) {
        workflows = inventory.workflows().toArray(new Workflow[0]);
        credentials = inventory.credentials().toArray(new Credential[0]);

        Map<String, Positions> byOwner = new HashMap<>();
        for (int i = 0; i < credentials.length; i++) {
            byOwner.computeIfAbsent(credentials[i].owner(), k -> new Positions())
                    .add(i);
        }
        credentialsByOwner = freeze(byOwner);

        Map<String, Positions> owners = new HashMap<>();
        Map<String, Positions> users = new HashMap<>();
        Map<String, Positions> receivers = new HashMap<>();
        Map<Route, Integer> distinct = new LinkedHashMap<>();
        Positions routeList = new Positions();
        routeStart = new int[workflows.length + 1];
        for (int i = 0; i < workflows.length; i++) {
            Workflow w = workflows[i];
            owners.computeIfAbsent(w.owner(), k -> new Positions()).add(i);
            for (String c : w.credentials()) {
                users.computeIfAbsent(c, k -> new Positions()).add(i);
            }
            routeStart[i] = routeList.size;
            for (Route r : w.routes()) {
                routeList.add(distinct.computeIfAbsent(r, k -> distinct.size()));
                String address = address(inventory, r);
                if (address != null) {
                    receivers.computeIfAbsent(address, k -> new Positions()).add(i);
                }
            }
        }
        routeStart[workflows.length] = routeList.size;
        routeIds = routeList.toArray();
        routes = distinct.keySet().toArray(new Route[0]);
        routeAddresses = new String[routes.length];
        for (int id = 0; id < routes.length; id++) {
            routeAddresses[id] = address(inventory, routes[id]);
        }
        workflowsByOwner = freeze(owners);
        workflowsByCredential = freeze(users);
        workflowsByRouteAddress = freeze(receivers);

        Map<String, List<String>> parents = new HashMap<>();
        for (Alias a : inventory.aliases()) {
            for (String member : a.members()) {
                parents.computeIfAbsent(member, k -> new java.util.ArrayList<>())
                        .add(a.email());
            }
        }
        parents.replaceAll((member, aliases) -> List.copyOf(aliases));
        aliasesByMember = parents;

        aliasUseOrder = numberAliasesInUse(inventory);
    }

    /** Builds the index of {@code inventory}; one pass over each of its lists. */
    public static OwnershipIndex of(Inventory inventory) {
        return new OwnershipIndex(inventory);
    }

    /**
     * The address a route reaches first: an address route's own, a channel's owner (null for a
     * channel without one), the address {@link Reach} then follows to people.
     */
    private static String address(Inventory inventory, Route route) {
        return route instanceof Route.Channel ch
                ? inventory.channelOwner(ch.name()).orElse(null)
                : route.target();
    }

    /**
     * Each alias that a workflow's owner or route or a credential's owner names, numbered in the
     * order met: workflows first (owner, then routes in order), then credentials. The impact lists
     * the aliases it weakens in this order.
     */
    private static Map<String, Integer> numberAliasesInUse(Inventory inventory) {
        Map<String, Integer> order = new HashMap<>();
        for (Workflow w : inventory.workflows()) {
            number(inventory, w.owner(), order);
            for (Route r : w.routes()) {
                number(inventory, address(inventory, r), order);
            }
        }
        for (Credential c : inventory.credentials()) {
            number(inventory, c.owner(), order);
        }
        return order;
    }

    private static void number(Inventory inventory, String address, Map<String, Integer> order) {
        if (address != null && inventory.alias(address).isPresent()) {
            order.putIfAbsent(address, order.size());
        }
    }

    /** The workflow at {@code position} in {@link Inventory#workflows()}. */
    public Workflow workflow(int position) {
        return workflows[position];
    }

    /** The credential at {@code position} in {@link Inventory#credentials()}. */
    public Credential credential(int position) {
        return credentials[position];
    }

    /** How many distinct routes the workflows have: route ids run from 0 to this, excluded. */
    public int distinctRoutes() {
        return routes.length;
    }

    /** The route with id {@code id}. */
    public Route route(int id) {
        return routes[id];
    }

    /**
     * The address route {@code id} reaches first, which {@link Reach} follows: the route's own, or
     * its channel's owner; null for a channel nobody owns.
     */
    public String routeAddress(int id) {
        return routeAddresses[id];
    }

    /**
     * The ids of the routes of the workflow at {@code position}, in its order: {@link #routeId} of
     * each slot from {@code routesFrom(position)} up to {@code routesFrom(position + 1)}, excluded.
     * (Routes are read by id so that asking about a workflow's routes touches a few numbers, not
     * its lists and their objects.)
     */
    public int routesFrom(int position) {
        return routeStart[position];
    }

    /** The route id in {@code slot}; see {@link #routesFrom(int)}. */
    public int routeId(int slot) {
        return routeIds[slot];
    }

    /** The positions of the credentials {@code owner} owns directly, ascending. */
    public void credentialsOwnedBy(String owner, IntConsumer positions) {
        each(credentialsByOwner, owner, positions);
    }

    /** The positions of the workflows {@code owner} owns directly, ascending. */
    public void workflowsOwnedBy(String owner, IntConsumer positions) {
        each(workflowsByOwner, owner, positions);
    }

    /**
     * The positions of the workflows listing {@code credential}, ascending, once for each time a
     * workflow lists it.
     */
    public void workflowsUsing(String credential, IntConsumer positions) {
        each(workflowsByCredential, credential, positions);
    }

    /** The ids of the workflows listing {@code credential}, in inventory order, as often as listed. */
    public List<String> workflowIdsUsing(String credential) {
        int[] found = workflowsByCredential.getOrDefault(credential, NONE);
        String[] ids = new String[found.length];
        for (int i = 0; i < found.length; i++) {
            ids[i] = workflows[found[i]].id();
        }
        return List.of(ids);
    }

    /**
     * The positions of the workflows with a route to {@code address}: an address route to it, or a
     * route to a channel it owns. Ascending, once per such route.
     */
    public void workflowsRoutingTo(String address, IntConsumer positions) {
        each(workflowsByRouteAddress, address, positions);
    }

    /** The aliases listing {@code member} (a person, an alias, any address) among their members. */
    public List<String> aliasesWithMember(String member) {
        return aliasesByMember.getOrDefault(member, List.of());
    }

    /**
     * Where {@code alias} is first named by a workflow (owner, then routes) or else by a
     * credential's owner, counting only aliases: 0 for the first met. -1 if nothing names it.
     */
    public int aliasUseOrder(String alias) {
        return aliasUseOrder.getOrDefault(alias, -1);
    }

    private static void each(Map<String, int[]> index, String key, IntConsumer positions) {
        for (int p : index.getOrDefault(key, NONE)) {
            positions.accept(p);
        }
    }

    private static Map<String, int[]> freeze(Map<String, Positions> building) {
        Map<String, int[]> frozen = new HashMap<>(building.size() * 4 / 3 + 1);
        building.forEach((key, positions) -> frozen.put(key, positions.toArray()));
        return frozen;
    }

    /** A growing list of positions while the index is built. */
    private static final class Positions {
        private int[] values = new int[2];
        private int size;

        void add(int position) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = position;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
