package vigil.watchdog.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
}
