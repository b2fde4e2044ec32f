package vigil.watchdog.intake;

import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import vigil.inventory.PingUuid;
import vigil.inventory.Secret;
import vigil.watchdog.http.ApiServer;

/**
 * The Healthchecks.io ping protocol: {@code /ping/{uuid}} and {@code /ping/{ping_key}/{id}},
 * optionally followed by {@code /start}, {@code /fail}, {@code /log} or {@code /{0-255}}; GET,
 * POST or HEAD; {@code ?rid=} pairs a start with its completion. "OK" is only answered once the
 * ping is stored durably. Pings for ids nobody inventoried are kept as strays and answered 404.
 */
public final class PingEndpoint {
    private static final Pattern EXIT_STATUS = Pattern.compile("\\d{1,10}");
    private static final int USER_AGENT_LIMIT = 200;

    private final Supplier<PingTargets> targets;
    private final Supplier<Secret> pingKey;
    private final PingWriter writer;
    private final Clock clock;
    private final int bodyLimit;
    private final Consumer<Ping.Kind> counter;

    public PingEndpoint(
            Supplier<PingTargets> targets,
            Supplier<Secret> pingKey,
            PingWriter writer,
            Clock clock,
            int bodyLimit,
            Consumer<Ping.Kind> counter) {
        this.targets = targets;
        this.pingKey = pingKey;
        this.writer = writer;
        this.clock = clock;
        this.bodyLimit = bodyLimit;
        this.counter = counter;
    }

    private record Parsed(Ping.Kind kind, Integer exitStatus) {}

    /**
     * Answers once the ping is durable: the future completes on the writer's thread after the
     * batch's commit and sync, and the server sends "OK" from there (its writes do not block) — no
     * request thread waits for the commit. Malformed and refused pings are answered at once.
     */
    public CompletableFuture<ApiServer.Response> handle(ApiServer.Request request) {
        String method = request.method();
        if (!method.equals("GET") && !method.equals("POST") && !method.equals("HEAD")) {
            return now(405, "method not allowed");
        }
        String[] parts = request.path().substring("/ping/".length()).split("/", -1);
        boolean byUuid = PingUuid.matches(parts[0]);
        int idParts = byUuid ? 1 : 2;
        if (parts.length < idParts
                || parts.length > idParts + 1
                || parts[0].isEmpty()
                || (!byUuid && parts[1].isEmpty())) {
            return now(400, "invalid url format");
        }
        Optional<Parsed> parsed = action(parts.length > idParts ? parts[idParts] : null);
        if (parsed.isEmpty()) {
            return now(400, "invalid url format");
        }
        String rid = request.param("rid").orElse(null);
        if (rid != null && !PingUuid.matches(rid)) {
            return now(400, "invalid uuid format");
        }
        Optional<String> workflow;
        String strayTarget;
        if (byUuid) {
            strayTarget = parts[0].toLowerCase(java.util.Locale.ROOT);
            workflow = targets.get().byUuid(UUID.fromString(parts[0]));
        } else {
            Secret key = pingKey.get();
            if (key == null
                    || !MessageDigest.isEqual(
                            key.reveal().getBytes(StandardCharsets.UTF_8), parts[0].getBytes(StandardCharsets.UTF_8))) {
                return now(404, "not found");
            }
            strayTarget = parts[1];
            workflow = targets.get().byId(parts[1]);
        }
        Ping ping = new Ping(
                workflow.orElse(strayTarget.length() > 200 ? strayTarget.substring(0, 200) : strayTarget),
                workflow.isEmpty(),
                parsed.get().kind(),
                parsed.get().exitStatus(),
                clock.instant(),
                rid == null ? null : rid.toLowerCase(java.util.Locale.ROOT),
                remote(request),
                request.header("User-Agent")
                        .map(ua -> ua.length() > USER_AGENT_LIMIT ? ua.substring(0, USER_AGENT_LIMIT) : ua)
                        .orElse(null),
                body(request.body()));
        boolean stray = workflow.isEmpty();
        return writer.submit(ping).handle((stored, error) -> {
            if (error != null) {
                return ApiServer.Response.text(503, "storage unavailable, try again");
            }
            if (stray) {
                return ApiServer.Response.text(404, "not found");
            }
            counter.accept(ping.kind());
            return OK;
        });
    }

    private static final ApiServer.Response OK = ApiServer.Response.text(200, "OK");

    private static CompletableFuture<ApiServer.Response> now(int status, String text) {
        return CompletableFuture.completedFuture(ApiServer.Response.text(status, text));
    }

    private static Optional<Parsed> action(String action) {
        if (action == null || action.isEmpty()) {
            return action == null ? Optional.of(new Parsed(Ping.Kind.SUCCESS, null)) : Optional.empty();
        }
        switch (action) {
            case "start":
                return Optional.of(new Parsed(Ping.Kind.START, null));
            case "fail":
                return Optional.of(new Parsed(Ping.Kind.FAIL, null));
            case "log":
                return Optional.of(new Parsed(Ping.Kind.LOG, null));
            default:
                if (!EXIT_STATUS.matcher(action).matches()) {
                    return Optional.empty();
                }
                long status = Long.parseLong(action);
                if (status > 255) {
                    return Optional.empty();
                }
                return Optional.of(new Parsed(status == 0 ? Ping.Kind.SUCCESS : Ping.Kind.FAIL, (int) status));
        }
    }

    private static String remote(ApiServer.Request request) {
        return request.header("X-Forwarded-For")
                .map(f -> f.split(",")[0].trim())
                .filter(f -> !f.isEmpty())
                .map(f -> f.length() > 64 ? f.substring(0, 64) : f)
                .orElse(request.remoteAddr());
    }

    /** The body as text, cut at the limit (an incomplete trailing character is dropped); null when empty. */
    private String body(byte[] bytes) {
        if (bytes.length == 0) {
            return null;
        }
        int length = Math.min(bytes.length, bodyLimit);
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            String text = decoder.decode(ByteBuffer.wrap(bytes, 0, length)).toString();
            return length < bytes.length && text.endsWith("\uFFFD") ? text.substring(0, text.length() - 1) : text;
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }
}
