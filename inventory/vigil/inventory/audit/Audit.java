package vigil.inventory.audit;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import vigil.inventory.Credential;
import vigil.inventory.CredentialKind;
import vigil.inventory.Definition;
import vigil.inventory.Directory;
import vigil.inventory.DirectoryOverlay;
import vigil.inventory.Inventory;
import vigil.inventory.Observed;
import vigil.inventory.PingUuid;
import vigil.inventory.Reach;
import vigil.inventory.Route;
import vigil.inventory.Workflow;

/** Runs every audit rule of docs/audit.md over one inventory, as of one day. */
public final class Audit {
    public static final int EXPIRY_WARNING_DAYS = 30;

    private static final Comparator<Finding> ORDER = Comparator.comparing(Finding::severity)
            .thenComparing(Finding::rule)
            .thenComparing(f -> Objects.toString(f.workflow(), ""))
            .thenComparing(f -> Objects.toString(f.target(), ""));

    private Audit() {}

    public static List<Finding> run(Inventory inventory, AuditEvidence evidence, LocalDate today) {
        Directory directory = Directory.of(inventory);
        Observed observed = Observed.of(inventory, evidence.definitions());
        List<Finding> findings = new ArrayList<>();
        for (Workflow workflow : inventory.workflows()) {
            Definition definition = observed.definition(workflow).orElse(null);
            List<Definition.PlatformRoute> platformRoutes =
                    definition == null ? List.of() : Observed.extraRoutes(definition, workflow.routes());
            routes(workflow.id(), workflow.routes(), platformRoutes, definition, directory, evidence, findings);
            owner(workflow, directory, findings);
            personal(workflow.id(), workflow.credentials(), null, inventory, findings);
            if (definition != null) {
                List<String> platformOnly = observed.mappedCredentials(definition).stream()
                        .filter(c -> !workflow.credentials().contains(c))
                        .toList();
                personal(workflow.id(), platformOnly, definition, inventory, findings);
                Drift.compare(workflow, definition, observed, today, findings);
            }
        }
        for (Definition d : observed.uninventoried()) {
            String id = Observed.platformId(d);
            if (!d.paused()) { // a paused workflow sends no errors anywhere
                routes(id, List.of(), Observed.extraRoutes(d, List.of()), d, directory, evidence, findings);
            }
            personal(id, observed.mappedCredentials(d), d, inventory, findings);
            Drift.uninventoried(d, findings);
        }
        Drift.unreadable(observed, findings);
        for (Credential credential : inventory.credentials()) {
            credential(credential, directory, today, findings);
        }
        strays(evidence.strays(), findings);
        for (AuditEvidence.Blind b : evidence.blind()) {
            long watched = inventory.workflows().stream()
                    .filter(w ->
                            w.source() != null && b.source().equals(w.source().server()))
                    .count();
            findings.add(new Finding(
                    b.auth() ? "source-auth" : "source-unreachable",
                    Severity.ERROR,
                    null,
                    b.source(),
                    "Vigil cannot read source '" + b.source() + "' (" + b.failures() + " polls in a row failed, the"
                            + " last at " + b.since() + ": " + b.error() + "); " + watched
                            + " workflow(s) watched through it are unseen until it answers"
                            + (b.auth() ? ": renew the key in vigil.yaml" : "")));
        }
        for (DirectoryOverlay.Conflict c : evidence.conflicts()) {
            boolean active = c.field().equals("active");
            findings.add(new Finding(
                    "directory-conflict",
                    active ? Severity.ERROR : Severity.WARNING,
                    null,
                    c.subject(),
                    "the inventory says " + c.field() + ": " + c.inventory() + " for " + c.subject() + ", the "
                            + c.source() + " directory says " + c.directory() + "; the inventory's value is used:"
                            + (active
                                    ? " remove 'active' from the inventory entry to follow the directory, or fix the"
                                            + " directory"
                                    : " remove it from the inventory entry to follow the directory")));
        }
        for (AuditEvidence.Failing f : evidence.failing()) {
            findings.add(new Finding(
                    "delivery-failing",
                    Severity.ERROR,
                    null,
                    f.destination(),
                    f.pending() + " notification(s) to " + f.destination() + " undelivered since " + f.since()
                            + " (last reason: " + f.reason() + "); they are retried with backoff until they"
                            + " go through: fix the cause, or the route"));
        }
        findings.sort(ORDER);
        return findings;
    }

    /** Stray ids reported one by one, the most pinged first; beyond that, the rest in one finding. */
    public static final int STRAYS_REPORTED = 10;

    private static void strays(List<AuditEvidence.Stray> strays, List<Finding> findings) {
        List<AuditEvidence.Stray> byPings = new ArrayList<>(strays);
        byPings.sort(
                Comparator.comparingLong(AuditEvidence.Stray::count).reversed().thenComparing(AuditEvidence.Stray::id));
        for (AuditEvidence.Stray stray : byPings.subList(0, Math.min(STRAYS_REPORTED, byPings.size()))) {
            findings.add(new Finding(
                    "stray-pings",
                    Severity.WARNING,
                    null,
                    stray.id(),
                    stray.count() + " ping(s) for '" + stray.id() + "', which is not in the inventory (last seen "
                            + stray.lastSeen() + "); the inventory is the source of truth, so add the workflow — "
                            + proposedEntry(stray.id()) + " — or stop the pings"));
        }
        if (byPings.size() > STRAYS_REPORTED) {
            List<AuditEvidence.Stray> rest = byPings.subList(STRAYS_REPORTED, byPings.size());
            long pings = rest.stream().mapToLong(AuditEvidence.Stray::count).sum();
            findings.add(new Finding(
                    "stray-pings",
                    Severity.WARNING,
                    null,
                    "*",
                    pings + " ping(s) for " + rest.size() + " further ids not in the inventory (fewer pings each);"
                            + " so many unknown ids usually mean a scan or a misconfigured ping URL;"
                            + " the " + STRAYS_REPORTED + " most pinged ids are reported one by one"));
        }
    }

    /** The inventory entry that would watch a stray's pings, to fill in and add. */
    static String proposedEntry(String strayId) {
        String ping = PingUuid.matches(strayId) ? "id: NAME, ping: " + strayId : "id: " + strayId;
        return "- { " + ping + ", owner: TEAM-ALIAS, schedule: \"CRON\", notify: [TEAM-ALIAS] }";
    }

    /** True when any finding is at error severity (the CLI then exits 3). */
    public static boolean hasErrors(List<Finding> findings) {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }

    /** {@code credential-personal} for each of {@code ids} that is a person's account. */
    private static void personal(
            String workflow, List<String> ids, Definition platform, Inventory inventory, List<Finding> out) {
        for (String id : ids) {
            inventory
                    .credential(id)
                    .filter(c -> c.kind() == CredentialKind.PERSONAL_ACCOUNT)
                    .ifPresent(c -> out.add(new Finding(
                            "credential-personal",
                            Severity.ERROR,
                            workflow,
                            c.id(),
                            "authenticates as a person through '" + c.id() + "' (owned by " + c.owner() + ")"
                                    + (platform == null ? "" : ", as its definition on " + platform.source() + " says")
                                    + "; move it to a service account owned by a team alias")));
        }
    }

    /**
     * The route rules over a workflow's inventory routes and the mail routes its platform really
     * has beside them ({@code platformRoutes}, said as such). A workflow only the platform knows
     * ({@code routes} empty, {@code platform} set) is not told it has no route: its platform may
     * alert by other means.
     */
    private static void routes(
            String workflow,
            List<Route> routes,
            List<Definition.PlatformRoute> platformRoutes,
            Definition platform,
            Directory directory,
            AuditEvidence evidence,
            List<Finding> out) {
        List<Route> all = new ArrayList<>(routes);
        List<String> notes = new ArrayList<>(java.util.Collections.nCopies(routes.size(), ""));
        for (Definition.PlatformRoute r : platformRoutes) {
            Observed.route(r).ifPresent(route -> {
                all.add(route);
                notes.add(" (set on " + platform.source() + ": " + r.where() + "; not in the inventory)");
            });
        }
        if (all.isEmpty()) {
            if (!Observed.isPlatformId(workflow)) {
                out.add(new Finding(
                        "workflow-no-route",
                        Severity.ERROR,
                        workflow,
                        null,
                        "has no notification route: nobody hears when it fails; add a team alias to 'notify'"));
            }
            return;
        }
        List<Reach> reaches = all.stream()
                .map(r -> Reach.of(r, directory, evidence.rejectedAddresses()))
                .toList();
        boolean hasDurable = reaches.stream().anyMatch(r -> r.kind() == Reach.Kind.DURABLE);
        for (int i = 0; i < reaches.size(); i++) {
            Route route = all.get(i);
            Reach reach = reaches.get(i);
            String via = (route instanceof Route.Channel
                            ? route.target() + " (owned by " + reach.address() + ")"
                            : route.target())
                    + notes.get(i);
            switch (reach.kind()) {
                case DURABLE -> {}
                case PERSON ->
                    out.add(new Finding(
                            "route-individual",
                            hasDurable ? Severity.WARNING : Severity.ERROR,
                            workflow,
                            route.target(),
                            "errors go to one person's mailbox: " + via
                                    + (hasDurable ? "" : ", and no durable team alias hears them")
                                    + "; route them to a team alias with at least two active people"));
                case INACTIVE_PERSON ->
                    out.add(new Finding(
                            "route-dead",
                            Severity.ERROR,
                            workflow,
                            route.target(),
                            "errors go to " + via
                                    + ", who is deactivated: nobody reads them; route them to a team alias"));
                case REJECTED ->
                    out.add(new Finding(
                            "route-dead",
                            Severity.ERROR,
                            workflow,
                            route.target(),
                            (route instanceof Route.Channel
                                            ? route.target() + " is gone: its webhook answered 404/410"
                                            : "mail to " + route.target()
                                                    + " was rejected permanently by the mail server")
                                    + "; route errors to a working team alias"));
                case FRAGILE_ALIAS ->
                    out.add(new Finding(
                            "route-fragile-alias",
                            Severity.ERROR,
                            workflow,
                            route.target(),
                            "errors go to " + via + ", an alias with " + reach.activePeople()
                                    + " active " + (reach.activePeople() == 1 ? "person" : "people")
                                    + "; add members until at least two active people read it"));
                case UNKNOWN ->
                    out.add(new Finding(
                            "route-unknown",
                            Severity.WARNING,
                            workflow,
                            route.target(),
                            route instanceof Route.Channel
                                    ? route.target()
                                            + " has no owner in vigil.yaml, so nobody can vouch for it; give it"
                                            + " an owner alias"
                                    : route.target()
                                            + " is in no people or alias list, so it cannot be verified; add it"
                                            + " to the inventory"));
            }
        }
    }

    private static void owner(Workflow workflow, Directory directory, List<Finding> out) {
        Inventory inventory = directory.inventory();
        inventory.person(workflow.owner()).ifPresent(person -> {
            if (!directory.isActive(person.email())) {
                out.add(new Finding(
                        "workflow-owner-inactive",
                        Severity.ERROR,
                        workflow.id(),
                        person.email(),
                        "owned by " + person.email() + ", who is deactivated; hand it to a team alias"));
            } else {
                out.add(new Finding(
                        "workflow-owner-individual",
                        Severity.WARNING,
                        workflow.id(),
                        person.email(),
                        "owned by one person (" + person.email() + ") rather than a team alias"));
            }
        });
    }

    private static void credential(Credential c, Directory directory, LocalDate today, List<Finding> out) {
        Inventory inventory = directory.inventory();
        inventory.person(c.owner()).ifPresent(person -> {
            if (!directory.isActive(person.email())) {
                out.add(new Finding(
                        "credential-owner-inactive",
                        Severity.ERROR,
                        null,
                        c.id(),
                        "credential '" + c.id() + "' is owned by " + person.email()
                                + ", who is deactivated; hand it to a team alias before it is deleted"));
            } else {
                out.add(new Finding(
                        "credential-owner-individual",
                        Severity.WARNING,
                        null,
                        c.id(),
                        "credential '" + c.id() + "' is owned by one person (" + person.email()
                                + ") rather than a team alias"));
            }
        });
        if (c.expires() != null) {
            if (c.expires().isBefore(today)) {
                out.add(new Finding(
                        "credential-expired",
                        Severity.ERROR,
                        null,
                        c.id(),
                        "credential '" + c.id() + "' expired on " + c.expires() + "; renew it and update 'expires'"));
            } else if (!c.expires().isAfter(today.plusDays(EXPIRY_WARNING_DAYS))) {
                out.add(new Finding(
                        "credential-expiring",
                        Severity.WARNING,
                        null,
                        c.id(),
                        "credential '" + c.id() + "' expires on " + c.expires() + "; renew it before then"));
            }
        }
    }
}
