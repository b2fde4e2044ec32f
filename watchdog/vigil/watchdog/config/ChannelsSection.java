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
                m.map(name).ifPresent(s -> {
                    s.allowOnly(List.of("kind", "url", "api_key", "poll"));
                    s.require("kind", "url");
                    sources.put(
                            name,
                            new Config.SourceServer(
                                    s.string("kind").map(Located::value).orElse(""),
                                    s.string("url").map(Located::value).orElse(""),
                                    r.secrets.secret(s, "api_key"),
                                    r.duration(s, "poll", Duration.ofMinutes(5), Duration.ofDays(1))));
                });
            }
        });
        return sources;
    }
}
