package vigil.watchdog.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes adapter against fabric8's mock API server: in CRUD mode a small real API server
 * that keeps the CronJobs and Jobs this test creates through fabric8's client (ownerReferences as
 * the CronJob controller sets them, status written through the status subresource), served over
 * TLS with its own certificate as the source's CA file; in expectations mode for the answers a
 * real server gives when something is wrong. Objects are written field by field from the
 * Kubernetes API reference (kubernetes.io/docs/reference/kubernetes-api/workload-resources/):
 * "Job" (batch/v1: spec.suspend, JobStatus startTime, completionTime, active, succeeded, failed,
 * conditions; JobCondition type Complete, Failed, Suspended, SuccessCriteriaMet, FailureTarget with
 * status, reason, message, lastTransitionTime — reasons BackoffLimitExceeded, DeadlineExceeded,
 * CompletionsReached as the Job controller sets them) and "CronJob" (batch/v1: schedule,
 * jobTemplate); ownerReferences from "ObjectMeta" (common-definitions/object-meta); list paging
 * (limit, continue) and Status error bodies (details.retryAfterSeconds) from "API Concepts"
 * (kubernetes.io/docs/reference/using-api/api-concepts/, "Retrieving large results sets in chunks").
 * The CRUD server pages nothing and stamps creation times from the wall clock, so {@link ApiServer}
 * adds both: limit/continue as the API server answers them, and a clock the test sets.
 */
class KubernetesContractTest {
    static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.k8s-token-do-not-leak";
    static final String NS = "etl";
    static final String CRON = "nightly-export";

    static ApiServer api;
    static KubernetesMockServer server;
    static NamespacedKubernetesClient admin;
    static KubernetesMockServer errors;
    static Path ca;

    @BeforeAll
    static void start() {
        api = new ApiServer();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), api, true);
        server.start();
        admin = server.createClient();
        ca = Path.of(server.getSelfSignedCertificate().certificatePath());
        errors = new KubernetesMockServer(false);
        errors.start();
    }

    @BeforeEach
    void empty() {
        server.reset();
        errors.reset();
    }

    @AfterAll
    static void stop() {
        admin.close();
        server.shutdown();
        errors.shutdown();
    }

    Kubernetes adapter(int page) {
        return new Kubernetes(server.url("/"), () -> TOKEN, ca, Duration.ofSeconds(2), Duration.ofMillis(10), page);
    }

    Kubernetes errorsAdapter() {
        return new Kubernetes(errors.url("/"), () -> TOKEN, null, Duration.ofSeconds(1), Duration.ofMillis(10), 100);
    }

    CronJob cronJob(String name) {
        return admin.batch()
                .v1()
                .cronjobs()
                .inNamespace(NS)
                .resource(new CronJobBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withNewSpec()
                        .withSchedule("0 2 * * *")
                        .withConcurrencyPolicy("Forbid")
                        .withNewJobTemplate()
                        .withNewSpec()
                        .withBackoffLimit(2)
                        .withNewTemplate()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("export")
                        .withImage("registry.example.com/etl/export:1.4")
                        .endContainer()
                        .withRestartPolicy("OnFailure")
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .endJobTemplate()
                        .endSpec()
                        .build())
                .create();
    }

    /** A Job as the CronJob controller creates it at {@code created}: named after the schedule, owned by it. */
    Job job(CronJob owner, String created, boolean suspend) {
        api.now.set(Instant.parse(created));
        String name =
                owner.getMetadata().getName() + "-" + Instant.parse(created).getEpochSecond() / 60;
        return admin.batch()
                .v1()
                .jobs()
                .inNamespace(NS)
                .resource(new JobBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .addToLabels(
                                "batch.kubernetes.io/controller-uid",
                                owner.getMetadata().getUid())
                        .addNewOwnerReference()
                        .withApiVersion("batch/v1")
                        .withKind("CronJob")
                        .withName(owner.getMetadata().getName())
                        .withUid(owner.getMetadata().getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(true)
                        .endOwnerReference()
                        .endMetadata()
                        .withNewSpec()
                        .withBackoffLimit(2)
                        .withSuspend(suspend)
                        .withNewTemplate()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("export")
                        .withImage("registry.example.com/etl/export:1.4")
                        .endContainer()
                        .withRestartPolicy("OnFailure")
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
    }

    /** Writes the Job's status through the status subresource, as the Job controller does. */
    void status(Job job, JobStatus status) {
        admin.batch()
                .v1()
                .jobs()
                .inNamespace(NS)
                .withName(job.getMetadata().getName())
                .editStatus(j -> new JobBuilder(j).withStatus(status).build());
    }

    static JobCondition condition(String type, String reason, String message, String at) {
        return new JobConditionBuilder()
                .withType(type)
                .withStatus("True")
                .withReason(reason)
                .withMessage(message)
                .withLastProbeTime(at)
                .withLastTransitionTime(at)
                .build();
    }

    static JobStatus running(String started) {
        return new JobStatusBuilder()
                .withStartTime(started)
                .withActive(1)
                .withReady(1)
                .withFailed(0)
                .withSucceeded(0)
                .build();
    }

    static JobStatus complete(String started, String completed) {
        return new JobStatusBuilder()
                .withStartTime(started)
                .withCompletionTime(completed)
                .withSucceeded(1)
                .withActive(0)
                .withReady(0)
                .withConditions(
                        condition(
                                "SuccessCriteriaMet",
                                "CompletionsReached",
                                "Reached expected number of succeeded pods",
                                completed),
                        condition(
                                "Complete",
                                "CompletionsReached",
                                "Reached expected number of succeeded pods",
                                completed))
                .build();
    }

    static String at(String hms) {
        return "2026-11-27T" + hms + "Z";
    }

    @Test
    void the_jobs_a_cronjob_owns_become_runs_by_their_conditions() throws Exception {
        CronJob cron = cronJob(CRON);
        CronJob other = cronJob("weekly-report");
        status(job(cron, at("10:00:00"), false), complete(at("10:00:01"), at("10:03:00")));
        status(
                job(cron, at("10:01:00"), false),
                new JobStatusBuilder()
                        .withStartTime(at("10:01:01"))
                        .withFailed(3)
                        .withActive(0)
                        .withConditions(
                                condition(
                                        "FailureTarget",
                                        "BackoffLimitExceeded",
                                        "Job has reached the specified backoff limit",
                                        at("10:01:38")),
                                condition(
                                        "Failed",
                                        "BackoffLimitExceeded",
                                        "Job has reached the specified backoff limit",
                                        at("10:01:40")))
                        .build());
        status(
                job(cron, at("10:02:00"), false),
                new JobStatusBuilder()
                        .withStartTime(at("10:02:02"))
                        .withActive(1)
                        .withTerminating(1)
                        .withConditions(condition(
                                "FailureTarget",
                                "DeadlineExceeded",
                                "Job was active longer than specified deadline",
                                at("10:02:32")))
                        .build());
        status(job(other, at("10:02:30"), false), running(at("10:02:31")));
        status(
                job(cron, at("10:03:00"), false),
                new JobStatusBuilder()
                        .withStartTime(at("10:03:02"))
                        .withSucceeded(1)
                        .withTerminating(1)
                        .withConditions(condition(
                                "SuccessCriteriaMet",
                                "CompletionsReached",
                                "Reached expected number of succeeded pods",
                                at("10:03:20")))
                        .build());
        Job running = job(cron, at("10:04:00"), false);
        status(running, running(at("10:04:05")));
        Job pending = job(cron, at("10:05:00"), false);
        Job suspended = job(cron, at("10:06:00"), true);
        status(
                suspended,
                new JobStatusBuilder()
                        .withConditions(condition("Suspended", "JobSuspended", "Job suspended", at("10:06:00")))
                        .build());
        // a Job whose owner had the same name but is gone (another uid), and one nobody owns
        api.now.set(Instant.parse(at("10:07:00")));
        admin.batch()
                .v1()
                .jobs()
                .inNamespace(NS)
                .resource(new JobBuilder(running)
                        .editMetadata()
                        .withName("nightly-export-orphan")
                        .withResourceVersion(null)
                        .editFirstOwnerReference()
                        .withUid("3e0c4c4e-0000-4000-8000-000000000000")
                        .endOwnerReference()
                        .endMetadata()
                        .build())
                .create();
        admin.batch()
                .v1()
                .jobs()
                .inNamespace(NS)
                .resource(new JobBuilder(running)
                        .editMetadata()
                        .withName("nightly-export-manual")
                        .withResourceVersion(null)
                        .withOwnerReferences(List.of())
                        .endMetadata()
                        .build())
                .create();

        Platform.Pull pull = adapter(100).pull(NS + "/" + CRON, null);

        assertThat(pull.runs())
                .extracting(PulledRun::status, PulledRun::started, PulledRun::finished, PulledRun::body)
                .as("the other CronJob's, the orphan's, the manual Job and the suspended one are no runs")
                .containsExactly(
                        tuple("success", Instant.parse(at("10:00:01")), Instant.parse(at("10:03:00")), null),
                        tuple(
                                "fail",
                                Instant.parse(at("10:01:01")),
                                Instant.parse(at("10:01:40")),
                                "Kubernetes BackoffLimitExceeded: Job has reached the specified backoff limit"),
                        tuple(
                                "fail",
                                Instant.parse(at("10:02:02")),
                                Instant.parse(at("10:02:32")),
                                "Kubernetes DeadlineExceeded: Job was active longer than specified deadline"),
                        tuple("success", Instant.parse(at("10:03:02")), Instant.parse(at("10:03:20")), null),
                        tuple("started", Instant.parse(at("10:04:05")), null, null),
                        tuple("started", Instant.parse(at("10:05:00")), null, null));
        assertThat(pull.runs().get(4).externalId())
                .as("a run is its Job's uid")
                .isEqualTo(running.getMetadata().getUid());
        assertThat(pull.runs().get(5).externalId())
                .isEqualTo(pending.getMetadata().getUid());
        assertThat(pull.watermark())
                .as("a second below the oldest Job still running")
                .isEqualTo(at("10:03:59"));
        assertThat(server.getLastRequest().getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void a_job_running_at_one_pull_is_read_again_until_it_finishes_and_then_not_again() throws Exception {
        CronJob cron = cronJob(CRON);
        status(job(cron, at("10:00:00"), false), complete(at("10:00:01"), at("10:00:30")));
        Job running = job(cron, at("10:05:00"), false);
        status(running, running(at("10:05:02")));
        Job suspended = job(cron, at("10:06:00"), true);
        Kubernetes adapter = adapter(100);
        String ref = NS + "/" + CRON;

        Platform.Pull first = adapter.pull(ref, null);
        assertThat(first.runs()).extracting(PulledRun::status).containsExactly("success", "started");

        Platform.Pull still = adapter.pull(ref, first.watermark());
        assertThat(still.runs())
                .extracting(PulledRun::externalId, PulledRun::status)
                .as("only the running one again, not the finished one before it")
                .containsExactly(tuple(running.getMetadata().getUid(), "started"));
        assertThat(still.watermark()).isEqualTo(first.watermark()).isEqualTo(at("10:04:59"));

        status(running, complete(at("10:05:02"), at("10:09:10")));
        Platform.Pull done = adapter.pull(ref, still.watermark());
        assertThat(done.runs())
                .extracting(PulledRun::externalId, PulledRun::status, PulledRun::finished)
                .containsExactly(tuple(running.getMetadata().getUid(), "success", Instant.parse(at("10:09:10"))));
        assertThat(done.watermark())
                .as("the suspended Job, not started yet, still holds the watermark")
                .isEqualTo(at("10:05:59"));

        admin.batch()
                .v1()
                .jobs()
                .inNamespace(NS)
                .withName(suspended.getMetadata().getName())
                .edit(j -> new JobBuilder(j)
                        .editSpec()
                        .withSuspend(false)
                        .endSpec()
                        .build());
        status(suspended, running(at("10:12:00")));
        assertThat(adapter.pull(ref, done.watermark()).runs())
                .extracting(PulledRun::externalId, PulledRun::status, PulledRun::started)
                .as("resumed, it is a run")
                .containsExactly(tuple(suspended.getMetadata().getUid(), "started", Instant.parse(at("10:12:00"))));

        status(suspended, complete(at("10:12:00"), at("10:13:00")));
        Platform.Pull last = adapter.pull(ref, done.watermark());
        assertThat(last.runs()).extracting(PulledRun::status).containsExactly("success");
        assertThat(last.watermark()).as("nothing running: the newest Job").isEqualTo(at("10:06:00"));
        Platform.Pull nothing = adapter.pull(ref, last.watermark());
        assertThat(nothing.runs()).as("a finished Job is not returned twice").isEmpty();
        assertThat(nothing.watermark()).isEqualTo(last.watermark());

        status(job(cron, at("10:20:00"), false), complete(at("10:20:01"), at("10:20:09")));
        Platform.Pull next = adapter.pull(ref, nothing.watermark());
        assertThat(next.runs()).extracting(PulledRun::finished).containsExactly(Instant.parse(at("10:20:09")));
        assertThat(next.watermark()).isEqualTo(at("10:20:00"));
    }

    @Test
    void the_namespace_s_jobs_are_read_page_by_page() throws Exception {
        CronJob cron = cronJob(CRON);
        CronJob other = cronJob("weekly-report");
        List<String> uids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Job job = job(cron, at("10:0" + i + ":00"), false);
            status(job, complete(at("10:0" + i + ":01"), at("10:0" + i + ":09")));
            uids.add(job.getMetadata().getUid());
            if (i % 2 == 0) {
                status(job(other, at("10:0" + i + ":30"), false), running(at("10:0" + i + ":31")));
            }
        }
        api.lists.clear();

        Platform.Pull pull = adapter(3).pull(NS + "/" + CRON, null);

        assertThat(pull.runs()).extracting(PulledRun::externalId).containsExactlyElementsOf(uids);
        assertThat(api.lists)
                .as("11 Jobs, 3 a page, each page asked with the continue token of the one before")
                .containsExactly("limit=3", "limit=3 continue=3", "limit=3 continue=6", "limit=3 continue=9");
        assertThat(pull.watermark()).isEqualTo(at("10:06:00"));
    }

    @Test
    void the_token_is_read_at_each_pull_and_the_ca_file_is_what_makes_tls_trusted() throws Exception {
        cronJob(CRON);
        AtomicReference<String> token = new AtomicReference<>("first-token");
        Kubernetes adapter =
                new Kubernetes(server.url("/"), token::get, ca, Duration.ofSeconds(2), Duration.ofMillis(10), 100);
        adapter.pull(NS + "/" + CRON, null);
        assertThat(server.getLastRequest().getHeader("Authorization")).isEqualTo("Bearer first-token");
        token.set("rotated-token");
        adapter.pull(NS + "/" + CRON, null);
        assertThat(server.getLastRequest().getHeader("Authorization")).isEqualTo("Bearer rotated-token");

        Kubernetes untrusting =
                new Kubernetes(server.url("/"), () -> TOKEN, null, Duration.ofSeconds(2), Duration.ofMillis(10), 100);
        SourceException e = catchThrowableOfType(() -> untrusting.pull(NS + "/" + CRON, null), SourceException.class);
        assertThat(e.kind()).isEqualTo(SourceException.Kind.UNREACHABLE);
        assertThat(e.getMessage())
                .startsWith("Kubernetes at " + server.url("/").replaceAll("/$", "") + " unreachable: SSL");
    }

    @Test
    void a_cronjob_gone_or_a_ref_that_is_no_cronjob_is_not_found() throws Exception {
        cronJob(CRON);
        Kubernetes adapter = adapter(100);
        assertThat(adapter.pull(NS + "/" + CRON, null).runs()).isEmpty();
        admin.batch().v1().cronjobs().inNamespace(NS).withName(CRON).delete();

        SourceException gone = catchThrowableOfType(() -> adapter.pull(NS + "/" + CRON, null), SourceException.class);
        assertThat(gone.kind()).isEqualTo(SourceException.Kind.NOT_FOUND);
        assertThat(gone.getMessage()).contains("has no CronJob etl/nightly-export");
        for (String ref : new String[] {CRON, "/" + CRON, NS + "/", NS + "/" + CRON + "/x"}) {
            assertThat(catchThrowableOfType(() -> adapter.pull(ref, null), SourceException.class)
                            .kind())
                    .as(ref)
                    .isEqualTo(SourceException.Kind.NOT_FOUND);
        }
    }

    @Test
    void vigil_s_own_trouble_is_told_apart_and_never_names_the_token() throws Exception {
        String path = "/apis/batch/v1/namespaces/etl/cronjobs/nightly-export";
        String url = errors.url("/").replaceAll("/$", "");
        Map<Integer, SourceException.Kind> kinds = new LinkedHashMap<>();
        kinds.put(401, SourceException.Kind.AUTH);
        kinds.put(403, SourceException.Kind.AUTH);
        kinds.put(429, SourceException.Kind.RATE_LIMITED);
        kinds.put(500, SourceException.Kind.UNREACHABLE);
        kinds.put(503, SourceException.Kind.UNREACHABLE);
        Map<Integer, String> reasons = Map.of(
                401,
                "Unauthorized",
                403,
                "Forbidden",
                429,
                "TooManyRequests",
                500,
                "InternalError",
                503,
                "ServiceUnavailable");
        for (Map.Entry<Integer, SourceException.Kind> c : kinds.entrySet()) {
            int code = c.getKey();
            errors.reset();
            StatusBuilder status = new StatusBuilder()
                    .withStatus("Failure")
                    .withCode(code)
                    .withReason(reasons.get(code))
                    .withMessage(
                            code == 403
                                    ? "cronjobs.batch \"nightly-export\" is forbidden: User"
                                            + " \"system:serviceaccount:vigil:vigil\" cannot get resource \"cronjobs\""
                                            + " in API group \"batch\" in the namespace \"etl\""
                                    : reasons.get(code));
            if (code == 429) {
                status.withNewDetails().withRetryAfterSeconds(1).endDetails();
            }
            errors.expect().get().withPath(path).andReturn(code, status.build()).always();

            SourceException e =
                    catchThrowableOfType(() -> errorsAdapter().pull(NS + "/" + CRON, null), SourceException.class);

            assertThat(e.kind()).as("HTTP %d", code).isEqualTo(c.getValue());
            assertThat(e.getMessage()).contains("HTTP " + code).doesNotContain(TOKEN);
            assertThat(errors.getRequestCount())
                    .as("HTTP %d: 5xx and 429 are tried three times, a refusal once", code)
                    .isEqualTo(code >= 429 ? 3 : 1);
            assertThat(errors.takeRequest().getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
        }
        errors.reset();
        errors.expect()
                .get()
                .withPath(path)
                .andReturn(403, new StatusBuilder().withCode(403).build())
                .always();
        assertThat(catchThrowableOfType(() -> errorsAdapter().pull(NS + "/" + CRON, null), SourceException.class)
                        .getMessage())
                .isEqualTo("Kubernetes at " + url + " refused Vigil's credentials (HTTP 403)");
        errors.reset();
        errors.expect()
                .get()
                .withPath(path)
                .andReturn(
                        429,
                        new StatusBuilder()
                                .withCode(429)
                                .withNewDetails()
                                .withRetryAfterSeconds(1)
                                .endDetails()
                                .build())
                .always();
        assertThat(catchThrowableOfType(() -> errorsAdapter().pull(NS + "/" + CRON, null), SourceException.class)
                        .getMessage())
                .isEqualTo("Kubernetes at " + url + " asked Vigil to slow down (HTTP 429, retry after 1 s)");

        errors.reset();
        errors.expect()
                .get()
                .withPath(path)
                .andReturn(200, "{\"apiVersion\": \"batch/v1\", \"kind\": \"CronJob\", \"metadata\": {\"name\": ")
                .always();
        SourceException malformed =
                catchThrowableOfType(() -> errorsAdapter().pull(NS + "/" + CRON, null), SourceException.class);
        assertThat(malformed.kind()).isEqualTo(SourceException.Kind.MALFORMED);
        assertThat(malformed.getMessage()).isEqualTo("Kubernetes at " + url + " answered with JSON Vigil cannot read");

        errors.reset();
        errors.expect()
                .get()
                .delay(3, TimeUnit.SECONDS)
                .withPath(path)
                .andReturn(200, "{}")
                .always();
        SourceException slow =
                catchThrowableOfType(() -> errorsAdapter().pull(NS + "/" + CRON, null), SourceException.class);
        assertThat(slow.kind()).as("a timeout").isEqualTo(SourceException.Kind.UNREACHABLE);
        assertThat(slow.getMessage()).isEqualTo("Kubernetes at " + url + " did not answer within 1 s");

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        SourceException refused = catchThrowableOfType(
                () -> new Kubernetes(
                                "http://127.0.0.1:" + closed,
                                () -> TOKEN,
                                null,
                                Duration.ofSeconds(1),
                                Duration.ofMillis(10),
                                100)
                        .pull(NS + "/" + CRON, null),
                SourceException.class);
        assertThat(refused.kind()).isEqualTo(SourceException.Kind.UNREACHABLE);
        assertThat(refused.getMessage())
                .isEqualTo("Kubernetes at http://127.0.0.1:" + closed + " unreachable: ConnectException");
    }

    @Test
    void the_token_is_not_logged_even_with_fabric8_s_http_logging_at_trace() throws Exception {
        cronJob(CRON);
        Logger http = (Logger) LoggerFactory.getLogger("io.fabric8.kubernetes.client.http");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        http.addAppender(logged);
        Level level = http.getLevel();
        http.setLevel(Level.TRACE);
        try (NamespacedKubernetesClient plain = server.createClient()) {
            plain.batch().v1().cronjobs().inNamespace(NS).withName(CRON).get();
            assertThat(logged.list)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .as("a client built as fabric8 builds it logs its bearer token at TRACE")
                    .anyMatch(m -> m.contains("Bearer secret"));
            logged.list.clear();

            adapter(100).pull(NS + "/" + CRON, null);

            assertThat(logged.list)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .noneMatch(m -> m.contains(TOKEN));
        } finally {
            http.setLevel(level);
            http.detachAppender(logged);
        }
    }

    @Test
    void a_condition_that_is_not_true_decides_nothing() throws Exception {
        Job job = new JobBuilder()
                .withNewMetadata()
                .withUid("6d3c1f0a-1b2c-4d5e-8f90-a1b2c3d4e5f6")
                .withCreationTimestamp(at("10:00:00"))
                .endMetadata()
                .withNewStatus()
                .withStartTime(at("10:00:01"))
                .withActive(1)
                .addToConditions(new JobConditionBuilder(condition("Complete", null, null, at("10:00:02")))
                        .withStatus("False")
                        .build())
                .addToConditions(new JobConditionBuilder(condition("Failed", null, null, at("10:00:02")))
                        .withStatus("Unknown")
                        .build())
                .endStatus()
                .build();
        assertThat(Kubernetes.run(job).status()).isEqualTo(PulledRun.STARTED);
        job.getStatus().getConditions().get(1).setStatus("True");
        assertThat(Kubernetes.run(job).body()).as("no reason given: the type").isEqualTo("Kubernetes Failed");
    }

    /**
     * fabric8's CRUD API server, with what a real one does and it does not: {@code limit} and
     * {@code continue} on a Job or CronJob list (the token here is the offset of the next page),
     * and creation times from a clock the test sets. Records the query of each Job list, the
     * namespace and query of each CronJob list, and the path of every GET.
     */
    static final class ApiServer extends KubernetesCrudDispatcher {
        static final ObjectMapper JSON = new ObjectMapper();
        static final java.util.regex.Pattern PAGED =
                java.util.regex.Pattern.compile("/apis/batch/v1/namespaces/([^/]+)/(jobs|cronjobs)");
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-27T09:00:00Z"));
        final List<String> lists = new CopyOnWriteArrayList<>();
        final List<String> gets = new CopyOnWriteArrayList<>();

        @Override
        public void reset() {
            super.reset();
            lists.clear();
            gets.clear();
        }

        @Override
        public MockResponse handleCreate(RecordedRequest request) {
            MockResponse created = super.handleCreate(request);
            if (created.code() != 201) {
                return created;
            }
            try {
                ObjectNode body = (ObjectNode) JSON.readTree(created.getBody().getBytes());
                String uid = body.path("metadata").path("uid").asText();
                ((ObjectNode) body.get("metadata"))
                        .put("creationTimestamp", now.get().toString());
                String json = JSON.writeValueAsString(body);
                synchronized (map) {
                    for (Map.Entry<AttributeSet, String> e : map.entrySet()) {
                        if (uid.equals(JSON.readTree(e.getValue())
                                .path("metadata")
                                .path("uid")
                                .asText())) {
                            e.setValue(json);
                        }
                    }
                }
                return new MockResponse().setResponseCode(201).setBody(json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public MockResponse handleGet(String path) {
            gets.add(path);
            URI uri = URI.create(path);
            java.util.regex.Matcher paged = PAGED.matcher(uri.getPath());
            if (uri.getRawQuery() == null || !paged.matches()) {
                return super.handleGet(path);
            }
            Map<String, String> query = new HashMap<>();
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            lists.add((paged.group(2).equals("cronjobs") ? "cronjobs in " + paged.group(1) + ": " : "")
                    + "limit=" + query.get("limit")
                    + (query.containsKey("continue") ? " continue=" + query.get("continue") : ""));
            MockResponse all = super.handleGet(uri.getPath());
            try {
                ObjectNode list = (ObjectNode) JSON.readTree(all.getBody().getBytes());
                ArrayNode items = (ArrayNode) list.get("items");
                int from = Integer.parseInt(query.getOrDefault("continue", "0"));
                int limit = Integer.parseInt(query.getOrDefault("limit", String.valueOf(items.size())));
                ArrayNode page = JSON.createArrayNode();
                for (int i = from; i < Math.min(items.size(), from + limit); i++) {
                    page.add(items.get(i));
                }
                list.set("items", page);
                ObjectNode meta = list.has("metadata") ? (ObjectNode) list.get("metadata") : list.putObject("metadata");
                if (from + limit < items.size()) {
                    meta.put("continue", String.valueOf(from + limit));
                    meta.put("remainingItemCount", items.size() - from - limit);
                }
                return new MockResponse().setResponseCode(200).setBody(JSON.writeValueAsString(list));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
