package vigil.watchdog.sources;

import java.net.http.HttpClient;
import java.time.Duration;
import vigil.watchdog.config.Config;

/** The adapter for a configured source, by its kind; null for a kind not polled yet. */
public final class Platforms {
    /** How long one request to a platform may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private Platforms() {}

    public static Platform of(Config.SourceServer source) {
        if (source == null) {
            return null;
        }
        return switch (source.kind()) {
            case "n8n" ->
                new N8n(
                        source.url(),
                        () -> source.apiKey() == null ? "" : source.apiKey().reveal(),
                        HTTP,
                        TIMEOUT);
            default -> null;
        };
    }
}
