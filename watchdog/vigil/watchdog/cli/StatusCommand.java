package vigil.watchdog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Every workflow's state — new, up, running, late, missed, failed, paused — now, or as of any past or",
            "future instant, computed from the runs the daemon has stored. Exit 0."
        })
final class StatusCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Mixin
    FormatOption format;

    @Option(
            names = "--at",
            paramLabel = "INSTANT",
            description = "ISO-8601 instant, e.g. 2026-11-27T06:00:00Z (default: now)")
    String at;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String query = "";
        if (at != null) {
            try {
                Instant.parse(at);
            } catch (DateTimeParseException e) {
                spec.commandLine()
                        .getErr()
                        .println("vigil: invalid instant '" + at + "' (write it like 2026-11-27T06:00:00Z)");
                return Main.USAGE;
            }
            query = "?at=" + URLEncoder.encode(at, StandardCharsets.UTF_8);
        }
        format.show(config, "/api/v1/status" + query, spec, StatusCommand::render);
        return Main.OK;
    }

    static String render(JsonNode body) {
        StringBuilder b = new StringBuilder();
        b.append("As of ").append(body.path("at").asText()).append('\n');
        b.append(String.format(
                "%-28s %-8s %-22s %-22s %s%n", "WORKFLOW", "STATE", "LAST SUCCESS", "NEXT DUE", "DEADLINE"));
        TreeMap<String, Integer> counts = new TreeMap<>();
        for (JsonNode w : body.path("workflows")) {
            String state = w.path("state").asText();
            counts.merge(state, 1, Integer::sum);
            String reason =
                    w.path("reason").isNull() ? "" : " (" + w.path("reason").asText() + ")";
            b.append(String.format(
                    "%-28s %-8s %-22s %-22s %s%s%n",
                    w.path("id").asText(),
                    state,
                    text(w, "last_success"),
                    text(w, "next_due"),
                    text(w, "deadline"),
                    reason));
        }
        b.append('\n').append(body.path("workflows").size()).append(" workflows");
        counts.forEach((state, n) -> b.append(", ").append(n).append(' ').append(state));
        b.append('\n');
        StringBuilder anomalies = new StringBuilder();
        int found = 0;
        for (JsonNode w : body.path("workflows")) {
            for (JsonNode a : w.path("anomalies")) {
                anomalies.append(String.format(
                        "  %-26s %s%n", w.path("id").asText(), a.path("text").asText()));
                found++;
            }
        }
        if (found > 0) {
            b.append('\n')
                    .append("Anomalies in the last 24 hours (")
                    .append(found)
                    .append(")\n")
                    .append(anomalies);
        }
        return b.toString();
    }

    private static String text(JsonNode w, String field) {
        return w.path(field).isNull() || w.path(field).isMissingNode()
                ? "-"
                : w.path(field).asText();
    }
}
