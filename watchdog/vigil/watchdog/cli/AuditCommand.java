package vigil.watchdog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

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
        JsonNode findings = format.show(config, "/api/v1/audit", spec, body -> AuditText.render(body.path("findings")))
                .path("findings");
        for (JsonNode f : findings) {
            if ("error".equals(f.path("severity").asText())) {
                return Main.FINDINGS;
            }
        }
        return Main.OK;
    }
}
