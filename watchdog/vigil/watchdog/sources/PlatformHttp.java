package vigil.watchdog.sources;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import vigil.watchdog.http.Json;

/**
 * The HTTP work every adapter shares, written once: a JSON request to the platform with its
 * authentication headers, a timeout, retries with backoff for what may pass (unreachable, 5xx),
 * and the platform's answer mapped to a {@link SourceException} kind — 401/403 is Vigil's key
 * refused, 429 (or 403 with {@code x-ratelimit-remaining: 0} or {@code retry-after}, as GitHub
 * answers) is a rate limit, 404 is a workflow the platform does not know. Messages name the
 * platform and its address, never a header, a key or a query string.
 */
public final class PlatformHttp {
    /** Attempts per request: the first and two retries, waiting {@code backoff}, then twice that. */
    static final int ATTEMPTS = 3;

    private final String platform;
    private final String url;
    private final HttpClient http;
    private final Duration timeout;
    private final Duration backoff;
    private final Supplier<Map<String, String>> headers;
    private final AtomicInteger requests = new AtomicInteger();

    /**
     * @param platform the platform's name in messages ("n8n", "Airflow" …)
     * @param url the platform's base address, without a trailing slash
     * @param headers the authentication headers, asked for at each request (a token may change)
     */
    public PlatformHttp(
            String platform,
            String url,
            HttpClient http,
            Duration timeout,
            Duration backoff,
            Supplier<Map<String, String>> headers) {
        this.platform = platform;
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.http = http;
        this.timeout = timeout;
        this.backoff = backoff;
        this.headers = headers;
    }

    /** An answer: its JSON and the headers an adapter pages or paces by. */
    public record Answer(JsonNode json, HttpResponse<String> response) {
        public Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }
    }

    public String url() {
        return url;
    }

    /** How many requests were sent so far (retries count). */
    public int requests() {
        return requests.get();
    }

    /** GET {@code path} (from the base address, with its query) and read the JSON answer. */
    public Answer get(String path) throws SourceException {
        return send(HttpRequest.newBuilder(uri(path)).GET(), path, null);
    }

    /**
     * GET {@code path} asking for {@code accept} and keep the answer as text (an XML job config,
     * a raw file): {@link Answer#json()} is null, the text is {@code response().body()}.
     */
    public Answer getText(String path, String accept) throws SourceException {
        return send(HttpRequest.newBuilder(uri(path)).GET(), path, accept);
    }

    /** POST {@code json} to {@code path}, with the given headers only (e.g. a token exchange). */
    public Answer post(String path, String json, Map<String, String> extra) throws SourceException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        extra.forEach(b::header);
        return send(b, null, null);
    }

    private URI uri(String path) throws SourceException {
        try {
            return URI.create(url + path);
        } catch (IllegalArgumentException e) {
            throw new SourceException(SourceException.Kind.MALFORMED, platform + " at " + url + ": not an address");
        }
    }

    /** @param text null to read JSON; else the type a text answer is asked for in (it wins over the adapter's) */
    private Answer send(HttpRequest.Builder builder, String authenticatedPath, String text) throws SourceException {
        builder.timeout(timeout).header("Accept", "application/json");
        if (authenticatedPath != null) {
            headers.get().forEach(builder::setHeader); // an adapter's Accept replaces the default
        }
        if (text != null) {
            builder.setHeader("Accept", text);
        }
        boolean json = text == null;
        HttpRequest request = builder.build();
        SourceException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (attempt > 0) {
                pause(backoff.multipliedBy(1L << (attempt - 1)));
            }
            try {
                return answer(exchange(request), json);
            } catch (Retry e) {
                last = e.cause;
            }
        }
        throw last;
    }

    private HttpResponse<String> exchange(HttpRequest request) throws Retry, SourceException {
        requests.incrementAndGet();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new Retry(new SourceException(
                    SourceException.Kind.UNREACHABLE,
                    platform + " at " + url + " did not answer within " + timeout.toSeconds() + " s"));
        } catch (IOException e) {
            throw new Retry(new SourceException(
                    SourceException.Kind.UNREACHABLE,
                    platform + " at " + url + " unreachable: " + e.getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(SourceException.Kind.UNREACHABLE, "interrupted");
        }
    }

    private Answer answer(HttpResponse<String> response, boolean json) throws Retry, SourceException {
        int status = response.statusCode();
        if (status == 429 || rateLimited(response)) {
            String after = response.headers()
                    .firstValue("retry-after")
                    .map(s -> ", retry after " + s.replaceAll("[^0-9A-Za-z :,]", "") + " s")
                    .orElse("");
            throw new SourceException(
                    SourceException.Kind.RATE_LIMITED,
                    platform + " at " + url + " asked Vigil to slow down (HTTP " + status + after + ")");
        }
        if (status == 401 || status == 403) {
            throw new SourceException(
                    SourceException.Kind.AUTH,
                    platform + " at " + url + " refused Vigil's credentials (HTTP " + status + ")");
        }
        if (status == 404) {
            throw new SourceException(
                    SourceException.Kind.NOT_FOUND, platform + " at " + url + " does not know it (HTTP 404)");
        }
        if (status >= 500) {
            throw new Retry(new SourceException(
                    SourceException.Kind.UNREACHABLE, platform + " at " + url + " answered HTTP " + status));
        }
        if (status < 200 || status > 299) {
            throw new SourceException(
                    SourceException.Kind.UNREACHABLE, platform + " at " + url + " answered HTTP " + status);
        }
        if (!json) {
            return new Answer(null, response);
        }
        try {
            return new Answer(Json.MAPPER.readTree(response.body()), response);
        } catch (IOException e) {
            throw new SourceException(
                    SourceException.Kind.MALFORMED, platform + " at " + url + " answered with JSON Vigil cannot read");
        }
    }

    /** GitHub's primary and secondary limits answer 403 with these headers rather than 429. */
    private static boolean rateLimited(HttpResponse<String> response) {
        return response.statusCode() == 403
                && (response.headers()
                                .firstValue("x-ratelimit-remaining")
                                .map("0"::equals)
                                .orElse(false)
                        || response.headers().firstValue("retry-after").isPresent());
    }

    private static void pause(Duration d) throws SourceException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(SourceException.Kind.UNREACHABLE, "interrupted");
        }
    }

    /** A failure another attempt may cure. */
    private static final class Retry extends Exception {
        final SourceException cause;

        Retry(SourceException cause) {
            super(null, null, false, false);
            this.cause = cause;
        }
    }
}
