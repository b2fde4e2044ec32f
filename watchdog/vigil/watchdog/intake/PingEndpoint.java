package vigil.watchdog.intake;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
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
 * POST or HEAD (OPTIONS for a browser's preflight); a trailing slash is allowed; {@code ?rid=}
 * pairs a start with its completion. "OK" is only answered once the
 * ping is stored durably. Pings for ids nobody inventoried are kept as strays and answered 404.
 */
public final class PingEndpoint {
    private static final Pattern EXIT_STATUS = Pattern.compile("\\d{1,10}");
    /** A value a ping carries: a non-negative decimal, plainly written (no sign, no exponent). */
    private static final Pattern VALUE = Pattern.compile("\\d{1,15}(\\.\\d{1,9})?");

    private static final int USER_AGENT_LIMIT = 200;
    private static final Charset UTF8 = StandardCharsets.UTF_8;

    private final Supplier<PingTargets> targets;
    private final Supplier<Secret> pingKey;
    private final PingWriter writer;
    private final Clock clock;
    private final java.util.function.IntSupplier bodyLimit;
    private final Consumer<Ping.Kind> counter;
    private final StrayLimit strayLimit;

    public PingEndpoint(
            Supplier<PingTargets> targets,
            Supplier<Secret> pingKey,
            PingWriter writer,
            Clock clock,
            java.util.function.IntSupplier bodyLimit,
            Consumer<Ping.Kind> counter) {
        this.targets = targets;
        this.pingKey = pingKey;
        this.writer = writer;
        this.clock = clock;
        this.strayLimit = new StrayLimit(clock);
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
        return answer(request).thenApply(this::withProtocolHeaders);
    }

    /**
     * Every ping answer says how much body is kept ({@code Ping-Body-Limit}, by which runitor and
     * {@code vigil run} size what they send) and may be read by a browser on any origin, as
     * Healthchecks' answers are.
     */
    private ApiServer.Response withProtocolHeaders(ApiServer.Response response) {
        return response.withHeader("Ping-Body-Limit", Integer.toString(bodyLimit.getAsInt()))
                .withHeader("Access-Control-Allow-Origin", "*");
    }

    private CompletableFuture<ApiServer.Response> answer(ApiServer.Request request) {
        String method = request.method();
        if (method.equals("OPTIONS")) {
            return CompletableFuture.completedFuture(
                    new ApiServer.Response(204, "text/plain; charset=utf-8", new byte[0])
                            .withHeader("Access-Control-Allow-Methods", "GET, POST, HEAD, OPTIONS")
                            .withHeader("Access-Control-Allow-Headers", "*")
                            .withHeader("Access-Control-Max-Age", "86400"));
        }
        if (!method.equals("GET") && !method.equals("POST") && !method.equals("HEAD")) {
            return now(405, "method not allowed");
        }
        String path = request.path().substring("/ping/".length());
        // one trailing slash is allowed, as Healthchecks allows it
        String[] parts = (path.endsWith("/") ? path.substring(0, path.length() - 1) : path).split("/", -1);
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
        Optional<String> count = request.param("count");
        Optional<String> cost = request.param("cost");
        if (count.filter(v -> !VALUE.matcher(v).matches()).isPresent()
                || cost.filter(v -> !VALUE.matcher(v).matches()).isPresent()) {
            return now(400, "invalid url format");
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
        if (workflow.isEmpty() && !strayLimit.take()) {
            return now(429, "too many pings for ids not in the inventory");
        }
        Body body = body(request.body());
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
                body.text(),
                body.bytes(),
                count.map(Double::valueOf).orElse(null),
                cost.map(Double::valueOf).orElse(null));
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

    /** A body as text, and as received when the text is not exactly it. */
    record Body(String text, byte[] bytes) {
        static final Body NONE = new Body(null, null);
    }

    /**
     * The body cut at the limit (a character cut in two there is dropped), as text — with U+FFFD
     * for each byte that is not UTF-8, and for NUL — and, when that text is not the body exactly,
     * the bytes as received.
     */
    Body body(byte[] bytes) {
        if (bytes.length == 0) {
            return Body.NONE;
        }
        int length = Math.min(bytes.length, bodyLimit.getAsInt());
        if (length < bytes.length) {
            int lead = length;
            while (lead > 0 && length - lead < 3 && (bytes[lead - 1] & 0xC0) == 0x80) {
                lead--;
            }
            if (lead > 0) {
                int first = bytes[lead - 1] & 0xFF;
                int width = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1;
                if (length - (lead - 1) < width) {
                    length = lead - 1;
                }
            }
        }
        try {
            String text = UTF8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length))
                    .toString();
            if (text.indexOf('\0') < 0) {
                return new Body(text, null);
            }
        } catch (CharacterCodingException e) {
            // not UTF-8: shown with replacement characters, kept as received
        }
        String shown = new String(bytes, 0, length, UTF8).replace('\0', '\uFFFD');
        return new Body(shown, Arrays.copyOf(bytes, length));
    }
}
