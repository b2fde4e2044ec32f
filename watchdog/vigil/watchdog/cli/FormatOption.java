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

    /**
     * Asks the daemon for {@code path} and prints the answer: pretty JSON with {@code --format json},
     * else as {@code text} renders it. Returns the answer; a refusal is a CliException.
     */
    com.fasterxml.jackson.databind.JsonNode show(
            ConfigOption config,
            String path,
            picocli.CommandLine.Model.CommandSpec spec,
            java.util.function.Function<com.fasterxml.jackson.databind.JsonNode, String> text)
            throws java.io.IOException {
        ApiClient.Reply reply = ApiClient.of(config.path()).get(path);
        if (reply.status() != 200) {
            throw new CliException(reply.error());
        }
        java.io.PrintWriter out = spec.commandLine().getOut();
        if (json()) {
            out.println(vigil.watchdog.http.Json.MAPPER
                    .writerWithDefaultPrettyPrinter()
                    .writeValueAsString(reply.body()));
        } else {
            out.print(text.apply(reply.body()));
        }
        out.flush();
        return reply.body();
    }
}
