package vigil.inventory.impact;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import vigil.inventory.Credential;
import vigil.inventory.Definition;
import vigil.inventory.Directory;
import vigil.inventory.Inventory;
import vigil.inventory.Observed;
import vigil.inventory.Person;
import vigil.inventory.Reach;
import vigil.inventory.Route;
import vigil.inventory.Workflow;
import vigil.inventory.load.Suggest;

/**
 * The offboarding impact as it was computed before {@link Impact} had the inventory's {@link
 * vigil.inventory.OwnershipIndex}: every workflow and credential visited for each question. Kept
 * unchanged as the reference {@code ImpactIndexPropertyTest} holds {@link Impact} to, and as the
 * "old" figure of {@code vigil.bench.ImpactBenchmark}.
 */
public final class FullPassImpact {
    private static final int MAX_CANDIDATES = 5;

    private final Inventory inventory;
    private final Set<String> leaving;
    private final Set<String> rejected;
    private final Directory before;
    private final Directory after;

    private FullPassImpact(Inventory inventory, Set<String> leaving, Set<String> rejected) {
        this.inventory = inventory;
        this.leaving = leaving;
        this.rejected = rejected;
        this.before = Directory.of(inventory);
        this.after = Directory.without(inventory, leaving);
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
        inventory = Observed.of(inventory, definitions).effective();
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
        return new FullPassImpact(inventory, leaving, rejected).report();
    }

    private ImpactReport report() {
        Map<String, ImpactReport.CredentialImpact> credentials = new LinkedHashMap<>();
        Map<String, List<String>> usedBy = new HashMap<>();
        for (Workflow w : inventory.workflows()) {
            for (String c : w.credentials()) {
                usedBy.computeIfAbsent(c, k -> new ArrayList<>()).add(w.id());
            }
        }
        for (Credential c : inventory.credentials()) {
            String lostOwner = lostOwner(c.owner());
            if (lostOwner != null) {
                boolean direct = leaving.contains(c.owner());
                credentials.put(
                        c.id(),
                        new ImpactReport.CredentialImpact(
                                c.id(),
                                direct ? "owned" : "owned-through-alias",
                                direct ? null : c.owner(),
                                usedBy.getOrDefault(c.id(), List.of())));
            }
        }

        Map<String, List<String>> workflowReasons = new LinkedHashMap<>();
        List<ImpactReport.RouteImpact> routes = new ArrayList<>();
        for (Workflow w : inventory.workflows()) {
            List<String> reasons = new ArrayList<>();
            for (String id : w.credentials()) {
                ImpactReport.CredentialImpact ci = credentials.get(id);
                if (ci != null) {
                    Credential c = inventory.credential(id).orElseThrow();
                    reasons.add("uses credential " + id + " owned by " + c.owner()
                            + (ci.via() == null ? "" : ", which has no active member left"));
                }
            }
            String lostOwner = lostOwner(w.owner());
            if (lostOwner != null) {
                reasons.add("owned by " + w.owner()
                        + (leaving.contains(w.owner()) ? "" : ", which has no active member left"));
            }
            routes(w, reasons, routes);
            if (!reasons.isEmpty()) {
                workflowReasons.put(w.id(), reasons);
            }
        }

        List<ImpactReport.AliasImpact> aliases = new ArrayList<>();
        for (String alias : aliasesInUse()) {
            int was = before.activePeopleBehind(alias).size();
            int now = after.activePeopleBehind(alias).size();
            if (now < was && now < Directory.DURABLE_MEMBERS) {
                aliases.add(new ImpactReport.AliasImpact(alias, now));
            }
        }

        List<ImpactReport.Suggestion> suggestions = suggestions(credentials, workflowReasons, usedBy);
        boolean blocked = !workflowReasons.isEmpty() || !aliases.isEmpty();
        return new ImpactReport(
                List.copyOf(leaving),
                blocked ? ImpactReport.BLOCKED : ImpactReport.CLEAR,
                List.copyOf(credentials.values()),
                workflowReasons.entrySet().stream()
                        .map(e -> new ImpactReport.WorkflowImpact(e.getKey(), e.getValue()))
                        .toList(),
                routes,
                aliases,
                suggestions);
    }

    /**
     * The address that stops owning anything after the departure: a leaver, or an alias whose
     * last active members leave. Null if the owner stays.
     */
    private String lostOwner(String owner) {
        if (leaving.contains(owner)) {
            return owner;
        }
        if (inventory.alias(owner).isPresent()
                && after.activePeopleBehind(owner).isEmpty()
                && !before.activePeopleBehind(owner).isEmpty()) {
            return owner;
        }
        return null;
    }

    private void routes(Workflow w, List<String> reasons, List<ImpactReport.RouteImpact> out) {
        boolean durableBefore = false;
        boolean durableAfter = false;
        boolean liveBefore = false;
        boolean liveAfter = false;
        for (Route route : w.routes()) {
            Reach was = Reach.of(route, before, rejected);
            Reach now = Reach.of(route, after, rejected);
            durableBefore |= was.kind() == Reach.Kind.DURABLE;
            durableAfter |= now.kind() == Reach.Kind.DURABLE;
            liveBefore |= was.live();
            liveAfter |= now.live();
            if (was.live() && !now.live()) {
                out.add(new ImpactReport.RouteImpact(w.id(), route.target(), "goes dark"));
            } else if (was.kind() == Reach.Kind.DURABLE && now.kind() != Reach.Kind.DURABLE) {
                out.add(new ImpactReport.RouteImpact(w.id(), route.target(), "no longer durable"));
            }
        }
        if (liveBefore && !liveAfter) {
            reasons.add("every error route goes dark: failures would reach nobody");
        } else if (durableBefore && !durableAfter) {
            reasons.add("loses its last durable error route");
        }
    }

    private Set<String> aliasesInUse() {
        Set<String> used = new LinkedHashSet<>();
        for (Workflow w : inventory.workflows()) {
            used.add(w.owner());
            for (Route r : w.routes()) {
                if (r instanceof Route.Channel ch) {
                    inventory.channelOwner(ch.name()).ifPresent(used::add);
                } else {
                    used.add(r.target());
                }
            }
        }
        for (Credential c : inventory.credentials()) {
            used.add(c.owner());
        }
        used.removeIf(a -> inventory.alias(a).isEmpty());
        return used;
    }

    private List<ImpactReport.Suggestion> suggestions(
            Map<String, ImpactReport.CredentialImpact> credentials,
            Map<String, List<String>> workflowReasons,
            Map<String, List<String>> usedBy) {
        List<ImpactReport.Suggestion> out = new ArrayList<>();
        for (ImpactReport.CredentialImpact ci : credentials.values()) {
            Set<String> candidates = new LinkedHashSet<>();
            Credential c = inventory.credential(ci.id()).orElseThrow();
            managersOf(c.owner(), candidates);
            for (String workflowId : usedBy.getOrDefault(c.id(), List.of())) {
                inventory.workflow(workflowId).ifPresent(w -> teamOf(w.owner(), candidates));
            }
            add(out, ci.id(), candidates);
        }
        for (String workflowId : workflowReasons.keySet()) {
            Workflow w = inventory.workflow(workflowId).orElseThrow();
            if (lostOwner(w.owner()) != null) {
                Set<String> candidates = new LinkedHashSet<>();
                managersOf(w.owner(), candidates);
                for (Route r : w.routes()) {
                    teamOf(
                            r instanceof Route.Channel ch
                                    ? inventory.channelOwner(ch.name()).orElse("")
                                    : r.target(),
                            candidates);
                }
                add(out, w.id(), candidates);
            }
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
            candidates.addAll(after.activePeopleBehind(owner).stream().sorted().toList());
        }
    }

    private Set<String> membersEver(String alias) {
        return new Directory(inventory, p -> true).activePeopleBehind(alias);
    }
}
