package vigil.watchdog.summary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import vigil.inventory.Directory;
import vigil.inventory.Inventory;
import vigil.inventory.Workflow;
import vigil.inventory.audit.Finding;

/**
 * Builds one {@link TeamSummary} per owner of workflows (or just one, for {@code team}): the
 * durable aliases get their own; every other owner's summary is addressed to the fallback,
 * saying why.
 */
public final class Summaries {
    /**
     * The one summary that gathers every workflow owned by a person (or an address in no list)
     * rather than an alias; it goes to the fallback, so IT reads one message, not one per person.
     */
    public static final String INDIVIDUALS = "individual-owners";

    private Summaries() {}

    /**
     * @param findings the audit as of the summary; findings about a credential concern every
     *     workflow that uses it
     * @param team one owner ({@link #INDIVIDUALS} for all people), or null for all
     */
    public static List<TeamSummary> build(
            Inventory inventory,
            Week week,
            WeekEvidence evidence,
            List<Finding> findings,
            String fallback,
            Instant now,
            String team) {
        Map<String, List<Workflow>> byOwner = new TreeMap<>();
        for (Workflow w : inventory.workflows()) {
            String owner = inventory.alias(w.owner()).isPresent() ? w.owner() : INDIVIDUALS;
            if (team == null || w.owner().equals(team) || owner.equals(team)) {
                byOwner.computeIfAbsent(owner, k -> new ArrayList<>()).add(w);
            }
        }
        Map<String, List<Finding>> byWorkflow = new LinkedHashMap<>();
        Map<String, List<Finding>> byCredential = new LinkedHashMap<>();
        for (Finding f : findings) {
            if (f.workflow() != null) {
                byWorkflow.computeIfAbsent(f.workflow(), k -> new ArrayList<>()).add(f);
            } else if (!f.rule().equals("stray-pings")) {
                byCredential.computeIfAbsent(f.target(), k -> new ArrayList<>()).add(f);
            }
        }
        Directory directory = Directory.of(inventory);
        Map<String, List<Instant>> slots = new java.util.HashMap<>();
        List<TeamSummary> out = new ArrayList<>();
        for (Map.Entry<String, List<Workflow>> e : byOwner.entrySet()) {
            List<WorkflowWeek> weeks = new ArrayList<>();
            for (Workflow w : e.getValue()) {
                List<Finding> concerns = new ArrayList<>(byWorkflow.getOrDefault(w.id(), List.of()));
                w.credentials().forEach(c -> concerns.addAll(byCredential.getOrDefault(c, List.of())));
                DayGrid grid = DayGrid.of(
                        w,
                        week,
                        evidence.runs().getOrDefault(w.id(), List.of()),
                        evidence.lastBefore().get(w.id()),
                        evidence.firstSeen().get(w.id()),
                        now,
                        slots.computeIfAbsent(
                                w.schedule().describe() + " " + w.timezone().getId(), k -> DayGrid.slots(w, week)));
                weeks.add(new WorkflowWeek(
                        w,
                        grid,
                        evidence.lastSuccess().get(w.id()),
                        List.copyOf(concerns),
                        evidence.anomalies().getOrDefault(w.id(), List.of())));
            }
            String why = notDurableBecause(e.getKey(), directory, evidence);
            String cause = likelyCause(weeks, inventory);
            out.add(new TeamSummary(
                    e.getKey(),
                    week,
                    why == null ? e.getKey() : fallback,
                    why,
                    headline(weeks),
                    cause,
                    List.copyOf(weeks),
                    evidence.strays()));
        }
        return out;
    }

    /**
     * Null for a durable alias (docs/audit.md), else why it cannot be relied on to read its summary. The
     * owner is an alias or {@link #INDIVIDUALS}: workflows of people were gathered there.
     */
    static String notDurableBecause(String owner, Directory directory, WeekEvidence evidence) {
        if (owner.equals(INDIVIDUALS)) {
            return "these workflows are owned by individual people, not by a team alias";
        }
        if (evidence.rejected().contains(owner)) {
            return "mail to " + owner + " was rejected permanently by the mail server";
        }
        int active = directory.activePeopleBehind(owner).size();
        if (active >= Directory.DURABLE_MEMBERS) {
            return null;
        }
        return owner + " reaches only " + active + " active " + (active == 1 ? "person" : "people")
                + " (a durable alias needs at least " + Directory.DURABLE_MEMBERS + ")";
    }

    /**
     * When two or more of the workflows that failed or missed runs share a credential, that
     * credential is the likely cause (the incident's pattern: one deleted account, many failures).
     */
    static String likelyCause(List<WorkflowWeek> weeks, Inventory inventory) {
        Map<String, Integer> byCredential = new TreeMap<>();
        for (WorkflowWeek w : weeks) {
            if (w.needsAttention()) {
                w.workflow().credentials().forEach(c -> byCredential.merge(c, 1, Integer::sum));
            }
        }
        return byCredential.entrySet().stream()
                .filter(e -> e.getValue() >= 2)
                .max(Map.Entry.comparingByValue())
                .map(e -> e.getValue() + " of the workflows that failed or missed runs authenticate with '" + e.getKey()
                        + "'"
                        + inventory
                                .credential(e.getKey())
                                .map(c -> " (" + c.kind() + (c.system() == null ? "" : ", " + c.system())
                                        + ", owned by " + c.owner() + ")")
                                .orElse("")
                        + ": that credential is the likely cause.")
                .orElse(null);
    }

    /** "2 of 17 workflows missed runs this week, 3 failed; 14 report errors to one person's mailbox." */
    static String headline(List<WorkflowWeek> weeks) {
        int n = weeks.size();
        long missed = weeks.stream().filter(w -> w.grid().missed() > 0).count();
        long failed = weeks.stream().filter(w -> w.grid().failed() > 0).count();
        List<String> runs = new ArrayList<>();
        if (missed > 0) {
            runs.add(missed + " of " + n + " " + plural(n, "workflow") + " missed runs this week");
        }
        if (failed > 0) {
            runs.add(
                    missed > 0
                            ? failed + " failed"
                            : failed + " of " + n + " " + plural(n, "workflow") + " failed this week");
        }
        // a workflow that has never reported did not "run as expected", even with no slot missed yet
        long never = weeks.stream().filter(Summaries::neverReported).count();
        long due = weeks.stream()
                .filter(w -> !neverReported(w))
                .filter(w -> w.grid().expected() > 0 || w.grid().succeeded() > 0)
                .count();
        long others = n - never;
        String first;
        if (!runs.isEmpty()) {
            first = String.join(", ", runs);
        } else if (others == 0) {
            first = n == 1 ? "The workflow has never reported" : "None of the " + n + " workflows has ever reported";
        } else if (never > 0 && due == 0) {
            first = others + " of " + n + " " + plural(n, "workflow") + (others == 1 ? " was" : " were")
                    + " not due this week";
        } else if (never > 0) {
            first = due + " of " + n + " " + plural(n, "workflow") + " ran as expected this week"
                    + (others - due > 0
                            ? " (" + (others - due) + (others - due == 1 ? " was" : " were") + " not due)"
                            : "");
        } else if (due == 0) {
            first = n == 1 ? "The workflow was not due this week" : "None of the " + n + " workflows was due this week";
        } else if (due == n) {
            first = (n == 1 ? "The workflow" : "All " + n + " workflows") + " ran as expected this week";
        } else {
            first = (due == 1 ? "The one workflow that was due ran" : "All " + due + " workflows that were due ran")
                    + " as expected this week (" + (n - due) + (n - due == 1 ? " was" : " were") + " not due)";
        }
        if (never > 0 && others > 0) {
            first += "; " + never + (never == 1 ? " has" : " have") + " never reported";
        }
        List<String> routes = new ArrayList<>();
        count(weeks, "route-individual", "report errors to one person's mailbox", "reports", routes);
        count(weeks, "route-dead", "report errors to a dead route", "reports", routes);
        count(weeks, "route-fragile-alias", "report errors to an alias with too few people", "reports", routes);
        count(weeks, "workflow-no-route", "have no error route at all", "has", routes);
        count(weeks, "credential-personal", "authenticate as a person", "authenticates", routes);
        long expiring = weeks.stream()
                .filter(w -> w.findings().stream()
                        .map(Finding::rule)
                        .anyMatch(r -> r.equals("credential-expiring") || r.equals("credential-expired")))
                .count();
        if (expiring > 0) {
            routes.add(
                    expiring == 1
                            ? "1 uses a credential that has expired or expires soon"
                            : expiring + " use credentials that have expired or expire soon");
        }
        return first + (routes.isEmpty() ? "." : "; " + String.join("; ", routes) + ".");
    }

    /**
     * Due this week, yet no report, no miss (its slots are still within grace) and no success ever:
     * nothing is known of whether it runs.
     */
    static boolean neverReported(WorkflowWeek w) {
        DayGrid g = w.grid();
        return g.expected() > 0 && w.lastSuccess() == null && g.succeeded() == 0 && g.failed() == 0 && g.missed() == 0;
    }

    private static void count(List<WorkflowWeek> weeks, String rule, String many, String oneVerb, List<String> out) {
        long k = weeks.stream()
                .filter(w -> w.findings().stream().anyMatch(f -> Objects.equals(f.rule(), rule)))
                .count();
        if (k == 1) {
            out.add("1 " + many.replaceFirst("^\\w+", oneVerb));
        } else if (k > 1) {
            out.add(k + " " + many);
        }
    }

    private static String plural(long n, String word) {
        return n == 1 ? word : word + "s";
    }
}
