package vigil.watchdog.alert;

import static vigil.watchdog.render.Html.escape;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import vigil.inventory.Inventory;
import vigil.inventory.Workflow;
import vigil.inventory.load.Durations;
import vigil.notifiers.Message;
import vigil.watchdog.evaluate.State;
import vigil.watchdog.evaluate.States;
import vigil.watchdog.render.Html;
import vigil.watchdog.render.Text;
import vigil.watchdog.runs.Evidence;
import vigil.watchdog.runs.Run;
import vigil.watchdog.runs.RunLog;
import vigil.watchdog.runs.RunStore;

/**
 * What an alert says: what happened and since when, the last success, the schedule, the
 * credentials and owner, and the recent run bodies — enough to act without opening anything.
 * The text and the HTML part are made from the same pieces.
 */
public final class AlertMessage {
    /** How much of each run's log an alert shows: its end, where the error is. */
    private static final int TAIL_LINES = 15;

    private static final int TAIL_CHARS = 1500;
    private static final String RED = "#b42318";
    private static final String RED_PAPER = "#fee4e2";
    private static final String GREEN = "#067647";
    private static final String GREEN_PAPER = "#dcfae6";

    private AlertMessage() {}

    /** The pieces of one alert: a lead sentence, what it means, labelled facts, a table, run bodies. */
    private record Parts(
            String lead,
            String meaning,
            List<String[]> facts,
            String tableTitle,
            List<String[]> table,
            List<Run> runs,
            ZoneId zone) {

        String text() {
            StringBuilder t =
                    new StringBuilder(lead).append("\n\n").append(meaning).append("\n\n");
            for (String[] f : facts) {
                if (f[1].indexOf('\n') >= 0) { // a list: one item a line, under its label
                    t.append(f[0])
                            .append(":\n  ")
                            .append(f[1].replace("\n", "\n  "))
                            .append('\n');
                } else {
                    t.append(String.format("%-13s %s%n", f[0] + ":", f[1]));
                }
            }
            if (!table.isEmpty()) {
                t.append('\n').append(tableTitle).append(":\n");
                for (String[] row : table) {
                    t.append("  ").append(String.format("%-28s %-7s since %s", row[0], row[1], row[2]));
                    if (row[3] != null) {
                        t.append("  (").append(row[3]).append(')');
                    }
                    t.append('\n');
                }
            }
            if (!runs.isEmpty()) {
                t.append("\nRecent runs:\n");
                for (Run run : runs) {
                    t.append("  ").append(when(run, zone)).append("  ").append(run.status());
                    if (run.exitStatus() != null) {
                        t.append("  exit ").append(run.exitStatus());
                    }
                    body(run).ifPresent(b -> t.append("\n    ").append(b.replace("\n", "\n    ")));
                    t.append('\n');
                }
            }
            return Text.wrapLines(t.toString());
        }

        String html(String subject, boolean good) {
            StringBuilder b = new StringBuilder();
            b.append(Html.section(Html.muted("VIGIL ALERT")
                    + "<h1 style=\"font-size:18px;line-height:1.35;margin:8px 0 6px;font-weight:600;color:"
                    + (good ? GREEN : RED) + ";\">" + escape(lead) + "</h1><div>" + escape(meaning) + "</div>"));
            StringBuilder facts = new StringBuilder(
                    "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" style=\"font-size:13px;\">");
            for (String[] f : this.facts) {
                facts.append("<tr><td style=\"padding:3px 16px 3px 0;color:")
                        .append(Html.MUTED)
                        .append(";vertical-align:top;white-space:nowrap;\">")
                        .append(escape(f[0]))
                        .append("</td><td style=\"padding:3px 0;\">")
                        .append(escape(f[1]).replace("\n", "<br>"))
                        .append("</td></tr>");
            }
            b.append(Html.section(facts.append("</table>").toString()));
            if (!table.isEmpty()) {
                StringBuilder t = new StringBuilder("<div style=\"font-weight:600;margin-bottom:4px;\">")
                        .append(escape(tableTitle))
                        .append("</div><table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\""
                                + " style=\"width:100%;border-collapse:collapse;font-size:13px;\">");
                for (String[] row : table) {
                    t.append("<tr><td style=\"padding:4px 8px 4px 0;border-bottom:1px solid ")
                            .append(Html.RULE)
                            .append(";font-family:")
                            .append(Html.MONO)
                            .append(";font-size:12px;\">")
                            .append(escape(row[0]))
                            .append("</td><td style=\"padding:4px 8px;border-bottom:1px solid ")
                            .append(Html.RULE)
                            .append(";\">")
                            .append(Html.badge(row[1], RED, RED_PAPER))
                            .append("</td><td style=\"padding:4px 0;border-bottom:1px solid ")
                            .append(Html.RULE)
                            .append(";color:")
                            .append(Html.MUTED)
                            .append(";\">since ")
                            .append(escape(row[2]))
                            .append(row[3] == null ? "" : " (" + escape(row[3]) + ")")
                            .append("</td></tr>");
                }
                b.append(Html.section(t.append("</table>").toString()));
            }
            if (!runs.isEmpty()) {
                StringBuilder r =
                        new StringBuilder("<div style=\"font-weight:600;margin-bottom:4px;\">Recent runs</div>");
                for (Run run : runs) {
                    boolean failed = !run.status().equals("success");
                    r.append("<div style=\"margin:6px 0 2px;font-size:13px;\">")
                            .append(Html.badge(run.status(), failed ? RED : GREEN, failed ? RED_PAPER : GREEN_PAPER))
                            .append(" <span style=\"color:")
                            .append(Html.MUTED)
                            .append(";\">")
                            .append(escape(when(run, zone)))
                            .append(run.exitStatus() == null ? "" : " · exit " + run.exitStatus())
                            .append("</span></div>");
                    body(run)
                            .ifPresent(text -> r.append("<pre style=\"margin:0;padding:8px 10px;background:#f2f4f7;"
                                            + "border-radius:4px;font-family:")
                                    .append(Html.MONO)
                                    .append(";font-size:12px;white-space:pre-wrap;word-break:break-word;\">")
                                    .append(escape(text))
                                    .append("</pre>"));
                }
                b.append(Html.section(r.toString()));
            }
            b.append(Html.section(Html.muted("Sent by Vigil. <code>vigil status</code> shows every workflow now.")));
            return Html.page(subject, lead, b.toString());
        }
    }

    /**
     * One message for a group of workflows that failed or went silent together and share a
     * credential: the credential first, as the likely cause, then every affected workflow.
     */
    public static Message grouped(Grouping.Group group, Inventory inventory) {
        List<Delivery.OfAlert> deliveries = group.deliveries();
        String credential = group.credential();
        String subject = "[vigil] " + deliveries.size() + " workflows using " + credential + " are failing or silent";
        List<String[]> facts = new ArrayList<>();
        inventory.credential(credential).ifPresent(c -> {
            facts.add(new String[] {
                "Credential", c.id() + " (" + c.kind() + (c.system() == null ? "" : ", " + c.system()) + ")"
            });
            facts.add(new String[] {"Owned by", c.owner()});
            if (c.expires() != null) {
                facts.add(new String[] {"Expires", c.expires().toString()});
            }
        });
        List<String[]> table = new ArrayList<>();
        ZoneId zone = Text.UTC;
        for (Delivery.OfAlert d : deliveries) {
            Delivery.Alert a = d.alert();
            ZoneId own =
                    inventory.workflow(a.workflow()).map(Workflow::timezone).orElse(zone);
            table.add(new String[] {a.workflow(), a.to().label(), Text.when(a.created(), own), a.reason()});
        }
        Parts parts = new Parts(
                deliveries.size() + " workflows that authenticate with credential '" + credential
                        + "' went missed or failed together.",
                cause(deliveries, inventory, credential),
                facts,
                "Affected workflows",
                table,
                List.of(),
                zone);
        return new Message(
                subject,
                parts.text(),
                parts.html(subject, false),
                deliveries.get(0).idempotencyKey(),
                "vigil/credential/" + credential,
                false);
    }

    /**
     * The likely cause, in one sentence: when a workflow of the group failed with its credential
     * refused ({@code reason: auth}), the credential itself was most likely revoked, deleted or
     * expired — and whether its owner is still active says which.
     */
    static String cause(List<Delivery.OfAlert> deliveries, Inventory inventory, String credential) {
        boolean refused =
                deliveries.stream().anyMatch(d -> RunStore.AUTH.equals(d.alert().reason()));
        if (!refused) {
            return "The credential is the likely cause.";
        }
        String owner = inventory
                .credential(credential)
                .map(c -> {
                    String who = c.owner();
                    String standing = inventory
                            .person(who)
                            .map(p -> p.active() ? "is still active" : "is no longer active")
                            .orElse(inventory.alias(who).isPresent() ? "is a team alias" : "is not in the inventory");
                    return " Its owner, " + who + ", " + standing + ".";
                })
                .orElse("");
        return "The platform refused the credential itself: it was most likely revoked, deleted or expired." + owner;
    }

    /**
     * A notice of Vigil's own trouble in the alerts' look: {@code lead} as the heading, what it
     * means and what to do, and facts as label/value rows. {@code good}: the trouble is over.
     */
    public static Message notice(String subject, String lead, String meaning, List<String[]> facts, boolean good) {
        Parts parts = new Parts(lead, meaning, facts, null, List.of(), List.of(), Text.UTC);
        return new Message(subject, parts.text(), parts.html(subject, good), null, null, good);
    }

    public static Message render(
            Delivery.OfAlert delivery,
            Optional<Workflow> workflow,
            Inventory inventory,
            Evidence evidence,
            List<Run> recent) {
        Delivery.Alert alert = delivery.alert();
        String name = workflow.map(
                        w -> w.name() != null && !w.name().equals(w.id()) ? w.id() + " (" + w.name() + ")" : w.id())
                .orElse(alert.workflow());
        String subject = subject(alert);
        String meaning = switch (alert.to()) {
            case MISSED ->
                States.SOURCE_UNREACHABLE.equals(alert.reason())
                        ? "Vigil cannot see this workflow: the platform it is read from"
                                + workflow.filter(w -> w.source() != null)
                                        .map(w -> " (source " + w.source().server() + ")")
                                        .orElse("")
                                + " has not answered Vigil's polls, so its deadline passed unseen. The job may well"
                                + " have run; check the platform, and `vigil sources` for why Vigil cannot read it."
                        : "No run arrived by its deadline (due time + grace): the workflow went silent.";
            case FAILED ->
                States.TIMEOUT.equals(alert.reason())
                        ? "A run started but did not complete within its grace period."
                        : "The last run reported failure"
                                + (alert.reason() == null ? "." : ": " + alert.reason() + ".");
            default -> "The last run succeeded again.";
        };
        ZoneId zone = workflow.map(Workflow::timezone).orElse(Text.UTC);
        List<String[]> facts = new ArrayList<>();
        facts.add(new String[] {
            "Last success", evidence.lastSuccess() == null ? "never" : Text.when(evidence.lastSuccess(), zone)
        });
        workflow.ifPresent(w -> {
            facts.add(new String[] {
                "Schedule",
                w.schedule().describe() + " (" + w.timezone().getId() + "), grace " + Durations.format(w.grace())
            });
            facts.add(new String[] {"Owner", w.owner()});
            facts.add(new String[] {
                "Credentials",
                w.credentials().isEmpty()
                        ? "none recorded"
                        : w.credentials().stream()
                                .map(id -> inventory
                                        .credential(id)
                                        .map(c -> id + " (" + c.kind() + (c.system() == null ? "" : ", " + c.system())
                                                + ", owned by " + c.owner() + ")")
                                        .orElse(id))
                                .collect(Collectors.joining("; "))
            });
        });
        Parts parts = new Parts(
                name + " is " + alert.to().label().toUpperCase(Locale.ROOT) + " since "
                        + Text.when(alert.created(), zone)
                        + " (was "
                        + alert.from() + ").",
                meaning,
                facts,
                null,
                List.of(),
                recent,
                zone);
        boolean recovered = alert.to() == State.UP;
        return new Message(
                subject,
                parts.text(),
                parts.html(subject, recovered),
                delivery.idempotencyKey(),
                "vigil/" + alert.workflow(),
                recovered);
    }

    private static String subject(Delivery.Alert alert) {
        return switch (alert.to()) {
            case MISSED ->
                States.SOURCE_UNREACHABLE.equals(alert.reason())
                        ? "[vigil] " + alert.workflow() + " unseen: its source is unreachable"
                        : "[vigil] " + alert.workflow() + " missed its run";
            case FAILED ->
                "[vigil] " + alert.workflow() + " failed" + (alert.reason() == null ? "" : " (" + alert.reason() + ")");
            default -> "[vigil] " + alert.workflow() + " recovered";
        };
    }

    /**
     * The plainest message that still says what happened, built from the deliveries alone: sent when
     * the full one could not be made, because a rendering bug must not keep an alert from going out.
     */
    public static Message plain(Grouping.Unit unit) {
        StringBuilder text = new StringBuilder();
        String subject = null;
        String thread = "vigil/summary";
        for (Delivery d : unit.deliveries()) {
            if (d instanceof Delivery.OfAlert a) {
                Delivery.Alert alert = a.alert();
                subject = subject == null
                        ? subject(alert)
                        : "[vigil] " + unit.deliveries().size() + " alerts";
                thread = "vigil/" + alert.workflow();
                text.append(alert.workflow())
                        .append(" is ")
                        .append(alert.to().label().toUpperCase(Locale.ROOT))
                        .append(" since ")
                        .append(Text.when(alert.created(), Text.UTC))
                        .append(" (was ")
                        .append(alert.from().label())
                        .append(alert.reason() == null ? "" : "; " + alert.reason())
                        .append(").\n");
            } else if (d instanceof Delivery.OfNotice) {
                subject = "[vigil] notice";
                text.append("A notice of Vigil's own trouble was due for this address.\n");
            } else {
                subject = "[vigil] weekly summary";
                text.append("A weekly summary was due for this address.\n");
            }
        }
        text.append("\nThe full message could not be made; the daemon's log says why.\n"
                + "`vigil status` shows every workflow now.\n");
        String body = text.toString();
        return new Message(
                subject,
                body,
                Html.page(subject, body, Html.section(escape(body).replace("\n", "<br>"))),
                unit.first().idempotencyKey(),
                thread,
                false);
    }

    private static String when(Run run, ZoneId zone) {
        return Text.when(run.finished() != null ? run.finished() : run.started(), zone);
    }

    /** The end of a run's log, after a line saying how much came before it. */
    private static Optional<String> body(Run run) {
        if (run.body() == null || run.body().isBlank()) {
            return Optional.empty();
        }
        RunLog.Tail tail = RunLog.tail(run.body(), TAIL_LINES, TAIL_CHARS);
        return Optional.of(tail.linesCut() == 0 ? tail.text() : tail.note() + "\n" + tail.text());
    }
}
