package vigil.watchdog.sources;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import vigil.inventory.Secret;
import vigil.watchdog.config.Config;

/** The adapter for a configured source, by its kind; null for a kind not polled yet. */
public final class Platforms {
    /** How long one request to a platform may take. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** The wait before the first retry of a request that may pass; the second waits twice as long. */
    static final Duration BACKOFF = Duration.ofSeconds(2);

    /**
     * HTTP/1.1 only. Left to its default (HTTP/2), the JDK's client offers a plain-http server an
     * upgrade to h2c, and n8n never answers such a request: once its WebSocket handlers listen for
     * upgrades, Node hands them every request that carries {@code Upgrade:}, and they leave the
     * ones not for their own paths unanswered — every poll timed out. The APIs read here gain
     * nothing from HTTP/2.
     */
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private Platforms() {}

    /** The HTTP client every adapter sends through (one connection pool for all sources). */
    public static HttpClient client() {
        return HTTP;
    }

    /** Whether sources of this kind are polled (an adapter exists for it). */
    public static boolean polled(Config.SourceServer source) {
        return of(source, Clock.fixed(java.time.Instant.EPOCH, java.time.ZoneOffset.UTC)) != null;
    }

    /** The adapter for one poll round of {@code source}, or null (no source, or a kind not polled). */
    public static Platform of(Config.SourceServer source, Clock clock) {
        if (source == null) {
            return null;
        }
        return switch (source.kind()) {
            case "n8n" -> new N8n(http("n8n", source, () -> N8n.headers(reveal(source.apiKey()))));
            case "jenkins" ->
                new Jenkins(
                        http("Jenkins", source, () -> Jenkins.headers(source.username(), reveal(source.token()))),
                        source.unstableSucceeds());
            case "github" ->
                new GitHubActions(
                        http("GitHub", source, () -> GitHubActions.headers(reveal(source.token()))),
                        clock,
                        source.repos());
            case "airflow" ->
                Airflow.of(auth -> http("Airflow", source, auth), source.username(), () -> reveal(source.password()));
            case "kubernetes" ->
                new Kubernetes(
                        source.url(), () -> reveal(source.token()), source.ca(), TIMEOUT, BACKOFF, source.namespaces());
            default -> null;
        };
    }

    private static PlatformHttp http(String platform, Config.SourceServer source, Supplier<Map<String, String>> auth) {
        return new PlatformHttp(platform, source.url(), HTTP, TIMEOUT, BACKOFF, auth);
    }

    /** A secret's value at the moment of a request; empty when unset (the platform then refuses). */
    static String reveal(Secret secret) {
        return secret == null ? "" : secret.reveal();
    }
}
