package vigil.watchdog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "summary",
        mixinStandardHelpOptions = true,
        description = {
            "Weekly execution summaries: for each alias that owns workflows, the runs expected and seen per day,",
            "failures, misses, the longest silence and the audit findings that concern its workflows.",
            "--out renders them into DIR/<alias>.html and DIR/<alias>.txt without sending; --send queues them for",
            "delivery now (durable aliases get their own, every other owner's goes to summary.fallback).",
            "The daemon also sends them by itself on summary.cron.",
            "",
            "Examples:",
            "  vigil summary --out /tmp/summaries",
            "  vigil summary --team reporting@example.com --week-ending 2026-11-22 --send"
        })
final class SummaryCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--team", paramLabel = "EMAIL", description = "only this owner's summary")
    String team;

    @Option(
            names = "--week-ending",
            paramLabel = "DATE",
            description = "the last day of the week (YYYY-MM-DD, in the configured time zone);"
                    + " default: yesterday, so the last seven complete days")
    LocalDate weekEnding;

    @ArgGroup(multiplicity = "1")
    Action action;

    static final class Action {
        @Option(names = "--out", paramLabel = "DIR", required = true, description = "write the summaries here")
        Path out;

        @Option(names = "--send", required = true, description = "send the summaries now")
        boolean send;
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<String> query = new ArrayList<>();
        if (team != null) {
            query.add("team=" + URLEncoder.encode(team, StandardCharsets.UTF_8));
        }
        if (weekEnding != null) {
            query.add("week_ending=" + weekEnding);
        }
        String q = query.isEmpty() ? "" : "?" + String.join("&", query);
        ApiClient client = ApiClient.of(config.path());
        PrintWriter out = spec.commandLine().getOut();
        if (action.send) {
            ApiClient.Reply reply = client.post("/api/v1/summary/send" + q);
            if (reply.status() != 200) {
                throw new CliException(reply.error());
            }
            out.println("week ending " + reply.body().path("week_ending").asText() + ":");
            for (JsonNode line : reply.body().path("sent")) {
                out.println("  " + line.asText());
            }
            out.flush();
            return Main.OK;
        }
        ApiClient.Reply reply = client.get("/api/v1/summary" + q);
        if (reply.status() != 200) {
            throw new CliException(reply.error());
        }
        Files.createDirectories(action.out);
        int written = 0;
        for (JsonNode s : reply.body().path("summaries")) {
            String name = fileName(s.path("team").asText());
            write(action.out.resolve(name + ".html"), s.path("html").asText());
            write(action.out.resolve(name + ".txt"), s.path("text").asText());
            out.println(action.out.resolve(name + ".html") + "  "
                    + s.path("headline").asText());
            written++;
        }
        out.println("wrote " + written + " summar" + (written == 1 ? "y" : "ies") + " for the week ending "
                + reply.body().path("week_ending").asText() + " to " + action.out);
        out.flush();
        return Main.OK;
    }

    /** The alias as a file name: addresses are safe, except for a path separator or a leading dot. */
    static String fileName(String team) {
        String safe = team.replaceAll("[^A-Za-z0-9@._+-]", "_");
        return safe.startsWith(".") ? "_" + safe.substring(1) : safe;
    }

    private static void write(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
