package vigil.watchdog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "discover",
        mixinStandardHelpOptions = true,
        description = {
            "Inventory YAML for the workflows a source's platform defines that no inventory entry watches yet:",
            "id, name, schedule, time zone, paused, credentials (mapped through the credentials' refs), notify",
            "and source filled in from the platform; what it cannot know (the owner) and what does not map are",
            "comments to act on. Review it, add the owners, then add it to the inventory and run 'vigil validate'.",
            "The daemon reads the definitions from the platform then and there (docs/discovery.md).",
            "It never edits a file: --out refuses a file that exists.",
            "Exit 0; 1 on any error (an unknown source, a platform that cannot be read and was never read)."
        })
final class DiscoverCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "SERVER", description = "a source from vigil.yaml's sources:, e.g. crm-n8n")
    String source;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "write the YAML to this new file (refused if it exists) instead of printing it")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (out != null) {
            NewFile.check(out, "discover");
        }
        ApiClient.Reply reply = ApiClient.of(config.path())
                .get("/api/v1/discover?source=" + URLEncoder.encode(source, StandardCharsets.UTF_8));
        if (reply.status() != 200) {
            throw new CliException(reply.error());
        }
        JsonNode body = reply.body();
        String yaml = body.path("yaml").asText();
        if (out == null) {
            spec.commandLine().getOut().print(yaml);
            spec.commandLine().getOut().flush();
        } else {
            NewFile.write(out, yaml, "discover");
            spec.commandLine()
                    .getErr()
                    .println("discover: " + body.path("proposed").asLong() + " entr"
                            + (body.path("proposed").asLong() == 1 ? "y" : "ies") + " proposed for '" + source
                            + "' (" + body.path("uninventoried").asLong() + " of "
                            + body.path("definitions").asLong()
                            + " platform workflows not in the inventory) written to " + out);
        }
        if (!body.path("fresh").asBoolean(true)) {
            spec.commandLine()
                    .getErr()
                    .println("discover: the platform did not answer now ("
                            + body.path("error").asText() + "); the proposal uses the definitions read at "
                            + body.path("read_at").asText());
        }
        return Main.OK;
    }
}
