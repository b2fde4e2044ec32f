package vigil.watchdog.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import vigil.inventory.Secret;
import vigil.inventory.load.Located;
import vigil.inventory.load.Suggest;
import vigil.inventory.load.YamlMap;

/** {@code channels:} (Slack, webhook, PagerDuty; routes written channel:NAME) and {@code sources:}. */
final class ChannelsSection {
    private static final List<String> KINDS = List.of("slack", "webhook", "pagerduty");

    private ChannelsSection() {}

    static Map<String, Config.Channel> channels(YamlMap root, Reading r) {
        Map<String, Config.Channel> channels = new LinkedHashMap<>();
        root.map("channels").ifPresent(m -> {
            for (String name : m.keys()) {
                m.map(name).ifPresent(c -> channels.put(name, channel(c, r)));
            }
        });
        return channels;
    }

    private static Config.Channel channel(YamlMap c, Reading r) {
        c.allowOnly(List.of("kind", "url", "secret", "owner"));
        c.require("kind");
        String kind = c.string("kind").map(Located::value).orElse("webhook");
        if (!kind.equals("pagerduty")) {
            c.require("url");
        } else if (!c.has("secret")) {
            c.problem("kind", "a pagerduty channel needs 'secret': its Events API v2 routing key");
        }
        if (!KINDS.contains(kind)) {
            c.problem(
                    "kind",
                    "unknown channel kind '" + kind + "'" + Suggest.hint(kind, KINDS)
                            + "; use one of slack, webhook, pagerduty");
        }
        Secret url = KINDS.contains(kind) && !kind.equals("webhook")
                ? r.secrets.secret(c, "url")
                : r.secrets.plainOrSecret(c, "url");
        return new Config.Channel(
                kind,
                url,
                r.secrets.secret(c, "secret"),
                c.string("owner").map(o -> o.value().toLowerCase(Locale.ROOT)).orElse(null));
    }

    static Map<String, Config.SourceServer> sources(YamlMap root, Reading r) {
        Map<String, Config.SourceServer> sources = new LinkedHashMap<>();
        root.map("sources").ifPresent(m -> {
            for (String name : m.keys()) {
                m.map(name).ifPresent(s -> sources.put(name, source(s, r)));
            }
        });
        return sources;
    }

    /** The keys each source kind takes besides kind, url, owner and poll; the first ones are required. */
    private static final Map<String, List<String>> SOURCE_KEYS = Map.of(
            "n8n", List.of("api_key"),
            "airflow", List.of("username", "password"),
            "github", List.of("token", "repos"),
            "jenkins", List.of("username", "token", "unstable"),
            "kubernetes", List.of("token", "ca", "namespaces"));

    private static final Map<String, List<String>> SOURCE_REQUIRED = Map.of(
            "n8n", List.of("api_key"),
            "airflow", List.of("username", "password"),
            "github", List.of("token"),
            "jenkins", List.of("username", "token"),
            "kubernetes", List.of());

    private static Config.SourceServer source(YamlMap s, Reading r) {
        s.require("kind", "url");
        String kind = s.string("kind").map(Located::value).orElse("");
        List<String> allowed = new java.util.ArrayList<>(List.of("kind", "url", "owner", "poll"));
        if (!Config.SourceServer.KINDS.contains(kind)) {
            if (s.has("kind")) {
                s.problem(
                        "kind",
                        "unknown source kind '" + kind + "'" + Suggest.hint(kind, Config.SourceServer.KINDS)
                                + "; use one of " + String.join(", ", Config.SourceServer.KINDS));
            }
            SOURCE_KEYS.values().forEach(allowed::addAll);
        } else {
            allowed.addAll(SOURCE_KEYS.get(kind));
            s.require(SOURCE_REQUIRED.get(kind).toArray(String[]::new));
            for (String key : s.keys()) {
                boolean another =
                        !allowed.contains(key) && SOURCE_KEYS.values().stream().anyMatch(keys -> keys.contains(key));
                if (another) {
                    s.problem(
                            key,
                            "'" + key + "' is not a key of kind " + kind + " (its keys: kind, url, "
                                    + String.join(", ", SOURCE_KEYS.get(kind)) + ", owner, poll)");
                    allowed.add(key);
                }
            }
        }
        s.allowOnly(allowed.stream().distinct().toList());
        String url = s.string("url").map(Located::value).orElse("");
        s.string("url").ifPresent(u -> {
            if (!u.value().startsWith("http://") && !u.value().startsWith("https://")) {
                u.problem(r.problems, "a source's url starts with https:// (or http://), found '" + u.value() + "'");
            }
        });
        String unstable = s.string("unstable").map(Located::value).orElse("failed");
        if (!unstable.equals("failed") && !unstable.equals("success")) {
            s.problem("unstable", "unstable is 'failed' (the default) or 'success', found '" + unstable + "'");
        }
        List<String> repos = values(s, "repos");
        for (Located<String> repo : s.strings("repos")) {
            if (!repo.value().matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
                repo.problem(r.problems, "a repository is written owner/name, found '" + repo.value() + "'");
            }
        }
        return new Config.SourceServer(
                kind,
                url,
                r.secrets.secret(s, "api_key"),
                s.string("username").map(Located::value).orElse(null),
                r.secrets.secret(s, "password"),
                r.secrets.secret(s, "token"),
                repos,
                s.has("ca") ? r.caFile(s) : null,
                values(s, "namespaces"),
                unstable.equals("success"),
                s.string("owner").map(o -> o.value().toLowerCase(Locale.ROOT)).orElse(null),
                r.duration(s, "poll", Duration.ofMinutes(5), Duration.ofDays(1)));
    }

    private static List<String> values(YamlMap s, String key) {
        return s.strings(key).stream().map(Located::value).toList();
    }
}
