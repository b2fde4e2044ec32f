package vigil.watchdog.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.watchdog.config.Config;

/**
 * The HTTP server: exact-path routes, each public or requiring a token scope. Errors become JSON
 * {@code {"error": …}}; an unexpected exception is logged (without request data) and answered 500
 * without details.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final int MAX_BODY = 1 << 20;

    /** One endpoint. */
    @FunctionalInterface
    public interface Endpoint {
        Response handle(Request request) throws Exception;
    }

    /** An endpoint that may answer later, from another thread; the exchange stays open until then. */
    public interface AsyncEndpoint {
        CompletableFuture<Response> handle(Request request) throws Exception;
    }

    public record Request(
            String method,
            String path,
            Map<String, List<String>> query,
            byte[] body,
            com.sun.net.httpserver.Headers headers,
            String remoteAddr) {
        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.getFirst(name));
        }

        public Optional<String> param(String name) {
            List<String> values = query.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        public List<String> params(String name) {
            return query.getOrDefault(name, List.of());
        }
    }

    public record Response(int status, String contentType, byte[] body) {
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
    private final HttpServer server;
    private final ExecutorService pool;

    /** Request threads: pings do not hold one while they wait for their commit. */
    private static final int THREADS = 8;

    public ApiServer(String host, int port, Supplier<Tokens> tokens) throws IOException {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs:
        // every keep-alive response waits ~40 ms.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.tokens = tokens;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 1024);
        AtomicInteger n = new AtomicInteger();
        this.pool =
                new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000), r -> {
                    Thread t = new Thread(r, "http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        server.setExecutor(pool);
        server.createContext("/", this::dispatch);
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

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void dispatch(HttpExchange exchange) {
        CompletableFuture<Response> answer;
        try {
            answer = handle(exchange);
        } catch (Exception e) {
            answer = CompletableFuture.failedFuture(e);
        }
        if (answer.isDone()) {
            respond(exchange, answer);
        } else {
            CompletableFuture<Response> later = answer;
            answer.whenCompleteAsync((r, e) -> respond(exchange, later), this::answerLater);
        }
    }

    /**
     * Where an answer that completes later is sent: on a request thread, not on the thread that
     * completed it (for pings the writer, whose next commit would otherwise wait for every socket
     * write of the batch before). When the pool is full or stopping, the completing thread sends
     * it, so no answer is dropped.
     */
    private void answerLater(Runnable send) {
        try {
            pool.execute(send);
        } catch (RejectedExecutionException full) {
            send.run();
        }
    }

    /** Sends the answer (or the error it completed with) and closes the exchange. */
    private static void respond(HttpExchange exchange, CompletableFuture<Response> answer) {
        try (exchange) {
            Response response;
            try {
                response = answer.join();
            } catch (java.util.concurrent.CompletionException wrapped) {
                Throwable e = wrapped.getCause();
                if (e instanceof HttpError h) {
                    response = Response.json(h.status(), Map.of("error", h.getMessage()));
                } else {
                    LOG.error(
                            "{} {} failed: {}",
                            exchange.getRequestMethod(),
                            exchange.getRequestURI().getPath(),
                            e.getClass().getName(),
                            e);
                    response = Response.json(500, Map.of("error", "internal error; see the daemon's log"));
                }
            }
            send(exchange, response);
        } catch (IOException e) {
            LOG.debug("could not answer {}: {}", exchange.getRequestURI().getPath(), e.toString());
        }
    }

    private CompletableFuture<Response> handle(HttpExchange exchange) throws Exception {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        List<Route> matching = routes.stream().filter(r -> r.matches(path)).toList();
        if (matching.isEmpty()) {
            throw new HttpError(404, "not found");
        }
        Route route = matching.stream()
                .filter(r -> r.method.equals("*")
                        || r.method.equals(method)
                        || (method.equals("HEAD") && r.method.equals("GET")))
                .findFirst()
                .orElseThrow(() -> new HttpError(405, "method " + method + " not allowed here"));
        if (route.scope != null) {
            Optional<Config.Scope> scope =
                    tokens.get().scopeOf(exchange.getRequestHeaders().getFirst("Authorization"));
            if (scope.isEmpty()) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"vigil\"");
                throw new HttpError(401, "missing or unknown bearer token");
            }
            if (route.scope == Config.Scope.ADMIN && scope.get() != Config.Scope.ADMIN) {
                throw new HttpError(403, "this token has read scope; " + method + " " + path + " needs admin");
            }
        }
        byte[] body = readBody(exchange.getRequestBody());
        return route.endpoint.handle(new Request(
                method,
                path,
                query(exchange.getRequestURI().getRawQuery()),
                body,
                exchange.getRequestHeaders(),
                exchange.getRemoteAddress().getAddress().getHostAddress()));
    }

    private static final byte[] EMPTY = new byte[0];

    /**
     * The body, up to {@link #MAX_BODY} bytes; the rest is read and dropped. Most pings have no
     * body: that case allocates nothing (the JDK's readNBytes and transferTo would allocate 16 KB
     * of buffers per request, a third of all allocation under ping load).
     */
    private static byte[] readBody(InputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            return EMPTY;
        }
        byte[] rest = in.readNBytes(MAX_BODY - 1);
        byte[] body = new byte[rest.length + 1];
        body[0] = (byte) first;
        System.arraycopy(rest, 0, body, 1, rest.length);
        if (rest.length == MAX_BODY - 1) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return body;
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
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            map.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return map;
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(
                response.status(), head ? -1 : response.body().length == 0 ? -1 : response.body().length);
        if (!head && response.body().length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    /** Stops accepting, lets requests in flight finish (up to a second), then stops the pool. */
    @Override
    public void close() {
        server.stop(1);
        pool.shutdown();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
