package vigil.watchdog.alert;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import vigil.inventory.Inventory;
import vigil.inventory.Workflow;
import vigil.inventory.load.Durations;
import vigil.notifiers.Message;
import vigil.watchdog.store.Evidence;
import vigil.watchdog.store.Outbox;
import vigil.watchdog.store.Run;

/**
 * What an alert says: what happened and since when, the last success, the schedule, the
 * credentials and owner, and the recent run bodies — enough to act without opening anything.
 */
public final class AlertMessage {
    private static final int BODY_PREVIEW = 300;

    private AlertMessage() {}

    /**
     * One message for a group of workflows that failed or went silent together and share a
     * credential: the credential first, as the likely cause, then every affected workflow.
     */
    public static Message grouped(Grouping.Unit unit, Inventory inventory) {
        List<Outbox.Delivery> deliveries = unit.deliveries();
        String credential = unit.credential();
        String subject = "[vigil] " + deliveries.size() + " workflows using " + credential + " are failing or silent";
        StringBuilder t = new StringBuilder();
        t.append(deliveries.size())
                .append(" workflows that authenticate with credential '")
                .append(credential)
                .append("' went missed or failed together. The credential is the likely cause.\n\n");
        inventory.credential(credential).ifPresent(c -> {
            row(t, "Credential", c.id() + " (" + c.kind() + (c.system() == null ? "" : ", " + c.system()) + ")");
            row(t, "Owned by", c.owner());
            if (c.expires() != null) {
                row(t, "Expires", c.expires().toString());
            }
        });
        t.append("\nAffected workflows:\n");
        for (Outbox.Delivery d : deliveries) {
            Outbox.Alert a = d.alert();
            t.append("  ").append(String.format("%-28s %-7s since %s", a.workflow(), a.to(), a.created()));
            if (a.reason() != null) {
                t.append("  (").append(a.reason()).append(')');
            }
            t.append('\n');
        }
        String text = t.toString();
        String html = html(text);
        return new Message(
                subject, text, html, deliveries.get(0).idempotencyKey(), "vigil/credential/" + credential, false);
    }

    public static Message render(
            Outbox.Delivery delivery,
            Optional<Workflow> workflow,
            Inventory inventory,
            Evidence evidence,
            List<Run> recent) {
        Outbox.Alert alert = delivery.alert();
        String name = workflow.map(
                        w -> w.name() != null && !w.name().equals(w.id()) ? w.id() + " (" + w.name() + ")" : w.id())
                .orElse(alert.workflow());
        String subject = switch (alert.to()) {
            case "missed" -> "[vigil] " + alert.workflow() + " missed its run";
            case "failed" ->
                "[vigil] " + alert.workflow() + " failed" + (alert.reason() == null ? "" : " (" + alert.reason() + ")");
            default -> "[vigil] " + alert.workflow() + " recovered";
        };
        StringBuilder t = new StringBuilder();
        t.append(name)
                .append(" is ")
                .append(alert.to().toUpperCase(java.util.Locale.ROOT))
                .append(" since ")
                .append(alert.created())
                .append(" (was ")
                .append(alert.from())
                .append(").\n\n");
        t.append(
                        switch (alert.to()) {
                            case "missed" ->
                                "No run arrived by its deadline (due time + grace): the workflow went silent.";
                            case "failed" ->
                                "timeout".equals(alert.reason())
                                        ? "A run started but did not complete within its grace period."
                                        : "The last run reported failure"
                                                + (alert.reason() == null ? "." : ": " + alert.reason() + ".");
                            default -> "The last run succeeded again.";
                        })
                .append("\n\n");
        row(
                t,
                "Last success",
                evidence.lastSuccess() == null
                        ? "never"
                        : evidence.lastSuccess().toString());
        workflow.ifPresent(w -> {
            row(
                    t,
                    "Schedule",
                    w.schedule().describe() + " (" + w.timezone().getId() + "), grace " + Durations.format(w.grace()));
            row(t, "Owner", w.owner());
            row(
                    t,
                    "Credentials",
                    w.credentials().isEmpty()
                            ? "none recorded"
                            : w.credentials().stream()
                                    .map(id -> inventory
                                            .credential(id)
                                            .map(c ->
                                                    id + " (" + c.kind() + (c.system() == null ? "" : ", " + c.system())
                                                            + ", owned by " + c.owner() + ")")
                                            .orElse(id))
                                    .collect(Collectors.joining("; ")));
        });
        if (!recent.isEmpty()) {
            t.append("\nRecent runs:\n");
            for (Run run : recent) {
                t.append("  ")
                        .append(run.finished() != null ? run.finished() : run.started())
                        .append("  ")
                        .append(run.status());
                if (run.exitStatus() != null) {
                    t.append("  exit ").append(run.exitStatus());
                }
                if (run.body() != null && !run.body().isBlank()) {
                    String body = run.body().strip();
                    t.append("\n    ")
                            .append((body.length() > BODY_PREVIEW ? body.substring(0, BODY_PREVIEW) + " …" : body)
                                    .replace("\n", "\n    "));
                }
                t.append('\n');
            }
        }
        String text = t.toString();
        String html = html(text);
        return new Message(
                subject,
                text,
                html,
                delivery.idempotencyKey(),
                "vigil/" + alert.workflow(),
                alert.to().equals("up"));
    }

    private static void row(StringBuilder t, String label, String value) {
        t.append(String.format("%-13s %s%n", label + ":", value));
    }

    /** The text as preformatted HTML (inline style only), so it reads the same in every client. */
    static String html(String text) {
        return "<pre style=\"font-family: Menlo, Consolas, monospace; font-size: 13px\">" + escape(text) + "</pre>";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
