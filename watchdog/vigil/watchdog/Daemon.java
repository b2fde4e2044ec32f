package vigil.watchdog;

import java.io.IOException;
import java.time.Clock;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.inventory.load.InvalidYamlException;
import vigil.watchdog.config.Config;

/**
 * The running daemon: its {@link Stages}, started — the server answering, the scheduler firing,
 * the CLI token written — and stopped again in reverse order of opening.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private final Stages stages;

    private Daemon(Stages stages) {
        this.stages = stages;
    }

    /** Wires the stages from {@code config} and starts them. */
    public static Daemon start(Config config, Clock clock) throws IOException, InvalidYamlException {
        return start(Stages.wire(config, clock));
    }

    /** Starts wired stages; if that fails, they are closed. */
    public static Daemon start(Stages stages) throws IOException {
        Config config = stages.snapshot().config();
        try {
            stages.server().start();
            stages.jobs().start();
            CliToken.write(config.cliTokenFile(), stages.cliToken());
        } catch (IOException | SchedulerException | RuntimeException e) {
            stages.cleanup().close();
            throw e instanceof IOException io ? io : new IOException("vigil could not start: " + e.getMessage(), e);
        }
        LOG.info(
                "vigil listening on {} with {}",
                config.baseUrl().replaceFirst(":\\d+$", ":" + stages.server().port()),
                stages.snapshot().inventory());
        config.warnings().forEach(w -> LOG.warn("{}", w));
        return new Daemon(stages);
    }

    /** Re-reads vigil.yaml and the inventory (SIGHUP); an invalid pair changes nothing. */
    public Reloader.Result reload() {
        return stages.reloader().reload();
    }

    @Override
    public void close() {
        stages.cleanup().close();
        LOG.info("vigil stopped");
    }
}
