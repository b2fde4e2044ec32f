package vigil.watchdog.cli;

import java.net.BindException;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import vigil.inventory.load.InvalidYamlException;
import vigil.watchdog.Daemon;
import vigil.watchdog.config.Config;
import vigil.watchdog.config.ConfigLoader;

@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Run the daemon: the HTTP API (and, for the local CLI, a token in state_dir/cli-token) until SIGTERM.",
            "SIGHUP re-reads vigil.yaml and the inventory; an invalid one is rejected and the running one kept."
        })
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        vigil.watchdog.process.Fatal.install();
        Config loaded;
        Daemon daemon;
        try {
            loaded = ConfigLoader.load(config.path());
            daemon = Daemon.start(loaded, Clock.systemUTC());
        } catch (InvalidYamlException e) {
            e.problems().forEach(p -> spec.commandLine().getErr().println(p));
            spec.commandLine()
                    .getErr()
                    .println("vigil: not started: " + e.problems().size() + " problem(s)");
            return Main.ERROR;
        } catch (BindException e) {
            throw new CliException("cannot listen on the configured http.listen address: " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            daemon.close();
                            stopped.countDown();
                        },
                        "vigil-shutdown"));
        Signals.onHangup(() -> {
            LOG.info("SIGHUP: reloading");
            daemon.reload();
        });
        stopped.await();
        return Main.OK;
    }
}
