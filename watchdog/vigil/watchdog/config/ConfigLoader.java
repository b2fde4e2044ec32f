package vigil.watchdog.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vigil.inventory.load.InvalidYamlException;
import vigil.inventory.load.InventoryLoader;
import vigil.inventory.load.Located;
import vigil.inventory.load.Problem;
import vigil.inventory.load.Problems;
import vigil.inventory.load.Suggest;
import vigil.inventory.load.YamlFiles;
import vigil.inventory.load.YamlMap;

/**
 * Reads {@code vigil.yaml}. Every problem is collected (with line and column); relative paths are
 * resolved against the file's own directory; secrets must be {@code ${env:NAME}} or
 * {@code ${file:PATH}} references, never inline.
 */
public final class ConfigLoader {
    static final String SECRET_ADVICE =
            "write secrets as ${env:NAME} or ${file:PATH}, never inline in a committed file";
    /** Ping bodies are cut at this many bytes unless ping_body_limit says otherwise (docs/http.md). */
    public static final int DEFAULT_BODY_LIMIT = 100_000;

    static final int MAX_BODY_LIMIT = 1_000_000;
    private static final Pattern LISTEN = Pattern.compile("(\\[[0-9a-fA-F:]+]|[^:\\s]+):(\\d{1,5})");

    private final Path file;
    private final String display;
    private final Reading reading;
    private final Problems problems;

    private ConfigLoader(Path file, Function<String, String> env, Problems problems) {
        this.file = file.toAbsolutePath().normalize();
        this.display = InventoryLoader.display(file);
        Path dir = this.file.getParent();
        this.reading = new Reading(dir, new SecretReferences(dir, env, problems), problems);
        this.problems = problems;
    }

    /** Loads and validates; throws with every problem found. */
    public static Config load(Path file) throws InvalidYamlException {
        Problems problems = new Problems();
        Config config = read(file, System::getenv, problems);
        problems.throwIfAny();
        return config;
    }

    /**
     * Reads as much as possible, recording problems; the result uses defaults where a value was
     * wrong, so callers (like {@code validate}) can go on to check the inventory too.
     */
    public static Config read(Path file, Function<String, String> env, Problems problems) {
        return new ConfigLoader(file, env, problems).read();
    }

    private Config read() {
        YamlMap root = YamlMap.empty(display, problems, SECRET_ADVICE);
        if (!Files.exists(file)) {
            problems.add(new Problem(display, 1, 1, "configuration file not found"));
        } else {
            root = YamlFiles.read(file, display, problems)
                    .flatMap(n -> YamlMap.of(display, "", n, problems, SECRET_ADVICE))
                    .orElse(root);
        }
        root.allowOnly(List.of(
                "state_dir",
                "database",
                "http",
                "inventory",
                "timezone",
                "ping_key",
                "ping_body_limit",
                "evaluate_every",
                "api_tokens",
                "mail",
                "summary",
                "channels",
                "sources",
                "metrics",
                "directory"));
        Path stateDir = reading.path(root, "state_dir", "../data");
        HostAndPort listen = listen(root.map("http"));
        return new Config(
                file,
                stateDir,
                DatabaseSection.read(root.map("database"), stateDir.toString(), reading),
                listen.host(),
                listen.port(),
                reading.path(root, "inventory", "inventory/"),
                zone(root),
                reading.secrets.secret(root, "ping_key"),
                root.string("ping_body_limit")
                        .map(l -> reading.integer(l, 0, MAX_BODY_LIMIT))
                        .orElse(DEFAULT_BODY_LIMIT),
                reading.duration(root, "evaluate_every", Duration.ofSeconds(30), Duration.ofDays(1)),
                ApiTokensSection.read(root, reading),
                MailSection.mail(root.map("mail"), stateDir, reading),
                MailSection.summary(root.map("summary")),
                ChannelsSection.channels(root, reading),
                ChannelsSection.sources(root, reading),
                metricsPerWorkflow(root.map("metrics")),
                DirectorySection.read(root.map("directory"), reading));
    }

    /** {@code metrics.per_workflow}: one series per workflow (off by default: 100,000 workflows are 100,000 series). */
    private boolean metricsPerWorkflow(Optional<YamlMap> metrics) {
        if (metrics.isEmpty()) {
            return false;
        }
        metrics.get().allowOnly(List.of("per_workflow"));
        return metrics.get()
                .string("per_workflow")
                .map(v -> switch (v.value()) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> {
                        v.problem(problems, "expected true or false, found '" + v.value() + "'");
                        yield false;
                    }
                })
                .orElse(false);
    }

    private record HostAndPort(String host, int port) {}

    /** {@code http.listen}: HOST:PORT ([v6]:PORT), 127.0.0.1:8787 by default. */
    private HostAndPort listen(Optional<YamlMap> http) {
        HostAndPort fallback = new HostAndPort("127.0.0.1", 8787);
        if (http.isEmpty()) {
            return fallback;
        }
        http.get().allowOnly(List.of("listen"));
        Optional<Located<String>> listen = http.get().string("listen");
        if (listen.isEmpty()) {
            return fallback;
        }
        Matcher m = LISTEN.matcher(listen.get().value());
        int port = m.matches() ? Integer.parseInt(m.group(2)) : -1;
        if (port < 1 || port > 65535) {
            listen.get()
                    .problem(
                            problems,
                            "invalid listen address '" + listen.get().value()
                                    + "' (write HOST:PORT, e.g. 127.0.0.1:8787)");
            return fallback;
        }
        return new HostAndPort(m.group(1).replace("[", "").replace("]", ""), port);
    }

    private ZoneId zone(YamlMap root) {
        Optional<Located<String>> tz = root.string("timezone");
        if (tz.isEmpty()) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(tz.get().value());
        } catch (java.time.DateTimeException e) {
            tz.get()
                    .problem(
                            problems,
                            "unknown time zone '" + tz.get().value() + "'"
                                    + Suggest.hint(tz.get().value(), ZoneId.getAvailableZoneIds()));
            return ZoneId.of("UTC");
        }
    }
}
