package vigil.watchdog.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import vigil.inventory.Secret;
import vigil.inventory.load.Durations;
import vigil.inventory.load.InvalidYamlException;
import vigil.inventory.load.InventoryLoader;
import vigil.inventory.load.Located;
import vigil.inventory.load.Problems;
import vigil.inventory.load.Suggest;
import vigil.inventory.load.YamlFiles;
import vigil.inventory.load.YamlMap;
import vigil.inventory.schedule.CronExpression;
import vigil.inventory.schedule.InvalidCronException;

/**
 * Reads {@code vigil.yaml}. Every problem is collected (with line and column); relative paths are
 * resolved against the file's own directory; secrets must be {@code ${env:NAME}} or
 * {@code ${file:PATH}} references, never inline.
 */
public final class ConfigLoader {
    static final String SECRET_ADVICE =
            "write secrets as ${env:NAME} or ${file:PATH}, never inline in a committed file";
    /** Ping bodies are cut at this many bytes unless ping_body_limit says otherwise (SPEC §5). */
    public static final int DEFAULT_BODY_LIMIT = 100_000;

    static final int MAX_BODY_LIMIT = 1_000_000;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern LISTEN = Pattern.compile("(\\[[0-9a-fA-F:]+]|[^:\\s]+):(\\d{1,5})");

    private final Path file;
    private final Path dir;
    private final String display;
    private final SecretReferences secrets;
    private final Problems problems;

    private ConfigLoader(Path file, Function<String, String> env, Problems problems) {
        this.file = file.toAbsolutePath().normalize();
        this.dir = this.file.getParent();
        this.display = InventoryLoader.display(file);
        this.secrets = new SecretReferences(this.dir, env, problems);
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
        Optional<YamlMap> maybeRoot = Files.exists(file)
                ? YamlFiles.read(file, display, problems)
                        .flatMap(n -> YamlMap.of(display, "", n, problems, SECRET_ADVICE))
                : Optional.empty();
        if (!Files.exists(file)) {
            problems.add(new vigil.inventory.load.Problem(display, 1, 1, "configuration file not found"));
        }
        YamlMap root = maybeRoot.orElse(null);
        if (root != null) {
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
                    "sources"));
        }
        Path stateDir = path(root, "state_dir", "../data");
        String stateDirText = stateDir.toString();
        Config.Database database = database(root == null ? Optional.empty() : root.map("database"), stateDirText);
        String host = "127.0.0.1";
        int port = 8787;
        Optional<YamlMap> http = root == null ? Optional.empty() : root.map("http");
        if (http.isPresent()) {
            http.get().allowOnly(List.of("listen"));
            Optional<Located<String>> listen = http.get().string("listen");
            if (listen.isPresent()) {
                Matcher m = LISTEN.matcher(listen.get().value());
                int p = m.matches() ? Integer.parseInt(m.group(2)) : -1;
                if (p < 1 || p > 65535) {
                    listen.get()
                            .problem(
                                    problems,
                                    "invalid listen address '" + listen.get().value()
                                            + "' (write HOST:PORT, e.g. 127.0.0.1:8787)");
                } else {
                    host = m.group(1).replace("[", "").replace("]", "");
                    port = p;
                }
            }
        }
        Path inventory = path(root, "inventory", "inventory/");
        ZoneId zone = ZoneId.of("UTC");
        Optional<Located<String>> tz = root == null ? Optional.empty() : root.string("timezone");
        if (tz.isPresent()) {
            try {
                zone = ZoneId.of(tz.get().value());
            } catch (java.time.DateTimeException e) {
                tz.get()
                        .problem(
                                problems,
                                "unknown time zone '" + tz.get().value() + "'"
                                        + Suggest.hint(tz.get().value(), ZoneId.getAvailableZoneIds()));
            }
        }
        Secret pingKey = root == null ? null : secrets.secret(root, "ping_key");
        int bodyLimit = root == null
                ? DEFAULT_BODY_LIMIT
                : root.string("ping_body_limit")
                        .map(l -> integer(l, 0, MAX_BODY_LIMIT))
                        .orElse(DEFAULT_BODY_LIMIT);
        Duration evaluateEvery = duration(root, "evaluate_every", Duration.ofSeconds(30));
        return new Config(
                file,
                stateDir,
                database,
                host,
                port,
                inventory,
                zone,
                pingKey,
                bodyLimit,
                evaluateEvery,
                apiTokens(root),
                mail(root == null ? Optional.empty() : root.map("mail"), stateDir),
                summary(root == null ? Optional.empty() : root.map("summary")),
                channels(root),
                sources(root));
    }

    private Path path(YamlMap m, String key, String fallback) {
        String text = m == null ? fallback : m.string(key).map(Located::value).orElse(fallback);
        return dir.resolve(text).normalize();
    }

    private Duration duration(YamlMap m, String key, Duration fallback) {
        if (m == null) {
            return fallback;
        }
        Optional<Located<String>> text = m.string(key);
        if (text.isEmpty()) {
            return fallback;
        }
        Optional<Duration> d = Durations.parse(text.get().value());
        if (d.isEmpty() || d.get().isZero() || d.get().isNegative()) {
            text.get()
                    .problem(
                            problems,
                            "invalid duration '" + text.get().value()
                                    + "' (use 30s, 5m, 1h, 1d, 1w or ISO-8601 like PT1H)");
            return fallback;
        }
        return d.get();
    }

    private Config.Database database(Optional<YamlMap> m, String stateDir) {
        String url = "jdbc:h2:file:" + stateDir + "/vigil";
        String user = null;
        Secret password = null;
        if (m.isPresent()) {
            m.get().allowOnly(List.of("url", "user", "password"));
            Optional<Located<String>> u = m.get().string("url");
            if (u.isPresent()) {
                url = u.get().value().replace("${state_dir}", stateDir);
                if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
                    u.get()
                            .problem(
                                    problems,
                                    "unsupported database URL (use jdbc:h2:file:PATH or jdbc:postgresql://HOST/DB)");
                }
            }
            user = m.get().string("user").map(Located::value).orElse(null);
            password = secrets.secret(m.get(), "password");
        }
        return new Config.Database(url, user, password);
    }

    private List<Config.ApiToken> apiTokens(YamlMap root) {
        List<Config.ApiToken> tokens = new ArrayList<>();
        if (root == null) {
            return tokens;
        }
        for (Located<Node> item : root.list("api_tokens")) {
            YamlMap.item(item, problems, SECRET_ADVICE).ifPresent(t -> {
                t.allowOnly(List.of("name", "sha256", "scope"));
                t.require("name", "sha256", "scope");
                Optional<String> name = t.string("name").map(Located::value);
                Optional<String> hash = t.string("sha256").map(Located::value).filter(h -> {
                    if (SHA256.matcher(h.toLowerCase(Locale.ROOT)).matches()) {
                        return true;
                    }
                    t.problem(
                            "sha256",
                            "expected 64 hex digits (the SHA-256 of the token, e.g. from"
                                    + " 'printf %s TOKEN | sha256sum'), not the token itself");
                    return false;
                });
                Optional<Config.Scope> scope = t.string("scope").flatMap(s -> switch (s.value()) {
                    case "read" -> Optional.of(Config.Scope.READ);
                    case "admin" -> Optional.of(Config.Scope.ADMIN);
                    default -> {
                        s.problem(problems, "unknown scope '" + s.value() + "' (use read or admin)");
                        yield Optional.empty();
                    }
                });
                if (name.isPresent() && hash.isPresent() && scope.isPresent()) {
                    tokens.add(new Config.ApiToken(name.get(), hash.get().toLowerCase(Locale.ROOT), scope.get()));
                }
            });
        }
        return tokens;
    }

    private Config.Mail mail(Optional<YamlMap> m, Path stateDir) {
        if (m.isEmpty()) {
            return new Config.Mail("vigil@localhost", "directory", stateDir.resolve("mail"), null);
        }
        YamlMap mail = m.get();
        mail.allowOnly(List.of("from", "transport", "directory", "smtp"));
        String from = mail.string("from").map(Located::value).orElse("vigil@localhost");
        String transport = mail.string("transport").map(Located::value).orElse("directory");
        if (!transport.equals("directory") && !transport.equals("smtp")) {
            mail.problem("transport", "unknown transport '" + transport + "' (use directory or smtp)");
        }
        Path directory = mail.has("directory") ? path(mail, "directory", "") : stateDir.resolve("mail");
        Config.Smtp smtp = null;
        Optional<YamlMap> s = mail.map("smtp");
        if (s.isPresent()) {
            YamlMap sm = s.get();
            sm.allowOnly(List.of("host", "port", "starttls", "username", "password"));
            sm.require("host");
            int port = sm.string("port").map(p -> integer(p, 1, 65535)).orElse(587);
            String starttls = sm.string("starttls").map(Located::value).orElse("required");
            if (!starttls.equals("required") && !starttls.equals("off")) {
                sm.problem("starttls", "expected required or off, found '" + starttls + "'");
            }
            smtp = new Config.Smtp(
                    sm.string("host").map(Located::value).orElse(null),
                    port,
                    starttls,
                    sm.string("username").map(Located::value).orElse(null),
                    secrets.secret(sm, "password"));
        } else if (transport.equals("smtp")) {
            mail.problem("transport", "transport smtp needs an 'smtp' section with at least 'host'");
        }
        return new Config.Mail(from, transport, directory, smtp);
    }

    private Config.Summary summary(Optional<YamlMap> m) {
        if (m.isEmpty()) {
            return new Config.Summary("0 9 * * MON", null);
        }
        m.get().allowOnly(List.of("cron", "fallback"));
        String cron = m.get().string("cron").map(Located::value).orElse("0 9 * * MON");
        try {
            CronExpression.parse(cron);
        } catch (InvalidCronException e) {
            m.get().problem("cron", "invalid cron expression '" + cron + "': " + e.getMessage());
        }
        return new Config.Summary(
                cron,
                m.get()
                        .string("fallback")
                        .map(l -> l.value().toLowerCase(Locale.ROOT))
                        .orElse(null));
    }

    private Map<String, Config.Channel> channels(YamlMap root) {
        Map<String, Config.Channel> channels = new LinkedHashMap<>();
        Optional<YamlMap> m = root == null ? Optional.empty() : root.map("channels");
        if (m.isEmpty()) {
            return channels;
        }
        for (String name : m.get().keys()) {
            m.get().map(name).ifPresent(c -> {
                c.allowOnly(List.of("kind", "url", "secret", "owner"));
                c.require("kind");
                String kind = c.string("kind").map(Located::value).orElse("webhook");
                if (!kind.equals("pagerduty")) {
                    c.require("url");
                } else if (!c.has("secret")) {
                    c.problem("kind", "a pagerduty channel needs 'secret': its Events API v2 routing key");
                }
                List<String> kinds = List.of("slack", "webhook", "pagerduty");
                if (!kinds.contains(kind)) {
                    c.problem(
                            "kind",
                            "unknown channel kind '" + kind + "'" + Suggest.hint(kind, kinds)
                                    + "; use one of slack, webhook, pagerduty");
                }
                Secret url = kinds.contains(kind) && !kind.equals("webhook")
                        ? secrets.secret(c, "url")
                        : secrets.plainOrSecret(c, "url");
                channels.put(
                        name,
                        new Config.Channel(
                                kind,
                                url,
                                secrets.secret(c, "secret"),
                                c.string("owner")
                                        .map(o -> o.value().toLowerCase(Locale.ROOT))
                                        .orElse(null)));
            });
        }
        return channels;
    }

    private Map<String, Config.SourceServer> sources(YamlMap root) {
        Map<String, Config.SourceServer> sources = new LinkedHashMap<>();
        Optional<YamlMap> m = root == null ? Optional.empty() : root.map("sources");
        if (m.isEmpty()) {
            return sources;
        }
        for (String name : m.get().keys()) {
            m.get().map(name).ifPresent(s -> {
                s.allowOnly(List.of("kind", "url", "api_key", "poll"));
                s.require("kind", "url");
                sources.put(
                        name,
                        new Config.SourceServer(
                                s.string("kind").map(Located::value).orElse(""),
                                s.string("url").map(Located::value).orElse(""),
                                secrets.secret(s, "api_key"),
                                duration(s, "poll", Duration.ofMinutes(5))));
            });
        }
        return sources;
    }

    private int integer(Located<String> text, int min, int max) {
        try {
            int v = Integer.parseInt(text.value());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        text.problem(problems, "expected a whole number from " + min + " to " + max + ", found '" + text.value() + "'");
        return min;
    }
}
