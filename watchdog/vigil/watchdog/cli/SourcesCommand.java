package vigil.watchdog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "sources",
        mixinStandardHelpOptions = true,
        description = {
            "Each platform Vigil reads run history from (vigil.yaml sources:): its kind, whether it is polled,",
            "the workflows watched through it, its last successful poll and its last error.",
            "Exit 0; 3 when a polled source's last poll failed."
        })
final class SourcesCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Mixin
    FormatOption format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        JsonNode body = format.show(config, "/api/v1/sources", spec, SourcesCommand::render);
        boolean failing = false;
        for (JsonNode s : body.path("sources")) {
            failing |= s.path("polled").asBoolean() && s.path("failures").asInt() > 0 || s.hasNonNull("not_found");
        }
        return failing ? Main.FINDINGS : Main.OK;
    }

    static String render(JsonNode body) {
        StringBuilder b = new StringBuilder(String.format(
                "%-16s %-11s %-9s %9s  %-22s %s%n",
                "SOURCE", "KIND", "POLLED", "WORKFLOWS", "LAST SUCCESS", "LAST ERROR"));
        if (body.path("sources").isEmpty()) {
            return "No sources configured (vigil.yaml sources:; see docs/sources.md).\n";
        }
        for (JsonNode s : body.path("sources")) {
            String error = s.path("failures").asInt() == 0
                    ? "-"
                    : s.path("last_error").asText() + " (" + s.path("failures").asInt() + " in a row)";
            b.append(String.format(
                    "%-16s %-11s %-9s %9d  %-22s %s%n",
                    s.path("name").asText(),
                    s.path("kind").asText(),
                    s.path("polled").asBoolean()
                            ? "every "
                                    + s.path("poll").asText().replace("PT", "").toLowerCase(java.util.Locale.ROOT)
                            : "not yet",
                    s.path("workflows").asLong(),
                    s.path("last_success").isNull()
                            ? "never"
                            : s.path("last_success").asText(),
                    error));
            if (s.hasNonNull("not_found")) {
                b.append("  not on the platform: ")
                        .append(s.path("not_found").asText())
                        .append('\n');
            }
            if (s.hasNonNull("definitions_read")) {
                b.append("  definitions: ")
                        .append(s.path("definitions").asLong())
                        .append(" read at ")
                        .append(s.path("definitions_read").asText())
                        .append('\n');
            }
            if (s.hasNonNull("definitions_error")) {
                b.append("  definitions not read: ")
                        .append(s.path("definitions_error").asText())
                        .append(" (the last ones read stand)\n");
            }
            if (s.hasNonNull("pace")) {
                b.append("  ").append(s.path("pace").asText()).append('\n');
            }
        }
        return b.toString();
    }
}
