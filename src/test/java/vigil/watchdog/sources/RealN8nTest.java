package vigil.watchdog.sources;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import vigil.testing.DaemonFixture;
import vigil.watchdog.http.Json;

/**
 * Against a real n8n ({@code .ci/n8n} starts one; {@code VIGIL_TEST_N8N_URL} and
 * {@code VIGIL_TEST_N8N_API_KEY} name it): two scheduled workflows call an API that refuses their
 * credential (a loopback stub answering 401), n8n runs them every two seconds and records the
 * failed executions, and a Vigil daemon that watches both through the n8n source pulls those
 * executions, judges the workflows failed with {@code reason: auth}, and mails one alert saying
 * the shared credential was most likely revoked. Vigil's key to n8n shows nowhere: not in the
 * runs API, the log or the mail. A second test reads n8n's definitions of workflows it created
 * (schedules, zone, credential, the error workflow's mail), proving the shapes the contract tests'
 * fixtures assume. Without n8n the tests are skipped, saying why; under CI
 * ({@code VIGIL_TEST_N8N=required}) they fail instead.
 */
class RealN8nTest {
    static final String URL_ENV = "VIGIL_TEST_N8N_URL";
    static final String KEY_ENV = "VIGIL_TEST_N8N_API_KEY";
    static final String SOURCE = "crm-n8n";
    static final List<String> WORKFLOWS = List.of("crm-export", "crm-sync");

    @TempDir
    Path dir;

    String n8nUrl;
    String apiKey;
    HttpServer crmApi;
    final AtomicInteger refused = new AtomicInteger();
    /** n8n's id for each of {@link #WORKFLOWS}, in order, as created (and any other workflow a test creates). */
    final List<String> n8nIds = new ArrayList<>();
    /** The credentials a test created in n8n, deleted after it. */
    final List<String> credentialIds = new ArrayList<>();

    DaemonFixture daemon;
    final ListAppender<ILoggingEvent> log = new ListAppender<>();
    /** HTTP/1.1: n8n leaves a request that offers an upgrade to HTTP/2 (h2c) unanswered. */
    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @BeforeEach
    void n8n() throws IOException {
        n8nUrl = System.getenv(URL_ENV);
        apiKey = System.getenv(KEY_ENV);
        if (n8nUrl == null || n8nUrl.isBlank() || apiKey == null || apiKey.isBlank()) {
            String why = "no real n8n: " + URL_ENV + " and " + KEY_ENV
                    + " are unset (.ci/n8n starts one, .ci/run sets them)";
            if ("required".equals(System.getenv("VIGIL_TEST_N8N"))) {
                Assertions.fail("VIGIL_TEST_N8N=required, but " + why);
            }
            Assumptions.abort(why);
        }
        // the API the workflows call, which has revoked their credential
        crmApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        crmApi.createContext("/", exchange -> {
            refused.incrementAndGet();
            byte[] body = "{\"message\":\"Bad credentials\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        crmApi.start();
        log.start();
        root().addAppender(log);
    }

    @AfterEach
    void cleanUp() throws Exception {
        root().detachAppender(log);
        if (daemon != null) {
            daemon.close();
        }
        AssertionError left = null;
        for (String id : n8nIds) {
            try {
                // deactivated first, so that n8n starts no execution of a workflow being deleted
                n8n("POST", "/api/v1/workflows/" + id + "/deactivate", null);
                n8n("DELETE", "/api/v1/workflows/" + id, null);
            } catch (AssertionError | IOException e) {
                left = left != null ? left : new AssertionError("n8n workflow " + id + " was left behind", e);
            }
        }
        for (String id : credentialIds) {
            try {
                n8n("DELETE", "/api/v1/credentials/" + id, null);
            } catch (AssertionError | IOException e) {
                left = left != null ? left : new AssertionError("n8n credential " + id + " was left behind", e);
            }
        }
        if (crmApi != null) {
            crmApi.stop(0);
        }
        if (left != null) {
            throw left;
        }
    }

    @Test
    void real_failed_executions_are_pulled_judged_a_refused_credential_and_mailed_as_such() throws Exception {
        for (String workflow : WORKFLOWS) {
            String id = n8n("POST", "/api/v1/workflows", workflow(workflow))
                    .path("id")
                    .asText();
            n8nIds.add(id);
            assertThat(n8n("POST", "/api/v1/workflows/" + id + "/activate", null)
                            .path("active")
                            .asBoolean())
                    .as("%s activated", workflow)
                    .isTrue();
        }
        for (String id : n8nIds) {
            await("a failed execution in n8n", () -> !executions(id, "error").isEmpty());
        }

        // The daemon evaluates once as it starts. Its workflows are put under the source only after
        // that, so that both failures reach the same evaluation, as two workflows failing together
        // within one evaluate_every would — and a race between the first poll and the first
        // evaluation cannot split the alert in two.
        Files.writeString(dir.resolve("n8n-key"), apiKey + "\n");
        daemon = DaemonFixture.in(dir, inventory(false))
                .appendConfig("sources:\n  " + SOURCE + ": { kind: n8n, url: \"" + n8nUrl
                        + "\", api_key: \"${file:n8n-key}\", poll: 1s }\n")
                .clock(Clock.systemUTC())
                .start();
        await(
                "the first evaluation",
                () -> daemon.get("/metrics", null)
                        .body()
                        .matches("(?s).*vigil_evaluation_duration_seconds_count [1-9].*"));
        Files.writeString(daemon.inventoryFile(), inventory(true));
        assertThat(daemon.post("/api/v1/reload", DaemonFixture.ADMIN_TOKEN).statusCode())
                .isEqualTo(200);
        for (String workflow : WORKFLOWS) {
            await(
                    workflow + " pulled while n8n runs it",
                    () -> runs(workflow).path("total").asInt() > 0);
        }

        // Stopped, so that n8n's history is final: the list hides most running executions, and
        // the workflows are judged on a last run that has ended.
        for (String id : n8nIds) {
            n8n("POST", "/api/v1/workflows/" + id + "/deactivate", null);
        }
        for (String id : n8nIds) {
            await(
                    "no execution of " + id + " running",
                    () -> executions(id, "running").isEmpty());
        }
        int executions = 0;
        for (int i = 0; i < WORKFLOWS.size(); i++) {
            String workflow = WORKFLOWS.get(i);
            List<JsonNode> executed = executions(n8nIds.get(i), null);
            assertThat(executed)
                    .isNotEmpty()
                    .allMatch(e -> e.path("status").asText().equals("error"), "failed");
            executions += executed.size();
            Set<Instant> started = executed.stream()
                    .map(e -> Instant.parse(e.path("startedAt").asText()))
                    .collect(Collectors.toSet());
            await(
                    workflow + "'s executions pulled",
                    () -> started(runs(workflow)).equals(started)
                            && runs(workflow).findValuesAsText("status").stream()
                                    .allMatch("fail"::equals));
            JsonNode runs = runs(workflow);
            assertThat(runs.path("total").asInt()).as("each execution once").isEqualTo(executed.size());
            for (JsonNode execution : executed) {
                JsonNode run =
                        find(runs, Instant.parse(execution.path("startedAt").asText()));
                assertThat(Instant.parse(run.path("finished").asText()))
                        .isEqualTo(Instant.parse(execution.path("stoppedAt").asText()));
                assertThat(run.path("source").asText()).isEqualTo(SOURCE);
                assertThat(run.path("body").asText())
                        .as("n8n's own error for the node, with the API's answer")
                        .isEqualTo("n8n error: HTTP 401: Authorization failed - please check your credentials"
                                + " (node Fetch accounts)\nBad credentials");
            }
        }

        assertThat(refused.get()).as("each execution called the API").isGreaterThanOrEqualTo(executions);

        daemon.stages().cycle().run();

        JsonNode status = json(daemon.get("/api/v1/status", DaemonFixture.READ_TOKEN));
        for (JsonNode w : status.path("workflows")) {
            assertThat(w.path("state").asText()).as(w.path("id").asText()).isEqualTo("failed");
            assertThat(w.path("reason").asText()).as(w.path("id").asText()).isEqualTo("auth");
        }
        assertThat(status.path("workflows")).hasSize(2);
        JsonNode source = json(daemon.get("/api/v1/sources", DaemonFixture.READ_TOKEN))
                .path("sources")
                .get(0);
        assertThat(source.path("failures").asInt()).as("Vigil's own key works").isZero();
        assertThat(source.path("runs_pulled").asLong()).isGreaterThanOrEqualTo(2);

        List<Path> mails = mails();
        assertThat(mails).as("one alert to the team, for both workflows").hasSize(1);
        MimeMessage mail = vigil.testing.Mails.read(mails.get(0));
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("team@example.com");
        assertThat(mail.getSubject()).isEqualTo("[vigil] 2 workflows using svc-crm are failing or silent");
        String text = vigil.testing.Mails.plainText(mail);
        assertThat(text)
                .contains("The platform refused the credential itself: it was most likely revoked, deleted or expired."
                        + " Its owner, dana@example.com, is no longer active.")
                .contains("crm-export failed since")
                .contains("crm-sync failed since");

        List<String> shown = new ArrayList<>(List.of(
                runs("crm-export").toString(),
                runs("crm-sync").toString(),
                status.toString(),
                source.toString(),
                Files.readString(mails.get(0), StandardCharsets.ISO_8859_1),
                text));
        daemon.close(); // its log complete
        shown.add(logged());
        assertThat(String.join("\n", shown)).as("Vigil's n8n key").doesNotContain(apiKey);
    }

    /**
     * The definitions Vigil reads from a real n8n match what was created through its API: an error
     * workflow (Error Trigger → Send Email to dana@example.com, as n8n 1.123's Send Email 2.1 node
     * takes it), and an active scheduled workflow (a minutes and an hours rule, Europe/Berlin, an
     * HTTP Request node with a header credential) naming it as its error workflow.
     */
    @Test
    void definitions_read_from_n8n_show_schedules_zone_credential_and_the_error_workflow_s_mail() throws Exception {
        String suffix = UUID.randomUUID().toString();
        String credentialName = "vigil test crm key " + suffix;
        ObjectNode credential =
                Json.MAPPER.createObjectNode().put("name", credentialName).put("type", "httpHeaderAuth");
        credential.putObject("data").put("name", "Authorization").put("value", "Bearer not-a-real-token");
        String credentialId = n8n("POST", "/api/v1/credentials", credential.toString())
                .path("id")
                .asText();
        credentialIds.add(credentialId);
        String handlerName = "vigil test mail on error " + suffix;
        String handler = n8n("POST", "/api/v1/workflows", errorWorkflow(handlerName))
                .path("id")
                .asText();
        n8nIds.add(handler);
        String scheduled = n8n("POST", "/api/v1/workflows", scheduled(handler, credentialId, credentialName))
                .path("id")
                .asText();
        n8nIds.add(scheduled);
        assertThat(n8n("POST", "/api/v1/workflows/" + scheduled + "/activate", null)
                        .path("active")
                        .asBoolean())
                .isTrue();
        N8n adapter = new N8n(new PlatformHttp(
                "n8n", n8nUrl, http, Duration.ofSeconds(30), Duration.ofSeconds(1), () -> N8n.headers(apiKey)));

        List<vigil.inventory.Definition> definitions = adapter.definitions(SOURCE);

        vigil.inventory.Definition sync = definitions.stream()
                .filter(d -> d.ref().equals(scheduled))
                .findFirst()
                .orElseThrow();
        assertThat(sync.source()).isEqualTo(SOURCE);
        assertThat(sync.schedules()).containsExactly("*/15 * * * *", "30 */2 * * *");
        assertThat(sync.timezone()).isEqualTo("Europe/Berlin");
        assertThat(sync.paused()).isFalse();
        assertThat(sync.credentials())
                .containsExactly(
                        new vigil.inventory.Definition.Handle(credentialId, credentialName + " (httpHeaderAuth)"));
        assertThat(sync.routes())
                .containsExactly(new vigil.inventory.Definition.PlatformRoute(
                        "dana@example.com", "error workflow '" + handlerName + "', node 'Send Email'"));
        assertThat(sync.problems()).isEmpty();
        vigil.inventory.Definition mail = definitions.stream()
                .filter(d -> d.ref().equals(handler))
                .findFirst()
                .orElseThrow();
        assertThat(mail.paused()).isTrue();
        assertThat(mail.schedules()).isEmpty();
        assertThat(mail.name()).isEqualTo(handlerName);
    }

    /**
     * The incident's blind spot, on a real n8n: a scheduled workflow nobody inventoried, whose error
     * workflow mails one person and whose credential (mapped by refs) she owns. The daemon reads its
     * definition on its poll: {@code vigil discover} proposes the entry with that route and
     * credential, the audit flags the uninventoried workflow and the route to one mailbox, and the
     * impact of her leaving lists the route and the workflow — though the inventory names neither.
     * Once the reviewed proposal is in the inventory, the route is the inventory's own and nothing
     * drifts.
     */
    @Test
    void discover_audit_and_impact_see_the_route_n8n_really_mails() throws Exception {
        String suffix = UUID.randomUUID().toString();
        String credentialName = "vigil test crm key " + suffix;
        ObjectNode credential =
                Json.MAPPER.createObjectNode().put("name", credentialName).put("type", "httpHeaderAuth");
        credential.putObject("data").put("name", "Authorization").put("value", "Bearer not-a-real-token");
        String credentialId = n8n("POST", "/api/v1/credentials", credential.toString())
                .path("id")
                .asText();
        credentialIds.add(credentialId);
        String handler = n8n("POST", "/api/v1/workflows", errorWorkflow("vigil test mail on error " + suffix))
                .path("id")
                .asText();
        n8nIds.add(handler);
        String scheduled = n8n("POST", "/api/v1/workflows", scheduled(handler, credentialId, credentialName))
                .path("id")
                .asText();
        n8nIds.add(scheduled);
        n8n("POST", "/api/v1/workflows/" + scheduled + "/activate", null);
        String platformId = SOURCE + ":" + scheduled;

        Files.writeString(dir.resolve("n8n-key"), apiKey + "\n");
        daemon = DaemonFixture.in(dir, """
                        people: [{ email: alice@example.com }, { email: bob@example.com }, { email: dana@example.com }]
                        aliases: [{ email: team@example.com, members: [alice@example.com, bob@example.com] }]
                        credentials:
                          - { id: svc-crm, kind: service-account, system: CRM, owner: dana@example.com,
                              refs: ["%s:%s"] }
                        workflows:
                          - { id: backup, owner: team@example.com, every: 1d, notify: [team@example.com] }
                        """.formatted(SOURCE, credentialId))
                .appendConfig("sources:\n  " + SOURCE + ": { kind: n8n, url: \"" + n8nUrl
                        + "\", api_key: \"${file:n8n-key}\", poll: 1s }\n")
                .clock(Clock.systemUTC())
                .start();
        await(
                "the definitions read on a poll",
                () -> json(daemon.get("/api/v1/sources", DaemonFixture.READ_TOKEN))
                                .path("sources")
                                .get(0)
                                .path("definitions")
                                .asInt()
                        >= 2);

        Path proposal = dir.resolve("discovered.yaml");
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int exit = vigil.watchdog.cli.Main.run(
                new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(err, true),
                "discover",
                SOURCE,
                "--out=" + proposal,
                "--config=" + daemon.configFile());
        assertThat(exit).as(err.toString()).isZero();
        String yaml = Files.readString(proposal);
        assertThat(yaml)
                .contains("source: { server: " + SOURCE + ", ref: \"" + scheduled + "\" }")
                .contains("notify: [dana@example.com]")
                .contains("credentials: [svc-crm]")
                .contains("timezone: Europe/Berlin")
                .contains("schedule: \"*/15 * * * *\"")
                .contains("# it also runs 30 */2 * * *");
        assertThat(yaml.lines().filter(l -> l.startsWith("  - id: ")).count())
                .as("the scheduled workflow proposed; its error workflow runs on no schedule")
                .isOne();

        JsonNode audit = json(daemon.get("/api/v1/audit", DaemonFixture.READ_TOKEN));
        assertThat(finding(audit, "workflow-uninventoried", platformId, SOURCE)).isNotNull();
        assertThat(finding(audit, "route-individual", platformId, "dana@example.com")
                        .path("message")
                        .asText())
                .contains("set on " + SOURCE + ": error workflow 'vigil test mail on error " + suffix
                        + "', node 'Send Email'; not in the inventory");

        JsonNode impact = json(daemon.get("/api/v1/impact?person=dana@example.com", DaemonFixture.READ_TOKEN));
        assertThat(impact.path("verdict").asText()).isEqualTo("blocked");
        assertThat(impact.path("routes").toString())
                .contains("{\"workflow\":\"" + platformId
                        + "\",\"target\":\"dana@example.com\",\"effect\":\"goes dark\"}");
        assertThat(impact.path("credentials").get(0).path("workflows").toString())
                .contains(platformId);

        // the reviewer names the owner and adds the entry to the inventory
        String entries = yaml.substring(yaml.indexOf("workflows:\n") + "workflows:\n".length())
                .replaceAll("(?m)^    # owner: .*$", "    owner: team@example.com");
        Files.writeString(daemon.inventoryFile(), Files.readString(daemon.inventoryFile()) + entries);
        HttpResponse<String> reload = daemon.post("/api/v1/reload", DaemonFixture.ADMIN_TOKEN);
        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
        String id = yaml.lines()
                .filter(l -> l.startsWith("  - id: "))
                .findFirst()
                .orElseThrow()
                .substring("  - id: ".length());
        audit = json(daemon.get("/api/v1/audit", DaemonFixture.READ_TOKEN));
        assertThat(finding(audit, "workflow-uninventoried", platformId, SOURCE)).isNull();
        assertThat(finding(audit, "route-individual", id, "dana@example.com")
                        .path("severity")
                        .asText())
                .as("the only route is one person's")
                .isEqualTo("error");
        assertThat(finding(audit, "inventory-drift", id, "routes")).isNull();
        assertThat(finding(audit, "inventory-drift", id, "credentials")).isNull();
        assertThat(finding(audit, "inventory-drift", id, "schedule"))
                .as("n8n's second rule (:30 of even hours) falls on quarter hours too: the two fall due alike")
                .isNull();

        String shown = yaml + audit + impact + out + err;
        daemon.close();
        assertThat(shown + logged()).as("Vigil's n8n key").doesNotContain(apiKey);
    }

    /** The finding of {@code rule} for {@code workflow} and {@code target}, or null. */
    static JsonNode finding(JsonNode audit, String rule, String workflow, String target) {
        for (JsonNode f : audit.path("findings")) {
            if (f.path("rule").asText().equals(rule)
                    && f.path("workflow").asText().equals(workflow)
                    && f.path("target").asText().equals(target)) {
                return f;
            }
        }
        return null;
    }

    /** Error Trigger → Send Email (2.1) to dana@example.com. */
    static String errorWorkflow(String name) {
        ObjectNode w = Json.MAPPER.createObjectNode().put("name", name);
        ArrayNode nodes = w.putArray("nodes");
        ObjectNode trigger = nodes.addObject()
                .put("name", "Error Trigger")
                .put("type", "n8n-nodes-base.errorTrigger")
                .put("typeVersion", 1);
        trigger.putArray("position").add(0).add(0);
        trigger.putObject("parameters");
        ObjectNode mail = nodes.addObject()
                .put("name", "Send Email")
                .put("type", "n8n-nodes-base.emailSend")
                .put("typeVersion", 2.1);
        mail.putArray("position").add(220).add(0);
        mail.putObject("parameters")
                .put("fromEmail", "n8n@example.com")
                .put("toEmail", "dana@example.com")
                .put("subject", "={{ $json.workflow.name }} failed")
                .put("emailFormat", "text")
                .put("text", "={{ $json.execution.error.message }}")
                .putObject("options");
        w.putObject("connections")
                .putObject("Error Trigger")
                .putArray("main")
                .addArray()
                .addObject()
                .put("node", "Send Email")
                .put("type", "main")
                .put("index", 0);
        w.putObject("settings").put("executionOrder", "v1");
        return w.toString();
    }

    /**
     * A Schedule Trigger with a rule every 15 minutes and one every 2 hours at :30, then an HTTP
     * Request with a header credential; Europe/Berlin; {@code errorWorkflow} = {@code handler}.
     */
    String scheduled(String handler, String credentialId, String credentialName) {
        ObjectNode w = Json.MAPPER.createObjectNode().put("name", "vigil test crm sync " + UUID.randomUUID());
        ArrayNode nodes = w.putArray("nodes");
        ObjectNode trigger = nodes.addObject()
                .put("name", "Schedule Trigger")
                .put("type", "n8n-nodes-base.scheduleTrigger")
                .put("typeVersion", 1.2);
        trigger.putArray("position").add(0).add(0);
        ArrayNode rules = trigger.putObject("parameters").putObject("rule").putArray("interval");
        rules.addObject().put("field", "minutes").put("minutesInterval", 15);
        rules.addObject().put("field", "hours").put("hoursInterval", 2).put("triggerAtMinute", 30);
        ObjectNode request = nodes.addObject()
                .put("name", "Fetch accounts")
                .put("type", "n8n-nodes-base.httpRequest")
                .put("typeVersion", 4.2);
        request.putArray("position").add(220).add(0);
        request.putObject("parameters")
                .put("url", "http://127.0.0.1:" + crmApi.getAddress().getPort() + "/accounts")
                .put("authentication", "genericCredentialType")
                .put("genericAuthType", "httpHeaderAuth")
                .putObject("options");
        request.putObject("credentials")
                .putObject("httpHeaderAuth")
                .put("id", credentialId)
                .put("name", credentialName);
        w.putObject("connections")
                .putObject("Schedule Trigger")
                .putArray("main")
                .addArray()
                .addObject()
                .put("node", "Fetch accounts")
                .put("type", "main")
                .put("index", 0);
        w.putObject("settings")
                .put("executionOrder", "v1")
                .put("timezone", "Europe/Berlin")
                .put("errorWorkflow", handler);
        return w.toString();
    }

    /**
     * A workflow as n8n's public API takes it: a Schedule Trigger every two seconds, then an HTTP
     * Request to the API that refuses the credential. {@code settings} is required; {@code active}
     * is not accepted here (activation is its own call).
     */
    String workflow(String name) {
        ObjectNode w = Json.MAPPER.createObjectNode();
        w.put("name", "vigil test " + name + " " + UUID.randomUUID());
        ArrayNode nodes = w.putArray("nodes");
        ObjectNode trigger = nodes.addObject()
                .put("name", "Every 2 seconds")
                .put("type", "n8n-nodes-base.scheduleTrigger")
                .put("typeVersion", 1.2);
        trigger.putArray("position").add(0).add(0);
        trigger.putObject("parameters")
                .putObject("rule")
                .putArray("interval")
                .addObject()
                .put("field", "seconds")
                .put("secondsInterval", 2);
        ObjectNode request = nodes.addObject()
                .put("name", "Fetch accounts")
                .put("type", "n8n-nodes-base.httpRequest")
                .put("typeVersion", 4.2);
        request.putArray("position").add(220).add(0);
        request.putObject("parameters")
                .put("url", "http://127.0.0.1:" + crmApi.getAddress().getPort() + "/accounts")
                .putObject("options");
        w.putObject("connections")
                .putObject("Every 2 seconds")
                .putArray("main")
                .addArray()
                .addObject()
                .put("node", "Fetch accounts")
                .put("type", "main")
                .put("index", 0);
        w.putObject("settings").put("executionOrder", "v1");
        return w.toString();
    }

    /** Two workflows of the team's, authenticating with a leaver's service account. */
    String inventory(boolean sources) {
        StringBuilder yaml = new StringBuilder("""
                people: [{ email: alice@example.com }, { email: bob@example.com }, { email: dana@example.com, active: false }]
                aliases: [{ email: team@example.com, members: [alice@example.com, bob@example.com] }]
                credentials: [{ id: svc-crm, kind: service-account, system: CRM, owner: dana@example.com }]
                workflows:
                """);
        for (int i = 0; i < WORKFLOWS.size(); i++) {
            yaml.append("  - { id: ")
                    .append(WORKFLOWS.get(i))
                    .append(", owner: team@example.com, every: 1h, credentials: [svc-crm], notify: [team@example.com]");
            if (sources) {
                yaml.append(",\n      source: { kind: n8n, server: ")
                        .append(SOURCE)
                        .append(", ref: ")
                        .append(n8nIds.get(i))
                        .append(" }");
            }
            yaml.append(" }\n");
        }
        return yaml.toString();
    }

    /** n8n's executions of workflow {@code id}, newest first, all or of one {@code status}. */
    List<JsonNode> executions(String id, String status) throws IOException, InterruptedException {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = n8n(
                    "GET",
                    "/api/v1/executions?workflowId=" + id + (status == null ? "" : "&status=" + status)
                            + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)),
                    null);
            page.path("data").forEach(all::add);
            cursor = page.path("nextCursor").isTextual()
                    ? page.path("nextCursor").asText()
                    : null;
        } while (cursor != null);
        return all;
    }

    JsonNode n8n(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(n8nUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("X-N8N-API-KEY", apiKey)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("%s %s: %s", method, path, response.body())
                .isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    JsonNode runs(String workflow) throws IOException {
        return json(daemon.get("/api/v1/workflows/" + workflow + "/runs?limit=1000", DaemonFixture.READ_TOKEN));
    }

    static Set<Instant> started(JsonNode runs) {
        Set<Instant> started = new HashSet<>();
        runs.path("runs")
                .forEach(r -> started.add(Instant.parse(r.path("started").asText())));
        return started;
    }

    static JsonNode find(JsonNode runs, Instant started) {
        for (JsonNode run : runs.path("runs")) {
            if (Instant.parse(run.path("started").asText()).equals(started)) {
                return run;
            }
        }
        throw new AssertionError("no run started at " + started + " in " + runs);
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    List<Path> mails() throws IOException {
        return vigil.testing.Mails.files(daemon.stateDir().resolve("mail"));
    }

    String logged() {
        return log.list.stream()
                .map(e -> e.getFormattedMessage()
                        + (e.getThrowableProxy() == null
                                ? ""
                                : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .collect(Collectors.joining("\n"));
    }

    static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Waits up to 60 s for {@code condition}: n8n runs each workflow every two seconds. */
    static void await(String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 60 s: " + what);
            }
            Thread.sleep(250);
        }
    }
}
