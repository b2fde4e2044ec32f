package vigil.watchdog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "notify-test",
        mixinStandardHelpOptions = true,
        description = {
            "Send a test message to DESTINATION through the running daemon's real notifier (mail as configured,",
            "or a channel's Slack, webhook or PagerDuty), so a route can be checked before it is relied on.",
            "Exit 0 when delivered, 1 when not (the reason is printed)."
        })
final class NotifyTestCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Parameters(paramLabel = "DESTINATION", description = "an email address, or channel:NAME")
    String destination;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ApiClient.Reply reply = ApiClient.of(config.path())
                .post("/api/v1/notify-test?destination=" + URLEncoder.encode(destination, StandardCharsets.UTF_8));
        if (reply.status() != 200) {
            throw new CliException(reply.error());
        }
        JsonNode body = reply.body();
        if (body.path("delivered").asBoolean()) {
            spec.commandLine().getOut().println("delivered a test message to " + destination);
            return Main.OK;
        }
        spec.commandLine()
                .getErr()
                .println("vigil: not delivered to " + destination + ": "
                        + body.path("error").asText()
                        + (body.path("permanent").asBoolean()
                                ? " (permanent: retrying will not help)"
                                : " (temporary)"));
        return Main.ERROR;
    }
}
