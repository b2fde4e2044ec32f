package vigil.watchdog.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vigil.inventory.Definition;
import vigil.inventory.Definition.Handle;
import vigil.inventory.Definition.PlatformRoute;

/**
 * Kubernetes definitions against fabric8's mock API server in CRUD mode, paging CronJob lists by
 * {@code limit} and {@code continue} as a real API server does ({@link KubernetesContractTest.ApiServer}).
 * The CronJobs are written field by field from the API reference, "CronJob"
 * (kubernetes.io/docs/reference/kubernetes-api/workload-resources/cron-job-v1/: spec.schedule,
 * timeZone, suspend, concurrencyPolicy, startingDeadlineSeconds, successfulJobsHistoryLimit,
 * failedJobsHistoryLimit, jobTemplate) and the pod template's "Container" (env[].valueFrom
 * .secretKeyRef name, key, optional; envFrom[].secretRef), "Volume" (secret.secretName, projected
 * .sources[].secret.name) and "PodSpec" (initContainers, imagePullSecrets); the schedule shapes
 * from "CronJob" (kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/: "Schedule
 * syntax", the macros, "?" as "*", and "Unsupported TimeZone specification" for CRON_TZ/TZ).
 */
class KubernetesDefinitionsContractTest {
    static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.k8s-definitions-token";

    static KubernetesContractTest.ApiServer api;
    static KubernetesMockServer server;
    static NamespacedKubernetesClient admin;
    static KubernetesMockServer errors;
    static Path ca;

    @BeforeAll
    static void start() {
        api = new KubernetesContractTest.ApiServer();
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

    static Kubernetes adapter(int page, String... namespaces) {
        return new Kubernetes(
                server.url("/"),
                () -> TOKEN,
                ca,
                Duration.ofSeconds(10),
                Duration.ofMillis(10),
                page,
                List.of(namespaces));
    }

    /** A CronJob as a manifest would write it, {@code edit} adding what the test is about. */
    static CronJob cronJob(String namespace, String name, String schedule, UnaryOperator<CronJobBuilder> edit) {
        CronJobBuilder b = new CronJobBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .addToLabels("app.kubernetes.io/part-of", "etl")
                .endMetadata()
                .withNewSpec()
                .withSchedule(schedule)
                .withConcurrencyPolicy("Forbid")
                .withStartingDeadlineSeconds(300L)
                .withSuccessfulJobsHistoryLimit(3)
                .withFailedJobsHistoryLimit(1)
                .withNewJobTemplate()
                .withNewSpec()
                .withBackoffLimit(2)
                .withNewTemplate()
                .withNewSpec()
                .addNewContainer()
                .withName("main")
                .withImage("registry.example.com/etl/" + name + ":1.4")
                .endContainer()
                .withRestartPolicy("OnFailure")
                .endSpec()
                .endTemplate()
                .endSpec()
                .endJobTemplate()
                .endSpec();
        return admin.batch()
                .v1()
                .cronjobs()
                .inNamespace(namespace)
                .resource(edit.apply(b).build())
                .create();
    }

    static CronJob cronJob(String namespace, String name, String schedule) {
        return cronJob(namespace, name, schedule, b -> b);
    }

    static Map<String, Definition> byRef(List<Definition> definitions) {
        return definitions.stream().collect(Collectors.toMap(Definition::ref, Function.identity()));
    }

    @Test
    void the_cronjobs_of_each_configured_namespace_are_listed_page_by_page() throws Exception {
        for (String name : List.of("export", "import", "rollup", "vacuum", "reindex")) {
            cronJob("etl", name, "0 2 * * *");
        }
        cronJob("billing", "invoices", "0 4 1 * *");
        cronJob("billing", "dunning", "30 8 * * 1-5");
        cronJob("sandbox", "experiment", "* * * * *");
        api.lists.clear();
        api.gets.clear();

        List<Definition> definitions = adapter(2, "etl", "billing").definitions("k8s");

        assertThat(definitions)
                .extracting(Definition::source, Definition::ref, Definition::name)
                .as("not the namespace nobody configured")
                .containsExactlyInAnyOrder(
                        tuple("k8s", "etl/export", "export"),
                        tuple("k8s", "etl/import", "import"),
                        tuple("k8s", "etl/rollup", "rollup"),
                        tuple("k8s", "etl/vacuum", "vacuum"),
                        tuple("k8s", "etl/reindex", "reindex"),
                        tuple("k8s", "billing/invoices", "invoices"),
                        tuple("k8s", "billing/dunning", "dunning"));
        assertThat(api.lists)
                .as("5 CronJobs, 2 a page, each page asked with the continue token of the one before")
                .containsExactly(
                        "cronjobs in etl: limit=2",
                        "cronjobs in etl: limit=2 continue=2",
                        "cronjobs in etl: limit=2 continue=4",
                        "cronjobs in billing: limit=2");
        assertThat(api.gets)
                .as("only the CronJob lists: no Secret is ever read")
                .allMatch(p -> p.startsWith("/apis/batch/v1/namespaces/") && p.contains("/cronjobs?"));
        assertThat(definitions).allSatisfy(d -> assertThat(d.problems()).isEmpty());
    }

    @Test
    void no_namespace_configured_reads_nothing() throws Exception {
        cronJob("etl", "export", "0 2 * * *");
        api.gets.clear();
        assertThat(adapter(100).definitions("k8s")).isEmpty();
        assertThat(api.gets).isEmpty();
    }

    @Test
    void schedules_are_read_as_the_cronjob_controller_reads_them() throws Exception {
        cronJob("etl", "plain", "0 2 * * *");
        cronJob("etl", "daily", "@daily");
        cronJob("etl", "yearly", "@annually");
        cronJob("etl", "often", "@every 1h30m");
        cronJob("etl", "office-hours", "*/10   9-17 ? * MON-FRI");
        cronJob(
                "etl",
                "berlin",
                "30 6 * * *",
                b -> b.editSpec().withTimeZone("Europe/Berlin").endSpec());
        cronJob("etl", "chicago", "CRON_TZ=America/Chicago 0 7 * * *");
        cronJob("etl", "held", "0 3 * * 0", b -> b.editSpec().withSuspend(true).endSpec());

        Map<String, Definition> d = byRef(adapter(100, "etl").definitions("k8s"));

        assertThat(d.get("etl/plain").schedules()).containsExactly("0 2 * * *");
        assertThat(d.get("etl/plain").timezone())
                .as("the controller manager's zone")
                .isNull();
        assertThat(d.get("etl/daily").schedules()).containsExactly("0 0 * * *");
        assertThat(d.get("etl/yearly").schedules()).containsExactly("0 0 1 1 *");
        assertThat(d.get("etl/often").schedules()).containsExactly("every 1h30m");
        assertThat(d.get("etl/office-hours").schedules()).containsExactly("*/10 9-17 * * MON-FRI");
        assertThat(d.get("etl/berlin").schedules()).containsExactly("30 6 * * *");
        assertThat(d.get("etl/berlin").timezone()).isEqualTo("Europe/Berlin");
        Definition chicago = d.get("etl/chicago");
        assertThat(chicago.schedules()).containsExactly("0 7 * * *");
        assertThat(chicago.timezone()).isEqualTo("America/Chicago");
        assertThat(chicago.problems())
                .containsExactly("spec.schedule 'CRON_TZ=America/Chicago 0 7 * * *' names its time zone with"
                        + " CRON_TZ=, which Kubernetes never supported and refuses on new CronJobs since 1.29 (set"
                        + " spec.timeZone instead); read in America/Chicago, as the controller still runs it");
        assertThat(d.get("etl/held").paused()).isTrue();
        assertThat(d.get("etl/held").scheduled()).isFalse();
        assertThat(d.get("etl/plain").paused()).isFalse();
        assertThat(d.values().stream()
                        .filter(x -> !x.ref().equals("etl/chicago"))
                        .flatMap(x -> x.problems().stream()))
                .isEmpty();
    }

    @Test
    void a_schedule_vigil_cannot_read_is_a_problem_quoting_it() throws Exception {
        cronJob("etl", "eighth-day", "0 6 * * 8");
        cronJob("etl", "on-boot", "@reboot");
        cronJob("etl", "shouting", "@Daily");
        cronJob("etl", "odd-interval", "@every soon");
        cronJob(
                "etl",
                "elsewhere",
                "0 6 * * *",
                b -> b.editSpec().withTimeZone("Mars/Olympus_Mons").endSpec());

        Map<String, Definition> d = byRef(adapter(100, "etl").definitions("k8s"));

        assertThat(d.get("etl/eighth-day").schedules()).isEmpty();
        assertThat(d.get("etl/eighth-day").problems())
                .singleElement()
                .asString()
                .startsWith("spec.schedule '0 6 * * 8' is not a cron Vigil can read: day of week value 8");
        assertThat(d.get("etl/on-boot").problems())
                .containsExactly("spec.schedule '@reboot' is a macro Kubernetes does not know");
        assertThat(d.get("etl/shouting").problems())
                .as("the parser's macros are lower case")
                .containsExactly("spec.schedule '@Daily' is a macro Kubernetes does not know");
        assertThat(d.get("etl/odd-interval").problems())
                .containsExactly("spec.schedule '@every soon' has an interval that is not a duration");
        assertThat(d.get("etl/elsewhere").timezone()).isNull();
        assertThat(d.get("etl/elsewhere").schedules()).containsExactly("0 6 * * *");
        assertThat(d.get("etl/elsewhere").problems())
                .containsExactly("time zone 'Mars/Olympus_Mons' is not an IANA zone Vigil knows");
    }

    @Test
    void owner_and_routes_come_from_vigil_s_annotations() throws Exception {
        cronJob(
                "etl",
                "export",
                "0 2 * * *",
                b -> b.editMetadata()
                        .addToAnnotations(KubernetesDefinitions.OWNER, "Data Team <Data-Team@Example.com>")
                        .addToAnnotations(
                                KubernetesDefinitions.NOTIFY,
                                "ops@example.com, slack:#etl-alerts,teams:DataOps , webhook:alerts.example.com")
                        .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{}")
                        .endMetadata());
        cronJob(
                "etl",
                "import",
                "0 3 * * *",
                b -> b.editMetadata()
                        .addToAnnotations(KubernetesDefinitions.OWNER, "the data team")
                        .addToAnnotations(KubernetesDefinitions.NOTIFY, "ops@example.com, pagerduty:etl")
                        .endMetadata());
        cronJob("etl", "rollup", "0 4 * * *");

        Map<String, Definition> d = byRef(adapter(100, "etl").definitions("k8s"));

        Definition export = d.get("etl/export");
        assertThat(export.owner()).isEqualTo("data-team@example.com");
        String where = "annotation vigil.dev/notify";
        assertThat(export.routes())
                .containsExactly(
                        new PlatformRoute("ops@example.com", where),
                        new PlatformRoute("slack:#etl-alerts", where),
                        new PlatformRoute("teams:DataOps", where),
                        new PlatformRoute("webhook:alerts.example.com", where));
        assertThat(export.problems()).isEmpty();

        Definition imports = d.get("etl/import");
        assertThat(imports.owner()).isNull();
        assertThat(imports.routes()).containsExactly(new PlatformRoute("ops@example.com", where));
        assertThat(imports.problems())
                .containsExactly(
                        "annotation vigil.dev/owner 'the data team' is not a mail address",
                        "annotation vigil.dev/notify names 'pagerduty:etl', neither a mail address nor"
                                + " slack:#channel, teams:NAME or webhook:HOST");

        assertThat(d.get("etl/rollup").owner()).isNull();
        assertThat(d.get("etl/rollup").routes()).isEmpty();
    }

    @Test
    void credentials_are_the_secrets_the_job_s_pod_uses_named_never_read() throws Exception {
        cronJob(
                "etl",
                "export",
                "0 2 * * *",
                b -> b.editSpec()
                        .editJobTemplate()
                        .editSpec()
                        .editTemplate()
                        .editSpec()
                        .addNewInitContainer()
                        .withName("fetch-schema")
                        .withImage("registry.example.com/etl/schema:2")
                        .addNewEnv()
                        .withName("SCHEMA_TOKEN")
                        .withNewValueFrom()
                        .withNewSecretKeyRef()
                        .withName("schema-registry")
                        .withKey("token")
                        .withOptional(false)
                        .endSecretKeyRef()
                        .endValueFrom()
                        .endEnv()
                        .endInitContainer()
                        .editFirstContainer()
                        .addNewEnv()
                        .withName("DB_PASSWORD")
                        .withNewValueFrom()
                        .withNewSecretKeyRef()
                        .withName("warehouse-db")
                        .withKey("password")
                        .endSecretKeyRef()
                        .endValueFrom()
                        .endEnv()
                        .addNewEnv()
                        .withName("LOG_LEVEL")
                        .withValue("info")
                        .endEnv()
                        .addNewEnv()
                        .withName("REGION")
                        .withNewValueFrom()
                        .withNewConfigMapKeyRef()
                        .withName("etl-settings")
                        .withKey("region")
                        .endConfigMapKeyRef()
                        .endValueFrom()
                        .endEnv()
                        .addNewEnvFrom()
                        .withNewSecretRef()
                        .withName("s3-upload")
                        .endSecretRef()
                        .endEnvFrom()
                        .addNewEnvFrom()
                        .withPrefix("CFG_")
                        .withNewConfigMapRef()
                        .withName("etl-settings")
                        .endConfigMapRef()
                        .endEnvFrom()
                        .addNewVolumeMount()
                        .withName("tls")
                        .withMountPath("/etc/tls")
                        .endVolumeMount()
                        .endContainer()
                        .addNewVolume()
                        .withName("tls")
                        .withNewSecret()
                        .withSecretName("warehouse-db")
                        .withDefaultMode(0400)
                        .endSecret()
                        .endVolume()
                        .addNewVolume()
                        .withName("bundle")
                        .withNewProjected()
                        .addNewSource()
                        .withNewSecret()
                        .withName("sftp-key")
                        .addNewItem()
                        .withKey("id_ed25519")
                        .withPath("sftp/id_ed25519")
                        .endItem()
                        .endSecret()
                        .endSource()
                        .addNewSource()
                        .withNewConfigMap()
                        .withName("known-hosts")
                        .endConfigMap()
                        .endSource()
                        .addNewSource()
                        .withNewServiceAccountToken()
                        .withAudience("vault")
                        .withExpirationSeconds(3600L)
                        .withPath("token")
                        .endServiceAccountToken()
                        .endSource()
                        .endProjected()
                        .endVolume()
                        .addNewVolume()
                        .withName("scratch")
                        .withNewEmptyDir()
                        .endEmptyDir()
                        .endVolume()
                        .addNewImagePullSecret("registry-pull")
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .endJobTemplate()
                        .endSpec());
        api.gets.clear();

        Definition export = adapter(100, "etl").definitions("k8s").get(0);

        assertThat(export.credentials())
                .as("each Secret once, with every way it is used; no ConfigMap, no service account token")
                .containsExactly(
                        new Handle(
                                "etl/schema-registry",
                                "Secret: env SCHEMA_TOKEN of container 'fetch-schema' (key token)"),
                        new Handle(
                                "etl/warehouse-db",
                                "Secret: env DB_PASSWORD of container 'main' (key password); volume 'tls'"),
                        new Handle("etl/s3-upload", "Secret: envFrom of container 'main'"),
                        new Handle("etl/sftp-key", "Secret: projected volume 'bundle'"),
                        new Handle("etl/registry-pull", "Secret: image pull secret"));
        assertThat(api.gets).noneMatch(p -> p.contains("/secrets"));
    }

    @Test
    void the_api_server_refusing_vigil_s_token_throws_auth() throws Exception {
        errors.expect()
                .get()
                .withPath("/apis/batch/v1/namespaces/etl/cronjobs?limit=100")
                .andReturn(
                        401,
                        new StatusBuilder()
                                .withStatus("Failure")
                                .withCode(401)
                                .withReason("Unauthorized")
                                .withMessage("Unauthorized")
                                .build())
                .always();
        Kubernetes adapter = new Kubernetes(
                errors.url("/"), () -> TOKEN, null, Duration.ofSeconds(10), Duration.ofMillis(10), 100, List.of("etl"));

        SourceException e = catchThrowableOfType(() -> adapter.definitions("k8s"), SourceException.class);

        assertThat(e.kind()).isEqualTo(SourceException.Kind.AUTH);
        assertThat(e.getMessage())
                .isEqualTo("Kubernetes at " + errors.url("/").replaceAll("/$", "")
                        + " refused Vigil's credentials (HTTP 401)");
        assertThat(errors.getLastRequest().getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
    }
}
