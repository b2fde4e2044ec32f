package vigil.watchdog.directory.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import vigil.inventory.DirectoryFacts;
import vigil.testing.DaemonFixture;
import vigil.testing.TestDatabase;
import vigil.watchdog.directory.DirectoryStore;
import vigil.watchdog.http.Tokens;

/**
 * A real daemon with {@code directory.scim} configured, on H2 or PostgreSQL, and a real HTTP
 * client that sends what a directory sends: a bearer token, {@code application/scim+json}.
 */
final class ScimDaemon implements AutoCloseable {
    static final String TOKEN = "scim-token-for-tests-7f3a";
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String INVENTORY = """
            people: [{ email: team@example.com }]
            workflows:
              - { id: archived, owner: team@example.com, every: 1d, notify: [team@example.com], paused: true }
            """;

    private final TestDatabase db;
    private final DaemonFixture daemon;
    private final HttpClient http = HttpClient.newHttpClient();

    private ScimDaemon(TestDatabase db, DaemonFixture daemon) {
        this.db = db;
        this.daemon = daemon;
    }

    static ScimDaemon start(String kind, Path dir) throws Exception {
        return start(kind, dir, "directory: { scim: { token_sha256: \"" + Tokens.sha256(TOKEN) + "\" } }\n");
    }

    static ScimDaemon start(String kind, Path dir, String directoryYaml) throws Exception {
        TestDatabase db = TestDatabase.open(kind, dir);
        DaemonFixture daemon =
                DaemonFixture.in(dir.resolve("daemon"), INVENTORY).appendConfig(directoryYaml);
        if (kind.equals("postgresql")) {
            daemon.database(db.url());
        }
        try {
            daemon.start();
        } catch (Exception e) {
            daemon.close();
            db.close();
            throw e;
        }
        return new ScimDaemon(db, daemon);
    }

    HttpResponse<String> send(String method, String path, String body) {
        return send(method, path, body, "Bearer " + TOKEN);
    }

    HttpResponse<String> send(String method, String path, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(daemon.url("/scim/v2" + path)))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Accept", "application/scim+json");
        if (body != null) {
            request.header("Content-Type", "application/scim+json; charset=utf-8");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory store over the daemon's own database. */
    DirectoryStore store() {
        return new DirectoryStore(daemon.stages().database().dataSource(), DaemonFixture.CLOCK);
    }

    DirectoryFacts facts() {
        return store().facts();
    }

    List<DirectoryStore.Event> history(String email) {
        return store().history(email);
    }

    /** Every stored SCIM body, as text: to look for what must never be stored. */
    List<String> storedBodies() {
        return Jdbi.create(daemon.stages().database().dataSource())
                .withHandle(h -> h.createQuery("SELECT body FROM scim_resource")
                        .mapTo(String.class)
                        .list());
    }

    long events() {
        return Jdbi.create(daemon.stages().database().dataSource())
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM person_event")
                        .mapTo(Long.class)
                        .one());
    }

    DaemonFixture daemon() {
        return daemon;
    }

    @Override
    public void close() {
        daemon.close();
        db.close();
    }
}
