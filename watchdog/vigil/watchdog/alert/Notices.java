package vigil.watchdog.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
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
