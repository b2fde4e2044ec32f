package vigil.watchdog.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vigil.watchdog.config.Config;

/**
 * Bearer tokens, known only by their SHA-256: the configured {@code api_tokens} and the CLI token
 * that {@code serve} writes to the state directory. A presented token is hashed and looked up, so
 * the token itself is never stored or compared.
 */
public final class Tokens {
    private final Map<String, Config.Scope> scopes;

    public Tokens(List<Config.ApiToken> configured, String cliToken) {
        Map<String, Config.Scope> map = new HashMap<>();
        for (Config.ApiToken token : configured) {
            map.put(token.sha256(), token.scope());
        }
        map.put(sha256(cliToken), Config.Scope.ADMIN);
        this.scopes = Map.copyOf(map);
    }

    /** The scope of the token in an {@code Authorization} header, or empty if absent or unknown. */
    public Optional<Config.Scope> scopeOf(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.ofNullable(scopes.get(sha256(authorization.substring(7).trim())));
    }

    public static String sha256(String token) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
