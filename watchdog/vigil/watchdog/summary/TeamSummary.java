package vigil.watchdog.summary;

import java.util.List;
import vigil.inventory.audit.AuditEvidence;

/**
 * The summary for one owner of workflows. {@code deliverTo} is the owner itself when it is a
 * durable alias; otherwise the fallback (or null when none is configured), and
 * {@code notDurableBecause} says why the owner does not get it. {@code likelyCause} names a
 * credential shared by several of the workflows that failed or missed runs, or is null.
 */
public record TeamSummary(
        String team,
        Week week,
        String deliverTo,
        String notDurableBecause,
        String headline,
        String likelyCause,
        List<WorkflowWeek> workflows,
        List<AuditEvidence.Stray> strays) {

    /** One finding as it applies to several of the team's workflows (the same rule, target and fix). */
    public record FindingGroup(vigil.inventory.audit.Finding finding, List<String> workflows) {}

    /** The findings about the team's workflows, each once, with the workflows it concerns; errors first. */
    public List<FindingGroup> findings() {
        java.util.Map<List<Object>, FindingGroup> groups = new java.util.LinkedHashMap<>();
        for (WorkflowWeek w : workflows) {
            for (vigil.inventory.audit.Finding f : w.findings()) {
                groups.computeIfAbsent(
                                List.of(f.severity(), f.rule(), String.valueOf(f.target()), f.message()),
                                k -> new FindingGroup(f, new java.util.ArrayList<>()))
                        .workflows()
                        .add(w.workflow().id());
            }
        }
        return groups.values().stream()
                .sorted(java.util.Comparator.comparing(
                                (FindingGroup g) -> g.finding().severity())
                        .thenComparing(g -> -g.workflows().size())
                        .thenComparing(g -> g.finding().rule()))
                .map(g -> new FindingGroup(g.finding(), List.copyOf(g.workflows())))
                .toList();
    }

    public boolean durable() {
        return notDurableBecause == null;
    }

    public String subject() {
        return "[vigil] Week ending " + Week.day(week.ending()) + ": " + headline;
    }
}
