package vigil.watchdog.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import vigil.inventory.load.Located;
import vigil.inventory.load.YamlMap;

/** {@code api_tokens:} — each token known by name, SHA-256 and scope, never by its value. */
final class ApiTokensSection {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private ApiTokensSection() {}

    static List<Config.ApiToken> read(YamlMap root, Reading r) {
        List<Config.ApiToken> tokens = new ArrayList<>();
        for (Located<Node> item : root.list("api_tokens")) {
            YamlMap.item(item, r.problems, ConfigLoader.SECRET_ADVICE).ifPresent(t -> {
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
                        s.problem(r.problems, "unknown scope '" + s.value() + "' (use read or admin)");
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
}
