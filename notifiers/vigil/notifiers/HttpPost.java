package vigil.notifiers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * One JSON POST and the status-code table every HTTP notifier shares: 2xx delivered; 404 and 410
 * permanent with the destination gone; 408, 429 and 5xx, timeouts and connection failures worth a
 * retry; any other 4xx permanent (retrying the same request cannot help). Reasons name the kind of
 * peer and the status, never the URL, which often carries a token.
 */
public final class HttpPost {
    /** What the notifiers use unless told otherwise. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private HttpPost() {}

    public static Outcome json(String peer, String url, String body, Map<String, String> headers, Duration timeout) {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return new Outcome.Permanent(peer + ": the configured URL is not valid", false);
        }
        headers.forEach(request::header);
        int status;
        try {
            status = CLIENT.send(request.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (HttpTimeoutException e) {
            return new Outcome.Retry(peer + ": no answer within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            return new Outcome.Retry(peer + ": cannot connect (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Retry(peer + ": interrupted");
        }
        return outcome(peer, status);
    }

    static Outcome outcome(String peer, int status) {
        if (status >= 200 && status < 300) {
            return new Outcome.Delivered();
        }
        String reason = peer + " answered HTTP " + status;
        if (status == 404 || status == 410) {
            return new Outcome.Permanent(reason + ": the destination is gone", true);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new Outcome.Retry(reason);
        }
        return new Outcome.Permanent(reason, false);
    }
}
