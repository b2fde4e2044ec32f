package vigil.watchdog.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import vigil.inventory.load.Located;
import vigil.inventory.load.YamlMap;

/** {@code directory:} — SCIM 2.0 pushed to Vigil, LDAP pulled by it (docs/directory.md). */
final class DirectorySection {
    private DirectorySection() {}

    static Config.Directory read(Optional<YamlMap> directory, Reading r) {
        if (directory.isEmpty()) {
            return Config.Directory.NONE;
        }
        YamlMap d = directory.get();
        d.allowOnly(List.of("scim", "ldap"));
        return new Config.Directory(
                d.map("scim").map(s -> scim(s, r)).orElse(null),
                d.map("ldap").map(l -> ldap(l, r)).orElse(null));
    }

    private static Config.Scim scim(YamlMap s, Reading r) {
        s.allowOnly(List.of("token_sha256"));
        s.require("token_sha256");
        return new Config.Scim(s.string("token_sha256")
                .filter(t -> {
                    if (t.value().matches("[0-9a-fA-F]{64}")) {
                        return true;
                    }
                    t.problem(
                            r.problems,
                            "expected the SHA-256 of the token as 64 hex digits (printf %s TOKEN | sha256sum)");
                    return false;
                })
                .map(t -> t.value().toLowerCase(Locale.ROOT))
                .orElse(null));
    }

    private static Config.Ldap ldap(YamlMap l, Reading r) {
        l.allowOnly(List.of(
                "url",
                "bind_dn",
                "password",
                "users",
                "groups",
                "user_filter",
                "group_filter",
                "disabled_filter",
                "ca",
                "poll"));
        l.require("url", "users");
        l.string("url").ifPresent(u -> {
            if (!u.value().startsWith("ldap://") && !u.value().startsWith("ldaps://")) {
                u.problem(r.problems, "an LDAP url starts with ldaps:// (or ldap://), found '" + u.value() + "'");
            }
        });
        return new Config.Ldap(
                l.string("url").map(Located::value).orElse(""),
                l.string("bind_dn").map(Located::value).orElse(null),
                r.secrets.secret(l, "password"),
                l.string("users").map(Located::value).orElse(""),
                l.string("groups").map(Located::value).orElse(null),
                l.string("user_filter").map(Located::value).orElse(null),
                l.string("group_filter").map(Located::value).orElse(null),
                l.string("disabled_filter").map(Located::value).orElse(null),
                l.has("ca") ? r.caFile(l) : null,
                r.duration(l, "poll", Duration.ofMinutes(15), Duration.ofDays(1)));
    }
}
