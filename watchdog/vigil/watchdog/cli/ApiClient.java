package vigil.watchdog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import vigil.inventory.load.Problems;
import vigil.watchdog.config.Config;
import vigil.watchdog.config.ConfigLoader;
import vigil.watchdog.http.Json;

/**
 * How the CLI asks the running daemon: the address from the config, the token from
 * {@code VIGIL_TOKEN} or the file {@code serve} wrote. Every failure becomes one clear sentence.
 */
final class ApiClient {
    record Reply(int status, JsonNode body) {
        String error() {
            return body.path("error").asText("HTTP " + status);
        }
    }

    private final String baseUrl;
    private final Path tokenFile;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ApiClient(String baseUrl, Path tokenFile) {
        this.baseUrl = baseUrl;
        this.tokenFile = tokenFile;
    }

    /** Reads only what it needs from the config; secrets the CLI's user cannot see do not matter here. */
    static ApiClient of(Path configFile) {
        if (!Files.exists(configFile)) {
            throw new CliException("configuration file not found: " + configFile + " (use --config FILE)");
        }
        Config config = ConfigLoader.read(configFile, System::getenv, new Problems());
        return new ApiClient(config.baseUrl(), config.cliTokenFile());
    }

    Reply get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).GET());
    }

    Reply post(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private Reply send(HttpRequest.Builder request) {
        request.header("Authorization", "Bearer " + token()).timeout(Duration.ofMinutes(2));
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new CliException("no daemon answers at " + baseUrl + "; start it with 'vigil serve'");
        } catch (IOException e) {
            throw new CliException("talking to the daemon at " + baseUrl + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new CliException(
                    "the daemon at " + baseUrl + " sent an unreadable answer (HTTP " + response.statusCode() + ")");
        }
        if (response.statusCode() == 401) {
            throw new CliException("the daemon refused the token from " + tokenSource()
                    + " (was it restarted with another state_dir?)");
        }
        if (response.statusCode() == 403) {
            throw new CliException(body.path("error").asText("forbidden"));
        }
        return new Reply(response.statusCode(), body == null ? Json.MAPPER.createObjectNode() : body);
    }

    private String token() {
        String fromEnv = System.getenv("VIGIL_TOKEN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        try {
            return Files.readString(tokenFile).trim();
        } catch (NoSuchFileException e) {
            throw new CliException("no daemon has written its token to " + tokenFile
                    + "; start it with 'vigil serve' (or set VIGIL_TOKEN)");
        } catch (AccessDeniedException e) {
            throw new CliException("cannot read " + tokenFile + ": run as the daemon's user (or set VIGIL_TOKEN)");
        } catch (IOException e) {
            throw new CliException("cannot read " + tokenFile + ": " + e.getMessage());
        }
    }

    private String tokenSource() {
        String fromEnv = System.getenv("VIGIL_TOKEN");
        return fromEnv != null && !fromEnv.isBlank() ? "VIGIL_TOKEN" : tokenFile.toString();
    }
}
