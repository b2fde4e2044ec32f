package vigil.watchdog.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config F}, shared by every command: defaults to the checkout's example, else /etc/vigil. */
public final class ConfigOption {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "vigil.yaml to use (default: config/vigil.yaml in a checkout, else /etc/vigil/vigil.yaml)")
    Path file;

    public Path path() {
        if (file != null) {
            return file;
        }
        String home = System.getProperty("vigil.home");
        if (home != null) {
            Path checkout = Path.of(home, "config", "vigil.yaml");
            if (Files.exists(checkout)) {
                return checkout;
            }
        }
        Path local = Path.of("config", "vigil.yaml");
        return Files.exists(local) ? local : Path.of("/etc/vigil/vigil.yaml");
    }
}
