package vigil.inventory.impact;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import vigil.inventory.Credential;
import vigil.inventory.Definition;
import vigil.inventory.Directory;
import vigil.inventory.Inventory;
import vigil.inventory.Observed;
import vigil.inventory.OwnershipIndex;
import vigil.inventory.Person;
import vigil.inventory.Reach;
import vigil.inventory.Route;
import vigil.inventory.Workflow;
import vigil.inventory.load.Suggest;

/**
 * Computes an {@link ImpactReport}. Through the inventory's {@link OwnershipIndex} it visits the
 * leavers, the aliases they are in, and what those own, the workflows using those credentials and
 * routing to those addresses: its cost follows what the people leaving touch, not the size of the
 * inventory (docs/performance.md). Lists come in inventory order, as a pass over the whole
 * inventory would give them.
 */
public final class Impact {
    private static final int MAX_CANDIDATES = 5;

    private final Inventory inventory;
    private final Set<String> leaving;
    private final Set<String> rejected;
    private final OwnershipIndex index;
    /** The leavers and the aliases they are in; see {@link #touched(OwnershipIndex, Set)}. */
    private final Set<String> touched;

    private final Directory before;
    private final Directory after;
    /** Everyone counted as active: who is behind an alias at all, for the managers of its members. */
    private final Directory ever;
    /** The active members (after the departure) of each owning alias asked about, sorted. */
    private final Map<String, List<String>> teams = new HashMap<>();
    /** {@link #lost(String)} of each owner asked about. */
    private final Map<String, Boolean> lost = new HashMap<>();
    /** {@link #change(int)} of each route asked about, by route id ({@link OwnershipIndex#route}). */
    private final Change[] changes;
    /** Why a workflow using each credential that loses its owner breaks, by credential id. */
    private final Map<String, String> credentialReasons = new HashMap<>();
    /** The credentials that lose their owner, by id. */
    private final Map<String, Credential> lostCredentials = new HashMap<>();

    private Impact(Inventory inventory, Set<String> leaving, Set<String> rejected) {
        this.inventory = inventory;
        this.leaving = leaving;
        this.rejected = rejected;
        this.index = inventory.ownership();
        this.touched = touched(index, leaving);
        this.before = inventory.directory();
        this.after = before.without(leaving, touched);
        this.ever = new Directory(inventory, p -> true);
        this.changes = new Change[index.distinctRoutes()];
    }

    /**
     * The impact of deactivating {@code people} together. {@code rejected} holds addresses the
     * mail server already refused permanently (their routes are dark before anyone leaves).
     */
    public static ImpactReport of(Inventory inventory, Collection<String> people, Set<String> rejected)
            throws UnknownPersonException {
        return of(inventory, people, rejected, List.of());
    }

    /**
     * As {@link #of(Inventory, Collection, Set)}, counting what the platforms really do ({@code
     * definitions}, docs/discovery.md): the routes and credentials a workflow's platform definition
     * has beside the inventory's, and the platform workflows nobody inventoried (by their {@code
     * SOURCE:REF}).
     */
    public static ImpactReport of(
            Inventory inventory, Collection<String> people, Set<String> rejected, Collection<Definition> definitions)
            throws UnknownPersonException {
        inventory = Observed.effective(inventory, definitions);
        Set<String> leaving = new LinkedHashSet<>();
        for (String raw : people) {
            String email = raw.trim().toLowerCase(Locale.ROOT);
            if (inventory.person(email).isEmpty()) {
                if (inventory.alias(email).isPresent()) {
                    throw new UnknownPersonException(
                            "'" + email + "' is an alias, not a person; name the people who are leaving");
                }
                List<String> known =
                        inventory.people().stream().map(Person::email).toList();
                throw new UnknownPersonException("unknown person '" + email + "'" + Suggest.hint(email, known));
            }
            leaving.add(email);
        }
        if (leaving.isEmpty()) {
            throw new UnknownPersonException("name at least one person");
        }
        return new Impact(inventory, leaving, rejected).report();
    }

    private ImpactReport report() {
        Set<String> weakened = weakened(touched);

        Positions owned = new Positions();
        for (String address : weakened) {
            index.credentialsOwnedBy(address, owned);
        }
        Map<String, ImpactReport.CredentialImpact> credentials = new LinkedHashMap<>();
        for (int position : owned.ascending()) {
            Credential c = index.credential(position);
            if (lost(c.owner())) {
                lostCredentials.put(c.id(), c);
                boolean direct = leaving.contains(c.owner());
                credentialReasons.put(
                        c.id(),
                        "uses credential " + c.id() + " owned by " + c.owner()
                                + (direct ? "" : ", which has no active member left"));
                credentials.put(
                        c.id(),
                        new ImpactReport.CredentialImpact(
                                c.id(),
                                direct ? "owned" : "owned-through-alias",
                                direct ? null : c.owner(),
                                index.workflowIdsUsing(c.id())));
            }
        }

        // The workflows concerned, and how, found from the index: those listing a lost credential
        // (the reason; several listings are read from the workflow, in its order), those whose
        // owner is lost (the reason) and those routing to a weakened address: only these need
        // their routes read.
        Positions concerned = new Positions();
        Map<Integer, String> usesLost = new HashMap<>();
        Set<Integer> usesSeveral = new HashSet<>();
        for (String id : credentials.keySet()) {
            String reason = credentialReasons.get(id);
            index.workflowsUsing(id, position -> {
                concerned.accept(position);
                if (usesLost.putIfAbsent(position, reason) != null) {
                    usesSeveral.add(position);
                }
            });
        }
        Map<Integer, String> ownerLost = new HashMap<>();
        Set<Integer> routing = new HashSet<>();
        for (String address : weakened) {
            if (lost(address)) {
                String reason =
                        "owned by " + address + (leaving.contains(address) ? "" : ", which has no active member left");
                index.workflowsOwnedBy(address, position -> {
                    concerned.accept(position);
                    ownerLost.put(position, reason);
                });
            }
            index.workflowsRoutingTo(address, position -> {
                concerned.accept(position);
                routing.add(position);
            });
        }
        Positions ownerless = new Positions();
        List<ImpactReport.WorkflowImpact> workflows = new ArrayList<>();
        List<ImpactReport.RouteImpact> routes = new ArrayList<>();
        for (int position : concerned.ascending()) {
            Workflow w = index.workflow(position);
            List<String> reasons = new ArrayList<>();
            if (usesSeveral.contains(position)) {
                for (String id : w.credentials()) {
                    String reason = credentialReasons.get(id);
                    if (reason != null) {
                        reasons.add(reason);
                    }
                }
            } else {
                String reason = usesLost.get(position);
                if (reason != null) {
                    reasons.add(reason);
                }
            }
            String ownerReason = ownerLost.get(position);
            if (ownerReason != null) {
                reasons.add(ownerReason);
                ownerless.accept(position);
            }
            if (routing.contains(position)) {
                routes(position, w, reasons, routes);
            }
            if (!reasons.isEmpty()) {
                workflows.add(new ImpactReport.WorkflowImpact(w.id(), reasons));
            }
        }

        List<ImpactReport.AliasImpact> aliases = new ArrayList<>();
        List<String> inUse = weakened.stream()
                .filter(a -> index.aliasUseOrder(a) >= 0)
                .sorted(Comparator.comparingInt(index::aliasUseOrder))
                .toList();
        for (String alias : inUse) {
            int was = before.activePeopleBehind(alias).size();
            int now = after.activePeopleBehind(alias).size();
            if (now < was && now < Directory.DURABLE_MEMBERS) {
                aliases.add(new ImpactReport.AliasImpact(alias, now));
            }
        }

        List<ImpactReport.Suggestion> suggestions = suggestions(credentials, ownerless);
        boolean blocked = !workflows.isEmpty() || !aliases.isEmpty();
        return new ImpactReport(
                List.copyOf(leaving),
                blocked ? ImpactReport.BLOCKED : ImpactReport.CLEAR,
                List.copyOf(credentials.values()),
                List.copyOf(workflows),
                routes,
                aliases,
                suggestions);
    }

    /**
     * The leavers and every alias they are in, through nested aliases: the only addresses whose
     * active people can change, so the only owners that can be lost, route targets that can go dark
     * and aliases that can weaken. (More than that at times, never less: an alias here may lose
     * nobody, the leaver being inactive already or reached only through a person's address.)
     */
    private static Set<String> touched(OwnershipIndex index, Set<String> leaving) {
        Set<String> touched = new LinkedHashSet<>(leaving);
        Deque<String> todo = new ArrayDeque<>(leaving);
        while (!todo.isEmpty()) {
            for (String alias : index.aliasesWithMember(todo.pop())) {
                if (touched.add(alias)) {
                    todo.push(alias);
                }
            }
        }
        return touched;
    }

    /**
     * Of {@code touched}, the addresses whose departure can show in the report: the leavers, and the
     * aliases left with fewer active people than before and fewer than {@link
     * Directory#DURABLE_MEMBERS}. An owner is lost only when none is left, and a route only goes
     * dark (none left) or stops being durable (fewer than two); an alias that keeps two or more
     * changes nothing that the report shows, however much it owns or receives.
     */
    private Set<String> weakened(Set<String> touched) {
        Set<String> weakened = new LinkedHashSet<>();
        for (String address : touched) {
            int now = after.activePeopleBehind(address).size();
            if (leaving.contains(address)
                    || now < Directory.DURABLE_MEMBERS
                            && now < before.activePeopleBehind(address).size()) {
                weakened.add(address);
            }
        }
        return weakened;
    }

    /**
     * Whether {@code owner} stops owning anything after the departure: a leaver, or an alias whose
     * last active members leave.
     */
    private boolean lost(String owner) {
        Boolean known = lost.get(owner);
        if (known == null) {
            known = leaving.contains(owner)
                    || inventory.alias(owner).isPresent()
                            && after.activePeopleBehind(owner).isEmpty()
                            && !before.activePeopleBehind(owner).isEmpty();
            lost.put(owner, known);
        }
        return known;
    }

    /** How a route reaches people before and after the departure. */
    private record Change(Reach was, Reach now) {}

    /**
     * Each distinct route (an address or a channel) is followed to people once per report, and
     * once only when the address it reaches is not {@link #touched}: nobody leaving is behind it.
     */
    private Change change(int id) {
        Change known = changes[id];
        if (known == null) {
            Route route = index.route(id);
            Reach was = Reach.of(route, before, rejected);
            known = new Change(was, touched.contains(index.routeAddress(id)) ? Reach.of(route, after, rejected) : was);
            changes[id] = known;
        }
        return known;
    }

    private void routes(int position, Workflow w, List<String> reasons, List<ImpactReport.RouteImpact> out) {
        boolean durableBefore = false;
        boolean durableAfter = false;
        boolean liveBefore = false;
        boolean liveAfter = false;
        for (int slot = index.routesFrom(position); slot < index.routesFrom(position + 1); slot++) {
            int id = index.routeId(slot);
            Change change = change(id);
            Reach was = change.was();
            Reach now = change.now();
            durableBefore |= was.kind() == Reach.Kind.DURABLE;
            durableAfter |= now.kind() == Reach.Kind.DURABLE;
            liveBefore |= was.live();
            liveAfter |= now.live();
            if (was.live() && !now.live()) {
                out.add(new ImpactReport.RouteImpact(w.id(), index.route(id).target(), "goes dark"));
            } else if (was.kind() == Reach.Kind.DURABLE && now.kind() != Reach.Kind.DURABLE) {
                out.add(new ImpactReport.RouteImpact(w.id(), index.route(id).target(), "no longer durable"));
            }
        }
        if (liveBefore && !liveAfter) {
            reasons.add("every error route goes dark: failures would reach nobody");
        } else if (durableBefore && !durableAfter) {
            reasons.add("loses its last durable error route");
        }
    }

    private List<ImpactReport.Suggestion> suggestions(
            Map<String, ImpactReport.CredentialImpact> credentials, Positions ownerless) {
        List<ImpactReport.Suggestion> out = new ArrayList<>();
        for (ImpactReport.CredentialImpact ci : credentials.values()) {
            Set<String> candidates = new LinkedHashSet<>();
            Credential c = lostCredentials.get(ci.id());
            managersOf(c.owner(), candidates);
            for (String workflowId : ci.workflows()) {
                if (candidates.size() >= MAX_CANDIDATES) {
                    break; // later candidates come after the ones shown
                }
                inventory.workflow(workflowId).ifPresent(w -> teamOf(w.owner(), candidates));
            }
            add(out, ci.id(), candidates);
        }
        for (int position : ownerless.inOrder()) {
            Workflow w = index.workflow(position);
            Set<String> candidates = new LinkedHashSet<>();
            managersOf(w.owner(), candidates);
            for (int slot = index.routesFrom(position); slot < index.routesFrom(position + 1); slot++) {
                String address = index.routeAddress(index.routeId(slot));
                if (address != null) {
                    teamOf(address, candidates);
                }
            }
            add(out, w.id(), candidates);
        }
        return out;
    }

    private static void add(List<ImpactReport.Suggestion> out, String forId, Set<String> candidates) {
        out.add(new ImpactReport.Suggestion(
                forId, candidates.stream().limit(MAX_CANDIDATES).toList()));
    }

    /** The nearest active manager up the chain of each person behind {@code owner}. */
    private void managersOf(String owner, Set<String> candidates) {
        Set<String> owners = inventory.person(owner).isPresent() ? Set.of(owner) : membersEver(owner);
        for (String person : owners) {
            Set<String> seen = new HashSet<>();
            String manager = inventory.person(person).map(Person::manager).orElse(null);
            while (manager != null && seen.add(manager)) {
                if (after.isActive(manager)) {
                    candidates.add(manager);
                    break;
                }
                manager = inventory.person(manager).map(Person::manager).orElse(null);
            }
        }
    }

    /** Active members (after the departure) of an owning alias. */
    private void teamOf(String owner, Set<String> candidates) {
        if (inventory.alias(owner).isPresent()) {
            candidates.addAll(teams.computeIfAbsent(
                    owner, a -> after.activePeopleBehind(a).stream().sorted().toList()));
        }
    }

    private Set<String> membersEver(String alias) {
        return ever.activePeopleBehind(alias);
    }

    /** Positions in the inventory's lists, gathered in any order and with repeats. */
    private static final class Positions implements IntConsumer {
        private int[] values = new int[16];
        private int size;

        @Override
        public void accept(int position) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = position;
        }

        /** The positions as gathered. */
        int[] inOrder() {
            return Arrays.copyOf(values, size);
        }

        /** Each position once, ascending: inventory order. */
        int[] ascending() {
            int[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            int distinct = 0;
            for (int i = 0; i < sorted.length; i++) {
                if (i == 0 || sorted[i] != sorted[i - 1]) {
                    sorted[distinct++] = sorted[i];
                }
            }
            return Arrays.copyOf(sorted, distinct);
        }
    }
}
