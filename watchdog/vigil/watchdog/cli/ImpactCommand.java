package vigil.watchdog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "impact",
        mixinStandardHelpOptions = true,
        description = {
            "What breaks if these people are deactivated together: credentials they own (directly, or through an",
            "alias they are the last active member of), the workflows using them, error routes that go dark,",
            "aliases that fall below two active people, and who could take over.",
            "Exit 0 when clear, 3 when blocked, 1 on any error (an offboarding gate should treat that as blocked)."
        })
final class ImpactCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Mixin
    FormatOption format;

    @Parameters(arity = "1..*", paramLabel = "EMAIL", description = "the people leaving")
    List<String> people;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String query = people.stream()
                .map(p -> "person=" + URLEncoder.encode(p, StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        ApiClient.Reply reply = ApiClient.of(config.path()).get("/api/v1/impact?" + query);
        if (reply.status() != 200) {
            throw new CliException(reply.error());
        }
        JsonNode report = reply.body();
        if (format.json()) {
            spec.commandLine()
                    .getOut()
                    .println(vigil.watchdog.http.Json.MAPPER
                            .writerWithDefaultPrettyPrinter()
                            .writeValueAsString(report));
        } else {
            spec.commandLine().getOut().print(ImpactText.render(report));
        }
        spec.commandLine().getOut().flush();
        return "blocked".equals(report.path("verdict").asText()) ? Main.FINDINGS : Main.OK;
    }
}
