package vigil.watchdog.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import vigil.inventory.impact.ImpactReport;
import vigil.watchdog.render.Text;

/**
 * Notices of Vigil's own blindness: a source it cannot read after two failed polls, and the same
 * source readable again. They go to the source's {@code owner}, else to the summary fallback, and
 * each is queued once (its topic names the source and when the trouble began).
 */
public final class Notices {
    private final Outbox outbox;
    private final Supplier<String> fallback;

    public Notices(Outbox outbox, Supplier<String> fallback) {
        this.outbox = outbox;
        this.fallback = fallback;
    }

    /** What the notice says about the source. */
    public record Source(String name, String kind, String url, String owner, int workflows) {}

    /**
     * {@code source} has failed {@code failures} polls in a row since {@code since} (its last
     * success, or null); returns whether a notice was queued now.
     */
    public boolean blind(Source source, int failures, Instant since, String error, boolean auth, Instant now) {
        List<String> to = destinations(source);
        if (to.isEmpty()) {
            return false;
        }
        String subject = "[vigil] cannot read source " + source.name() + (auth ? ": its key was refused" : "");
        List<String[]> facts = facts(source);
        facts.add(new String[] {"Last success", since == null ? "never" : Text.when(since, Text.UTC)});
        facts.add(new String[] {"Failed polls", failures + " in a row"});
        facts.add(new String[] {"Last error", error});
        return outbox.addNotice(
                "source-blind/" + source.name() + "/" + (since == null ? "never" : since.toEpochMilli()),
                AlertMessage.notice(
                        subject,
                        "Vigil cannot read source " + source.name() + " (" + source.kind() + ").",
                        (auth
                                        ? "The platform refused Vigil's own credentials: renew the key or token in"
                                                + " vigil.yaml and reload."
                                        : "The platform did not answer Vigil's polls.")
                                + " Until it does, the " + source.workflows() + " workflow(s) watched through it are"
                                + " unseen: when one misses its deadline meanwhile it is reported missed with reason"
                                + " source-unreachable, which means Vigil cannot see it, not that it did not run.",
                        facts,
                        false),
                to,
                now);
    }

    /** {@code source} answers again after a notice said it did not. */
    public boolean readable(Source source, Instant blindSince, Instant now) {
        List<String> to = destinations(source);
        if (to.isEmpty()) {
            return false;
        }
        List<String[]> facts = facts(source);
        facts.add(new String[] {"Readable again", Text.when(now, Text.UTC)});
        return outbox.addNotice(
                "source-back/" + source.name() + "/" + (blindSince == null ? "never" : blindSince.toEpochMilli()),
                AlertMessage.notice(
                        "[vigil] source " + source.name() + " readable again",
                        "Vigil reads source " + source.name() + " (" + source.kind() + ") again.",
                        "The runs it missed meanwhile are pulled now from where Vigil stopped; nothing needs doing.",
                        facts,
                        true),
                to,
                now);
    }

    /**
     * {@code email} was deactivated in a directory (event {@code event}): what breaks, to {@code
     * to} (the owners of what breaks, and the fallback); once per event.
     */
    public boolean deactivated(
            long event, String email, String source, ImpactReport impact, List<String> to, Instant now) {
        List<String> recipients = withFallback(to);
        if (recipients.isEmpty()) {
            return false;
        }
        List<String[]> facts = new ArrayList<>();
        facts.add(new String[] {"Person", email});
        facts.add(new String[] {"Deactivated", Text.when(now, Text.UTC) + " (" + source + " directory)"});
        facts.add(new String[] {
            "Credentials that lose their owner",
            list(impact.credentials().stream()
                    .map(c -> c.id() + " (used by " + c.workflows().size() + " workflow(s))")
                    .toList())
        });
        facts.add(new String[] {
            "Workflows that break",
            list(impact.workflows().stream()
                    .map(w -> w.id() + ": " + String.join("; ", w.reasons()))
                    .toList())
        });
        facts.add(new String[] {
            "Error routes affected",
            list(impact.routes().stream()
                    .map(r -> r.workflow() + ": " + r.target() + " " + r.effect())
                    .toList())
        });
        facts.add(new String[] {
            "Who could take over",
            list(impact.suggestedOwners().stream()
                    .map(s -> s.forId() + ": "
                            + (s.candidates().isEmpty() ? "nobody found" : String.join(", ", s.candidates())))
                    .toList())
        });
        return outbox.addNotice(
                "person-deactivated/" + event,
                AlertMessage.notice(
                        "[vigil] " + email + " was deactivated: "
                                + impact.workflows().size() + " workflow(s) break",
                        email + " was deactivated in the " + source + " directory.",
                        "What they owned or received stops working now, before the next scheduled run fails:"
                                + " hand each credential and workflow below to a team alias, and route the errors"
                                + " to one.",
                        facts,
                        false),
                recipients,
                now);
    }

    /** {@code email} is active again in a directory (event {@code event}), after a deactivation notice. */
    public boolean reactivated(long event, String email, String source, List<String> to, Instant now) {
        List<String> recipients = withFallback(to);
        if (recipients.isEmpty()) {
            return false;
        }
        List<String[]> facts = new ArrayList<>();
        facts.add(new String[] {"Person", email});
        facts.add(new String[] {"Active again", Text.when(now, Text.UTC) + " (" + source + " directory)"});
        return outbox.addNotice(
                "person-reactivated/" + event,
                AlertMessage.notice(
                        "[vigil] " + email + " is active again",
                        email + " is active again in the " + source + " directory.",
                        "What the deactivation notice listed reaches them again; nothing needs doing for it.",
                        facts,
                        true),
                recipients,
                now);
    }

    /**
     * An anomaly (docs/baselines.md), to the workflow's routes and owner ({@code to}); once per
     * workflow, kind and day.
     */
    public boolean anomaly(
            vigil.watchdog.baseline.Anomaly a, vigil.inventory.Workflow w, List<String> to, Instant now) {
        List<String> recipients = to.isEmpty() ? withFallback(to) : to;
        if (recipients.isEmpty()) {
            return false;
        }
        String what = vigil.watchdog.baseline.AnomalyText.what(a);
        List<String[]> facts = new ArrayList<>();
        facts.add(new String[] {"Workflow", w.id() + (w.name().equals(w.id()) ? "" : " (" + w.name() + ")")});
        facts.add(new String[] {"Day", a.day() + " (" + w.timezone().getId() + ")"});
        facts.add(new String[] {
            vigil.watchdog.baseline.AnomalyText.valueLabel(a),
            vigil.watchdog.baseline.AnomalyText.number(a.value(), a.kind())
        });
        facts.add(new String[] {
            vigil.watchdog.baseline.AnomalyText.normalLabel(a),
            vigil.watchdog.baseline.AnomalyText.number(a.normal(), a.kind())
        });
        facts.add(new String[] {
            vigil.watchdog.baseline.AnomalyText.limitLabel(a), vigil.watchdog.baseline.AnomalyText.limit(a)
        });
        if (a.run() != null) {
            facts.add(new String[] {"Run", "#" + a.run() + ", finished " + Text.when(a.at(), w.timezone())});
        }
        return outbox.addNotice(
                "anomaly/" + a.key(),
                AlertMessage.notice(
                        "[vigil] " + w.id() + ": " + what,
                        w.id() + ": " + what + ".",
                        vigil.watchdog.baseline.AnomalyText.advice(a),
                        facts,
                        false),
                recipients,
                now);
    }

    /** At most 50 lines, then how many more. */
    private static String list(List<String> lines) {
        if (lines.isEmpty()) {
            return "none";
        }
        int shown = Math.min(50, lines.size());
        String text = String.join("\n", lines.subList(0, shown));
        return lines.size() > shown ? text + "\n… and " + (lines.size() - shown) + " more" : text;
    }

    private List<String> withFallback(List<String> to) {
        java.util.Set<String> all = new java.util.LinkedHashSet<>(to);
        String fallback = this.fallback.get();
        if (fallback != null) {
            all.add(fallback);
        }
        return List.copyOf(all);
    }

    private List<String> destinations(Source source) {
        String owner = source.owner() != null ? source.owner() : fallback.get();
        return owner == null ? List.of() : List.of(owner);
    }

    private static List<String[]> facts(Source source) {
        List<String[]> facts = new ArrayList<>();
        facts.add(new String[] {"Source", source.name() + " (" + source.kind() + ")"});
        facts.add(new String[] {"Address", source.url()});
        facts.add(new String[] {"Workflows", Integer.toString(source.workflows())});
        return facts;
    }
}
