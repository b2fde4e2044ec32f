package vigil.watchdog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "baseline",
        mixinStandardHelpOptions = true,
        description = {
            "Writes down what normal looked like: normal: figures for each workflow from its stored runs over the",
            "last weeks up to yesterday — runs a day (per weekday where weekdays differ), a run's duration, count",
            "and cost — each a median, with how many days or runs it rests on and the middle half of the values.",
            "A figure from too little history (under 7 days, or 10 runs reporting it) is not proposed, and says why.",
            "Review the figures, then copy each normal: block into the workflow's entry and run 'vigil validate'.",
            "Without WORKFLOW, every workflow with finished runs. It never edits a file: --write refuses one that",
            "exists (docs/baselines.md).",
            "Exit 0; 1 on any error (an unknown workflow, the daemon not answering)."
        })
final class BaselineCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Parameters(paramLabel = "WORKFLOW", arity = "0..*", description = "workflow ids; default: every one with runs")
    List<String> workflows = new ArrayList<>();

    @Option(
            names = "--weeks",
            paramLabel = "N",
            defaultValue = "4",
            description = "whole weeks of history to read, 1 to 52 (default: ${DEFAULT-VALUE})")
    int weeks;

    @Option(
            names = "--write",
            paramLabel = "FILE",
            description = "write the YAML to this new file (refused if it exists) instead of printing it")
    Path write;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (write != null) {
            NewFile.check(write, "baseline");
        }
        StringBuilder query = new StringBuilder("/api/v1/baseline?weeks=" + weeks);
        for (String w : workflows) {
            query.append("&workflow=").append(URLEncoder.encode(w, StandardCharsets.UTF_8));
        }
        ApiClient.Reply reply = ApiClient.of(config.path()).get(query.toString());
        if (reply.status() != 200) {
            throw new CliException(reply.error());
        }
        JsonNode body = reply.body();
        String yaml = body.path("yaml").asText();
        if (write == null) {
            spec.commandLine().getOut().print(yaml);
            spec.commandLine().getOut().flush();
        } else {
            NewFile.write(write, yaml, "baseline");
            int proposed = 0;
            for (JsonNode w : body.path("workflows")) {
                for (JsonNode f : w.path("figures")) {
                    if (!f.path("value").isNull()) {
                        proposed++;
                    }
                }
            }
            spec.commandLine()
                    .getErr()
                    .println("baseline: " + proposed + " figure(s) proposed for "
                            + body.path("workflows").size() + " workflow(s) from " + weeks
                            + " week(s) of runs, written to " + write);
        }
        return Main.OK;
    }
}
