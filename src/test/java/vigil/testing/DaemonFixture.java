package vigil.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.quartz.SchedulerException;
import vigil.inventory.load.InvalidYamlException;
import vigil.watchdog.Daemon;
import vigil.watchdog.Stages;
import vigil.watchdog.config.Config;
import vigil.watchdog.config.ConfigLoader;
import vigil.watchdog.http.Tokens;
import vigil.watchdog.summary.SummaryJob;

/**
 * A real daemon on a free loopback port, with its own state directory, an H2 database, a read
 * token and an admin token, serving the inventory file {@link #inventoryFile()}.
 */
public final class DaemonFixture implements AutoCloseable {
    public static final String READ_TOKEN = "read-token-for-tests";
    public static final String ADMIN_TOKEN = "admin-token-for-tests";
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

    public static final String PING_KEY = "pk-test-0123456789";

    private final Path dir;
    private final int port;
    private Clock clock = CLOCK;
    private Daemon daemon;
    private Stages stages;
    private final HttpClient http = HttpClient.newHttpClient();

    private DaemonFixture(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Writes vigil.yaml and the inventory into {@code dir}; call {@link #start()} to run. */
    public static DaemonFixture in(Path dir, String inventoryYaml) {
        try {
            Files.createDirectories(dir);
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Files.writeString(dir.resolve("inventory.yaml"), inventoryYaml);
            Files.writeString(dir.resolve("ping-key"), PING_KEY + "\n");
            Files.writeString(dir.resolve("vigil.yaml"), """
                    state_dir: state
                    http: { listen: "127.0.0.1:%d" }
                    inventory: inventory.yaml
                    ping_key: ${file:ping-key}
                    ping_body_limit: 1000
                    evaluate_every: 1h
                    api_tokens:
                      - { name: reader, sha256: "%s", scope: read }
                      - { name: admin, sha256: "%s", scope: admin }
                    channels:
                      team-chat: { kind: webhook, url: "http://127.0.0.1:9/hook", owner: team@example.com }
                    """.formatted(
                            port, Tokens.sha256(READ_TOKEN), Tokens.sha256(ADMIN_TOKEN)));
            return new DaemonFixture(dir, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Like {@link #in}, for an inventory built in code: written as inventory files into {@code
     * inventory/} ({@link InventoryYaml}), with the channels and pull servers it names in vigil.yaml.
     */
    public static DaemonFixture generated(Path dir, vigil.inventory.Inventory inventory) {
        DaemonFixture fixture = in(dir, "");
        InventoryYaml.write(inventory, dir.resolve("inventory"));
        try {
            Files.writeString(dir.resolve("n8n-key"), "n8n-api-key-of-a-closed-port\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fixture.editConfig("inventory: inventory.yaml", "inventory: inventory/")
                .editConfig(
                        "channels:\n  team-chat: { kind: webhook, url: \"http://127.0.0.1:9/hook\", owner: team@example.com }\n",
                        InventoryYaml.configFor(inventory));
    }

    /** Sends mail through SMTP on this loopback port (no STARTTLS, no login). */
    public DaemonFixture smtp(int port) {
        return appendConfig("mail: { from: vigil@example.com, transport: smtp, smtp: { host: 127.0.0.1, port: " + port
                + ", starttls: off } }\nsummary: { fallback: it@example.com }\n");
    }

    /** Points the team-chat webhook channel at {@code url}, signed with {@code secret}. */
    public DaemonFixture teamChat(String url, String secretFile) {
        try {
            Files.writeString(
                    configFile(),
                    Files.readString(configFile())
                            .replace(
                                    "url: \"http://127.0.0.1:9/hook\"",
                                    "url: \"" + url + "\", secret: \"${file:" + secretFile + "}\""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Replaces text in vigil.yaml (e.g. a port, or evaluate_every). */
    public DaemonFixture editConfig(String from, String to) {
        try {
            String config = Files.readString(configFile());
            if (!config.contains(from)) {
                throw new IllegalArgumentException("vigil.yaml has no '" + from + "'");
            }
            Files.writeString(configFile(), config.replace(from, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public DaemonFixture appendConfig(String yaml) {
        try {
            Files.writeString(configFile(), Files.readString(configFile()) + yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Uses this database instead of the default H2 file in the state directory. */
    public DaemonFixture database(String url) {
        try {
            Files.writeString(configFile(), Files.readString(configFile()) + "database: { url: \"" + url + "\" }\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Runs the daemon on {@code clock} instead of the fixed default. */
    public DaemonFixture clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    public DaemonFixture start() throws IOException, InvalidYamlException {
        Config config = ConfigLoader.load(configFile());
        stages = Stages.wire(config, clock);
        daemon = Daemon.start(stages);
        return this;
    }

    /** A ping as a cron script would send it: GET, or POST when there is a body. */
    public HttpResponse<String> ping(String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)));
        request = body == null ? request.GET() : request.POST(HttpRequest.BodyPublishers.ofString(body));
        return send(request, null);
    }

    public Daemon daemon() {
        return daemon;
    }

    /** The running daemon's stages, to look at what it stored. */
    public Stages stages() {
        return stages;
    }

    /** When the weekly summary is armed to fire next, on the daemon's clock. */
    public Optional<Instant> summaryArmedFor() {
        try {
            return stages.jobs().armedFor(SummaryJob.NAME);
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path configFile() {
        return dir.resolve("vigil.yaml");
    }

    public Path inventoryFile() {
        return dir.resolve("inventory.yaml");
    }

    public Path stateDir() {
        return dir.resolve("state");
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url(path))).GET();
        return send(request, token);
    }

    public HttpResponse<String> post(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).POST(HttpRequest.BodyPublishers.noBody()), token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
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

    public void stop() {
        if (daemon != null) {
            daemon.close();
            daemon = null;
            stages = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
