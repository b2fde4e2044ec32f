package vigil.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import vigil.watchdog.http.Tokens;

/**
 * A layoff as an identity provider pushes it: its people provisioned over SCIM, then deactivated
 * by several connections at once ({@code PATCH active=false}, Okta's request), each answered
 * request recorded; and what the daemon's database says afterwards of each leaver. Shared by the
 * layoff test (a {@code kill -9} in the middle) and the layoff benchmark.
 */
public final class Layoff {
    public static final String TOKEN = "scim-token-for-layoffs-51c9";

    private static final String DEACTIVATE = """
            {
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [{ "op": "replace", "value": { "active": false } }]
            }""";

    private static final String RENAME = """
            {
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [{ "op": "replace", "path": "displayName", "value": "%s" }]
            }""";

    private static final Pattern UNTOLD = Pattern.compile("(?m)^vigil_person_events_untold\\S* ([0-9.]+)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final DaemonFixture daemon;
    private final java.util.concurrent.atomic.AtomicInteger answeredNow =
            new java.util.concurrent.atomic.AtomicInteger();

    public Layoff(DaemonFixture daemon) {
        this.daemon = daemon;
    }

    /** The vigil.yaml lines that turn SCIM on with {@link #TOKEN} and mail to {@code mail/}. */
    public static String config(String fallback) {
        return "directory: { scim: { token_sha256: \"" + Tokens.sha256(TOKEN) + "\" } }\n"
                + "mail: { from: vigil@example.com, transport: directory, directory: mail }\n"
                + "summary: { fallback: " + fallback + " }\n";
    }

    /** Creates each person as an active SCIM user, {@code clients} at a time; their SCIM ids by email. */
    public Map<String, String> provision(Collection<String> emails, int clients) throws InterruptedException {
        Map<String, String> ids = new ConcurrentHashMap<>();
        Pushed pushed = push(emails, clients, email -> {
            HttpResponse<String> created = send("POST", "/Users", """
                    {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "%s", "active": true,
                     "emails": [{"value": "%s", "primary": true, "type": "work"}]}""".formatted(email, email));
            if (created.statusCode() != 201) {
                throw new IllegalStateException(
                        "creating " + email + " answered " + created.statusCode() + ": " + created.body());
            }
            ids.put(email, JSON.readTree(created.body()).path("id").asText());
        });
        if (pushed.failed() > 0) {
            throw new IllegalStateException(pushed.failed() + " of " + emails.size() + " users not created");
        }
        return ids;
    }

    /** Deactivates each user by its SCIM id, {@code clients} at a time; see {@link Pushed}. */
    public Pushed deactivate(Map<String, String> ids, int clients, AtomicBoolean stop) throws InterruptedException {
        return patch(ids, clients, stop, email -> DEACTIVATE);
    }

    /** Renames each user (a change that deactivates nobody): the same requests' cost without events. */
    public Pushed rename(Map<String, String> ids, int clients) throws InterruptedException {
        return patch(ids, clients, new AtomicBoolean(), email -> RENAME.formatted("Renamed " + email));
    }

    private Pushed patch(
            Map<String, String> ids, int clients, AtomicBoolean stop, java.util.function.Function<String, String> body)
            throws InterruptedException {
        return push(ids.keySet(), clients, email -> {
            if (stop.get()) {
                throw new IllegalStateException("stopped");
            }
            int status =
                    send("PATCH", "/Users/" + ids.get(email), body.apply(email)).statusCode();
            if (status != 200) {
                throw new IllegalStateException("PATCH of " + email + " answered " + status);
            }
        });
    }

    /** What a push did: the emails whose request was answered with success, and how long it took. */
    public record Pushed(List<String> answered, int failed, long nanos) {}

    private interface Request {
        void send(String email) throws Exception;
    }

    private Pushed push(Collection<String> emails, int clients, Request request) throws InterruptedException {
        ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(emails);
        List<String> answered = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        CountDownLatch done = new CountDownLatch(clients);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Thread client = new Thread(
                    () -> {
                        try {
                            for (String email = queue.poll(); email != null; email = queue.poll()) {
                                try {
                                    request.send(email);
                                    answered.add(email);
                                    answeredNow.incrementAndGet();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                    return;
                                } catch (Exception e) {
                                    failed.incrementAndGet(); // unanswered (the daemon is gone): pushed again later
                                }
                            }
                        } finally {
                            done.countDown();
                        }
                    },
                    "scim-client-" + c);
            client.setDaemon(true);
            client.start();
        }
        done.await();
        return new Pushed(List.copyOf(answered), failed.get(), System.nanoTime() - start);
    }

    /** How many requests of this layoff were answered so far, over all pushes. */
    public int answeredNow() {
        return answeredNow.get();
    }

    /** {@code vigil_person_events_untold} as /metrics says now, or -1 when the daemon does not answer. */
    public long untold() {
        try {
            HttpResponse<String> metrics = http.send(
                    HttpRequest.newBuilder(URI.create(daemon.url("/metrics")))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = UNTOLD.matcher(metrics.body());
            return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Waits until the daemon has told every event (at most {@code timeout}); the nanos it took, or -1. */
    public long awaitTold(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (untold() == 0) {
                return System.nanoTime() - start;
            }
            Thread.sleep(50);
        }
        return -1;
    }

    /**
     * The leavers whose deactivation alone breaks something in {@code inventory}: each must get a
     * notice (the owners' or the fallback's), whatever the order the layoff came in.
     */
    public static java.util.Set<String> breaking(vigil.inventory.Inventory inventory, Collection<String> leavers) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String leaver : leavers) {
            try {
                if (vigil.inventory.impact.Impact.of(inventory, List.of(leaver), java.util.Set.of())
                        .blocked()) {
                    out.add(leaver);
                }
            } catch (vigil.inventory.impact.UnknownPersonException e) {
                throw new IllegalArgumentException(leaver + " is not in the inventory", e);
            }
        }
        return out;
    }

    /** What the database holds of one leaver: deactivation events, and per event its notice's deliveries. */
    public record Leaver(int events, int untold, int notices, int deliveries) {}

    /** Each leaver's events, notices and deliveries, read from the daemon's database (stopped or running). */
    public static Map<String, Leaver> outcome(DataSource db, Collection<String> leavers) throws SQLException {
        Map<String, Leaver> out = new HashMap<>();
        for (String email : leavers) {
            out.put(email, new Leaver(0, 0, 0, 0));
        }
        try (Connection c = db.getConnection();
                ResultSet rs = c.createStatement().executeQuery("""
                        SELECT e.email, e.told,
                               (SELECT COUNT(*) FROM notice n WHERE n.topic = CONCAT('person-deactivated/', e.id)),
                               (SELECT COUNT(*) FROM alert_delivery d JOIN notice n ON d.notice = n.id
                                 WHERE n.topic = CONCAT('person-deactivated/', e.id))
                          FROM person_event e WHERE e.active = FALSE""")) {
            while (rs.next()) {
                Leaver was = out.get(rs.getString(1));
                if (was != null) {
                    out.put(
                            rs.getString(1),
                            new Leaver(
                                    was.events() + 1,
                                    was.untold() + (rs.getBoolean(2) ? 0 : 1),
                                    was.notices() + rs.getInt(3),
                                    was.deliveries() + rs.getInt(4)));
                }
            }
        }
        return out;
    }

    private HttpResponse<String> send(String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(daemon.url("/scim/v2" + path)))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/scim+json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
