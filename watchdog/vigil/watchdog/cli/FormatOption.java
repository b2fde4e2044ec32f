package vigil.watchdog.cli;

import picocli.CommandLine.Option;

/** {@code --format text|json}. */
public final class FormatOption {
    enum Format {
        text,
        json
    }

    @Option(
            names = "--format",
            paramLabel = "text|json",
            description = "output format (default: ${DEFAULT-VALUE})",
            defaultValue = "text")
    Format format;

    boolean json() {
        return format == Format.json;
    }
}
