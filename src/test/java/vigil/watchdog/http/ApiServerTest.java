package vigil.watchdog.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The HTTP server on its own: real sockets, the JDK's client. */
class ApiServerTest {
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ApiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ApiServer started(ApiServer s) throws Exception {
        server = s;
        s.start();
        return s;
    }

    private HttpResponse<String> send(String method, String path, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(Duration.ofSeconds(10))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_port_in_use_is_refused_at_construction_naming_the_address() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> new ApiServer("127.0.0.1", taken.getLocalPort(), () -> null))
                    .isInstanceOf(BindException.class)
                    .hasMessageStartingWith("127.0.0.1:" + taken.getLocalPort() + ": ");
        }
    }

    @Test
    void an_answer_that_completes_later_on_another_thread_is_sent_and_its_failures_are_mapped() throws Exception {
        CompletableFuture<ApiServer.Response> later = new CompletableFuture<>();
        CompletableFuture<ApiServer.Response> broken = new CompletableFuture<>();
        CompletableFuture<ApiServer.Response> refused = new CompletableFuture<>();
        started(new ApiServer("127.0.0.1", 0, () -> null)
                .asyncRoute("GET", "/later", null, r -> later)
                .asyncRoute("GET", "/broken", null, r -> broken)
                .asyncRoute("GET", "/refused", null, r -> refused));

        CompletableFuture<HttpResponse<String>> answer =
                CompletableFuture.supplyAsync(() -> uncheckedSend("GET", "/later"));
        Thread.sleep(200);
        assertThat(answer).isNotDone();
        new Thread(() -> later.complete(ApiServer.Response.text(200, "stored"))).start();
        assertThat(answer.get(10, TimeUnit.SECONDS).body()).isEqualTo("stored");

        new Thread(() -> broken.completeExceptionally(new IllegalStateException("secret detail"))).start();
        HttpResponse<String> failed = send("GET", "/broken", null);
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).contains("internal error").doesNotContain("secret detail");

        refused.completeExceptionally(new HttpError(409, "already sent"));
        HttpResponse<String> conflict = send("GET", "/refused", null);
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(Json.MAPPER.readTree(conflict.body()).get("error").asText()).isEqualTo("already sent");
    }

    private HttpResponse<String> uncheckedSend(String method, String path) {
        try {
            return send(method, path, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void head_gets_the_headers_of_get_without_a_body_and_no_answer_names_the_server() throws Exception {
        started(new ApiServer("127.0.0.1", 0, () -> null)
                .route("GET", "/thing", null, r -> ApiServer.Response.json(200, Map.of("name", "thing"))));
        HttpResponse<String> get = send("GET", "/thing", null);
        HttpResponse<String> head = send("HEAD", "/thing", null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Length"))
                .hasValue(Integer.toString(get.body().length()));
        assertThat(head.headers().firstValue("Content-Type")).hasValue("application/json");
        for (HttpResponse<String> r : new HttpResponse[] {get, head, send("GET", "/nowhere", null)}) {
            assertThat(r.headers().firstValue("Server")).isEmpty();
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        }
    }

    @Test
    void a_body_over_a_mebibyte_is_cut_and_the_connection_goes_on() throws Exception {
        AtomicInteger seen = new AtomicInteger(-1);
        started(new ApiServer("127.0.0.1", 0, () -> null).route("POST", "/in", null, r -> {
            seen.set(r.body().length);
            return ApiServer.Response.text(200, "OK");
        }));
        byte[] big = new byte[(1 << 20) + 12_345];
        Arrays.fill(big, (byte) 'x');
        assertThat(send("POST", "/in", big).statusCode()).isEqualTo(200);
        assertThat(seen.get()).isEqualTo(1 << 20);
        assertThat(send("POST", "/in", "small".getBytes()).statusCode()).isEqualTo(200);
        assertThat(seen.get()).isEqualTo(5);
    }

    @Test
    void closing_lets_a_request_in_flight_be_answered() throws Exception {
        CompletableFuture<ApiServer.Response> pending = new CompletableFuture<>();
        CountDownLatch arrived = new CountDownLatch(1);
        started(new ApiServer("127.0.0.1", 0, () -> null).asyncRoute("GET", "/slow", null, r -> {
            arrived.countDown();
            return pending;
        }));
        CompletableFuture<HttpResponse<String>> answer =
                CompletableFuture.supplyAsync(() -> uncheckedSend("GET", "/slow"));
        assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS)
                .execute(() -> pending.complete(ApiServer.Response.text(200, "late but stored")));
        server.close();
        assertThat(answer.get(10, TimeUnit.SECONDS).body()).isEqualTo("late but stored");
    }

    @Test
    void clients_trickling_their_bodies_hold_no_request_thread_and_the_rest_are_answered() throws Exception {
        started(new ApiServer("127.0.0.1", 0, () -> null)
                .route("POST", "/in", null, r -> ApiServer.Response.text(200, r.body().length + " bytes")));
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                Socket s = raw("POST /in HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nfirst bytes");
                slow.add(s);
            }
            Thread.sleep(300);
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> answer = send("POST", "/in", "whole".getBytes());
                assertThat(answer.body()).isEqualTo("5 bytes");
            }
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void a_body_that_does_not_arrive_in_time_is_answered_408() throws Exception {
        started(new ApiServer("127.0.0.1", 0, () -> null)
                .bodyDeadline(Duration.ofMillis(500))
                .route("POST", "/in", null, r -> ApiServer.Response.text(200, "OK")));
        try (Socket s = raw("POST /in HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nten bytes.")) {
            s.setSoTimeout(10_000);
            String answer = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 408");
        }
    }

    @Test
    void malformed_requests_are_the_clients_error_and_log_nothing() throws Exception {
        ch.qos.logback.classic.Logger root =
                (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try {
            started(new ApiServer("127.0.0.1", 0, () -> null)
                    .route(
                            "*",
                            "/in",
                            null,
                            r -> ApiServer.Response.text(200, r.query().toString())));
            for (String query : List.of("x=%", "rid=%zz", "%=1", "at=%E0%A4%A")) {
                try (Socket s = raw("GET /in?" + query + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) {
                    s.setSoTimeout(10_000);
                    String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertThat(answer).as(query).startsWith("HTTP/1.1 400").contains("malformed query string");
                }
            }
            try (Socket s =
                    raw("POST /in HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n")) {
                s.setSoTimeout(10_000);
                assertThat(new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
                        .isEqualTo("HTTP/1.1 400");
            }
            assertThat(send("GET", "/in?a=%20b", null).body()).isEqualTo("{a=[ b]}");
            assertThat(logged.list)
                    .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .isEmpty();
        } finally {
            root.detachAppender(logged);
        }
    }

    /** A connection that has sent {@code text} and nothing more. */
    private Socket raw(String text) throws Exception {
        Socket s = new Socket("127.0.0.1", server.port());
        s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }
}
