package vigil.watchdog.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "reload",
        mixinStandardHelpOptions = true,
        description = {
            "Ask the running daemon to re-read vigil.yaml and the inventory.",
            "Exit 0 when reloaded; 1 when invalid (the problems are printed and the running inventory is kept)."
        })
final class ReloadCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ApiClient.Reply reply = ApiClient.of(config.path()).post("/api/v1/reload");
        if (reply.status() == 200) {
            spec.commandLine().getOut().println(reply.body().path("summary").asText());
            return Main.OK;
        }
        if (reply.status() == 422) {
            reply.body()
                    .path("problems")
                    .forEach(p -> spec.commandLine().getErr().println(p.asText()));
            spec.commandLine()
                    .getErr()
                    .println("vigil: " + reply.body().path("summary").asText());
            return Main.ERROR;
        }
        throw new CliException(reply.error());
    }
}
