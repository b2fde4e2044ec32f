package vigil.watchdog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import vigil.watchdog.http.Json;

@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = {
            "Route, credential and ownership findings: error routes that reach one person's mailbox, a deactivated",
            "person or a fragile alias; workflows without routes; personal, orphaned or expiring credentials.",
            "Exit 0 when no finding is at error severity, 3 otherwise."
        })
final class AuditCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Mixin
    FormatOption format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ApiClient.Reply reply = ApiClient.of(config.path()).get("/api/v1/audit");
        if (reply.status() != 200) {
            throw new CliException(reply.error());
        }
        JsonNode findings = reply.body().path("findings");
        if (format.json()) {
            spec.commandLine()
                    .getOut()
                    .println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(reply.body()));
        } else {
            spec.commandLine().getOut().print(AuditText.render(findings));
        }
        spec.commandLine().getOut().flush();
        for (JsonNode f : findings) {
            if ("error".equals(f.path("severity").asText())) {
                return Main.FINDINGS;
            }
        }
        return Main.OK;
    }
}
