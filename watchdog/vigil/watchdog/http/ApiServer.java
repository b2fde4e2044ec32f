package vigil.watchdog.http;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.watchdog.config.Config;

/**
 * The HTTP server: exact-path routes, each public or requiring a token scope. Errors become JSON
 * {@code {"error": …}}; an unexpected exception is logged (without request data) and answered 500
 * without details. An endpoint may answer later (pings answer after their commit): no thread waits
 * for it meanwhile.
 *
 * <p>It sits on Jetty 12's core handler API, with no servlet layer or web framework on top: the
 * routing is the list below, and an answer that completes later is written from the thread that
 * completes it. Jetty allocates ~1.5 KB per exchange where the JDK's built-in server allocated
 * ~19 KB, and under ping load that allocation was half of what the young collections, and so the
 * ping p99, were made of (docs/performance.md).
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final int MAX_BODY = 1 << 20;
    /** How long a request body may take to arrive, however slowly it trickles in. */
    static final Duration BODY_DEADLINE = Duration.ofSeconds(30);

    /** One endpoint. */
    @FunctionalInterface
    public interface Endpoint {
        Response handle(Request request) throws Exception;
    }

    /** An endpoint that may answer later, from another thread; the exchange stays open until then. */
    public interface AsyncEndpoint {
        CompletableFuture<Response> handle(Request request) throws Exception;
    }

    /** A request as endpoints see it; {@code headers} gives a header's first value, or null. */
    public record Request(
            String method,
            String path,
            Map<String, List<String>> query,
            byte[] body,
            Function<String, String> headers,
            String remoteAddr) {
        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.apply(name));
        }

        public Optional<String> param(String name) {
            List<String> values = query.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        public List<String> params(String name) {
            return query.getOrDefault(name, List.of());
        }
    }

    /** An answer; {@code headers} are extra response headers (name, value), in order. */
    public record Response(int status, String contentType, byte[] body, List<String[]> headers) {
        public Response(int status, String contentType, byte[] body) {
            this(status, contentType, body, List.of());
        }

        /** This answer with one more header. */
        public Response withHeader(String name, String value) {
            List<String[]> more = new ArrayList<>(headers);
            more.add(new String[] {name, value});
            return new Response(status, contentType, body, List.copyOf(more));
        }

        public static Response json(int status, Object value) {
            try {
                return new Response(status, "application/json", Json.MAPPER.writeValueAsBytes(value));
            } catch (IOException e) {
                throw new IllegalStateException("cannot write JSON", e);
            }
        }

        public static Response text(int status, String text) {
            return new Response(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private record Route(String method, String path, Config.Scope scope, AsyncEndpoint endpoint) {
        boolean matches(String requestPath) {
            return path.endsWith("/") ? requestPath.startsWith(path) : path.equals(requestPath);
        }
    }

    private final List<Route> routes = new ArrayList<>();
    private final Supplier<Tokens> tokens;
    private Duration bodyDeadline = BODY_DEADLINE;
    private final Server server;
    private final ServerConnector connector;

    /**
     * Request threads. Pings do not hold one while they wait for their commit; the acceptor and the
     * selector take two more.
     */
    private static final int THREADS = 8;

    /**
     * Binds the port at once, so that a port in use fails here ({@link BindException}, naming the
     * address), not on start.
     */
    public ApiServer(String host, int port, Supplier<Tokens> tokens) throws IOException {
        this.tokens = tokens;
        QueuedThreadPool pool = new QueuedThreadPool(THREADS + 2, THREADS + 2);
        pool.setReservedThreads(0);
        pool.setName("http");
        pool.setDaemon(true);
        this.server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(
                    org.eclipse.jetty.server.Request request,
                    org.eclipse.jetty.server.Response response,
                    Callback callback) {
                dispatch(request, response, drain.begin(response, callback));
                return true;
            }
        });
        // a zero stop timeout makes Jetty interrupt at once, and an interrupt that reaches a thread
        // writing the H2 file closes its channel for good (ClosedByInterruptException)
        server.setStopTimeout(1000);
        server.setStopAtShutdown(false);
        try {
            connector.open();
        } catch (IOException e) {
            String where = host + ":" + port;
            if (e.getCause() instanceof BindException cause) {
                BindException refused = new BindException(where + ": " + cause.getMessage());
                refused.initCause(e);
                throw refused;
            }
            throw new IOException("cannot listen on " + where + ": " + e.getMessage(), e);
        }
    }

    /**
     * Registers a route; {@code scope} null means no token needed. A path ending in '/' matches
     * every path beneath it; method "*" matches any method (the endpoint decides).
     */
    public ApiServer route(String method, String path, Config.Scope scope, Endpoint endpoint) {
        routes.add(new Route(method, path, scope, r -> CompletableFuture.completedFuture(endpoint.handle(r))));
        return this;
    }

    /** As {@link #route}, for an endpoint that answers when its future completes. */
    public ApiServer asyncRoute(String method, String path, Config.Scope scope, AsyncEndpoint endpoint) {
        routes.add(new Route(method, path, scope, endpoint));
        return this;
    }

    /** How long a request body may take to arrive (30 s unless set); a slower one is answered 408. */
    ApiServer bodyDeadline(Duration deadline) {
        this.bodyDeadline = deadline;
        return this;
    }

    public void start() throws IOException {
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("the HTTP server could not start: " + e.getMessage(), e);
        }
    }

    private final Drain drain = new Drain();

    public int port() {
        return connector.getLocalPort();
    }

    private void dispatch(
            org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response, Callback callback) {
        CompletableFuture<Response> answer;
        try {
            answer = handle(request);
        } catch (Exception e) {
            answer = CompletableFuture.failedFuture(e);
        }
        if (answer.isDone()) {
            respond(request, response, callback, answer);
        } else {
            // Sent from the thread that completes it (for pings the writer, right after the batch's
            // sync): Jetty's writes do not block, and a hand-off to a request thread cost more than
            // the write (measured: 0.47-0.55x the bare handler's throughput handed off, 0.56-0.58x here).
            CompletableFuture<Response> later = answer;
            answer.whenComplete((r, e) -> respond(request, response, callback, later));
        }
    }

    /** Sends the answer (or the error it completed with); the exchange ends when the write does. */
    private static void respond(
            org.eclipse.jetty.server.Request request,
            org.eclipse.jetty.server.Response response,
            Callback callback,
            CompletableFuture<Response> answer) {
        Response answered;
        try {
            answered = answer.join();
        } catch (CompletionException wrapped) {
            Throwable e = wrapped.getCause();
            if (e instanceof HttpError h) {
                answered = Response.json(h.status(), Map.of("error", h.getMessage()));
                if (h.status() == 401) {
                    response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"vigil\"");
                }
            } else {
                vigil.watchdog.process.Fatal.ifError(e); // Jetty would log it and carry on
                LOG.error(
                        "{} {} failed: {}",
                        request.getMethod(),
                        request.getHttpURI().getPath(),
                        e.getClass().getName(),
                        e);
                answered = Response.json(500, Map.of("error", "internal error; see the daemon's log"));
            }
        }
        try {
            send(request, response, callback, answered);
        } catch (RuntimeException e) {
            LOG.debug("could not answer {}: {}", request.getHttpURI().getPath(), e.toString());
            callback.failed(e);
        }
    }

    private CompletableFuture<Response> handle(org.eclipse.jetty.server.Request request) throws Exception {
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        Route route = route(path, method);
        HttpFields headers = request.getHeaders();
        if (route.scope != null) {
            Optional<Config.Scope> scope = tokens.get().scopeOf(headers.get(HttpHeader.AUTHORIZATION));
            if (scope.isEmpty()) {
                throw new HttpError(401, "missing or unknown bearer token");
            }
            if (route.scope == Config.Scope.ADMIN && scope.get() != Config.Scope.ADMIN) {
                throw new HttpError(403, "this token has read scope; " + method + " " + path + " needs admin");
            }
        }
        Map<String, List<String>> query = query(request.getHttpURI().getQuery());
        String remote = remoteAddr(request);
        return BodyReader.read(request, MAX_BODY)
                .orTimeout(bodyDeadline.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(this::bodyFailure)
                .thenCompose(body -> {
                    try {
                        return route.endpoint.handle(new Request(method, path, query, body, headers::get, remote));
                    } catch (Exception e) {
                        return CompletableFuture.failedFuture(e);
                    }
                });
    }

    /** A body that failed to arrive: too slow (408), or malformed (400). */
    private byte[] bodyFailure(Throwable failure) {
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            throw new HttpError(408, "the request body did not arrive within " + bodyDeadline.toMillis() + " ms");
        }
        throw cause instanceof HttpError h ? h : new HttpError(400, "malformed request body");
    }

    /** The first route for the path that takes the method; 404 if none has the path, else 405. */
    private Route route(String path, String method) {
        boolean pathKnown = false;
        for (Route r : routes) {
            if (r.matches(path)) {
                pathKnown = true;
                if (r.method.equals("*")
                        || r.method.equals(method)
                        || (method.equals("HEAD") && r.method.equals("GET"))) {
                    return r;
                }
            }
        }
        throw pathKnown
                ? new HttpError(405, "method " + method + " not allowed here")
                : new HttpError(404, "not found");
    }

    /** The peer's IP address as written (Jetty's own helper puts an IPv6 address in brackets). */
    private static String remoteAddr(org.eclipse.jetty.server.Request request) {
        SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress()
                : String.valueOf(remote);
    }

    static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return map;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            map.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return map;
    }

    /** A percent-decoded query part; a malformed escape ({@code %zz}, a lone {@code %}) is the client's error. */
    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "malformed query string");
        }
    }

    private static void send(
            org.eclipse.jetty.server.Request request,
            org.eclipse.jetty.server.Response response,
            Callback callback,
            Response answer) {
        response.setStatus(answer.status());
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, answer.contentType());
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put(HttpHeader.CONTENT_LENGTH, answer.body().length);
        for (String[] header : answer.headers()) {
            headers.put(header[0], header[1]);
        }
        boolean head = request.getMethod().equals("HEAD");
        response.write(true, head || answer.body().length == 0 ? null : ByteBuffer.wrap(answer.body()), callback);
    }

    /** Stops accepting, lets requests in flight finish (up to a second), then stops the threads. */
    @Override
    public void close() {
        // Stop accepting, then let every request already taken — and any that arrives on an open
        // connection meanwhile — be answered in full (pings by the writer, still running), with
        // Connection: close. A request is either answered or its connection refused; none gets a
        // 503 for arriving during the stop.
        drain.stopping();
        try {
            connector.close();
            drain.await();
            server.stop();
        } catch (Exception e) {
            LOG.warn("the HTTP server did not stop cleanly: {}", e.toString());
        }
    }
}
