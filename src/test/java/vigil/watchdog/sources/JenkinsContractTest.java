package vigil.watchdog.sources;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Jenkins adapter against WireMock answering as Jenkins' remote access API does. Fixtures are
 * written field by field from the API (https://www.jenkins.io/doc/book/using/remote-access-api/
 * and a job's {@code …/api/} page, hudson/model/Api/index.jelly: the {@code tree} parameter and its
 * {@code {M,N}} range, M inclusive, N exclusive), from the exported properties of {@code
 * hudson.model.Job} ({@code allBuilds}, every build newest first; {@code builds}, the newest 100
 * only) and {@code hudson.model.Run} ({@code number}, {@code result} — a {@code hudson.model.Result}
 * name or null —, {@code building}, {@code inProgress}, {@code timestamp} and {@code duration} in
 * milliseconds, {@code url}, {@code displayName}), and the {@code _class} Jenkins puts on every
 * object (a folder, {@code com.cloudbees.hudson.plugins.folder.Folder}, has no builds).
 */
class JenkinsContractTest {
    static final String TOKEN = "11c2e5a0d4f3b9e8a7c6d5e4f3a2b1c0d9";
    static final String JOB = "/job/billing/job/nightly-invoices";
    static final String API = JOB + "/api/json";
    static final String FIELDS = "number,result,building,inProgress,timestamp,duration,url,displayName";
    static final long T = Instant.parse("2026-11-27T02:00:00Z").toEpochMilli();

    @RegisterExtension
    static WireMockExtension jenkins = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    /** A timeout long enough for a busy test machine; the timeout itself is tested with a short one. */
    Jenkins adapter(boolean unstableSucceeds) {
        return adapter(unstableSucceeds, Duration.ofSeconds(10));
    }

    Jenkins adapter(boolean unstableSucceeds, Duration timeout) {
        return new Jenkins(
                new PlatformHttp(
                        "Jenkins",
                        jenkins.baseUrl(),
                        HttpClient.newHttpClient(),
                        timeout,
                        Duration.ofMillis(10),
                        () -> Jenkins.headers("vigil", TOKEN)),
                unstableSucceeds);
    }

    Jenkins adapter() {
        return adapter(false);
    }

    static String range(int from, int to) {
        return "allBuilds[" + FIELDS + "]{" + from + "," + to + "}";
    }

    /** One element of allBuilds as Jenkins exports a Pipeline run; result null while it runs. */
    static String build(long number, String result, boolean building, long timestamp, long duration) {
        return """
                { "_class": "org.jenkinsci.plugins.workflow.job.WorkflowRun", "building": %s, "displayName": "#%d",
                  "duration": %d, "inProgress": %s, "number": %d, "result": %s, "timestamp": %d,
                  "url": "https://ci.example.com/job/billing/job/nightly-invoices/%d/" }""".formatted(
                        building,
                        number,
                        duration,
                        building,
                        number,
                        result == null ? "null" : "\"" + result + "\"",
                        timestamp,
                        number);
    }

    static String done(long number, String result) {
        return build(number, result, false, T + number * 60_000, 1_500);
    }

    static String job(List<String> builds) {
        return "{ \"_class\": \"org.jenkinsci.plugins.workflow.job.WorkflowJob\", \"allBuilds\": ["
                + String.join(",", builds) + "] }";
    }

    /**
     * The build ranges asked of {@code path}, each once, in the order first asked: a page asked
     * again after a timeout is a retry, not another page (on a loaded machine a first request has
     * been seen to wait out the 30 s timeout).
     */
    static List<String> pages(String path) {
        return jenkins.findAll(getRequestedFor(urlPathEqualTo(path))).stream()
                .map(r -> r.queryParameter("tree").firstValue())
                .distinct()
                .toList();
    }

    static void answer(String path, int from, int to, List<String> builds) {
        jenkins.stubFor(get(urlPathEqualTo(path))
                .withQueryParam("tree", equalTo(range(from, to)))
                .willReturn(okJson(job(builds))));
    }

    @Test
    void build_numbers_that_every_job_counts_from_one_are_told_apart_by_the_job() throws Exception {
        for (String job : List.of("invoices", "reminders")) {
            jenkins.stubFor(get(urlPathEqualTo("/job/" + job + "/api/json"))
                    .withQueryParam("tree", equalTo(range(0, 100)))
                    .willReturn(okJson(job(List.of(done(1, "SUCCESS"))))));
        }
        String invoices = adapter().pull("invoices", null).runs().get(0).externalId();
        String reminders = adapter().pull("reminders", null).runs().get(0).externalId();
        assertThat(invoices).as("stored once per source and id").isNotEqualTo(reminders);
    }

    @Test
    void a_job_in_folders_is_read_at_its_path_with_basic_authentication() throws Exception {
        String basic =
                "Basic " + Base64.getEncoder().encodeToString(("vigil:" + TOKEN).getBytes(StandardCharsets.UTF_8));
        jenkins.stubFor(get(urlPathEqualTo("/job/billing/job/eu%20west/job/nightly-invoices/api/json"))
                .withQueryParam("tree", equalTo(range(0, 100)))
                .withHeader("Authorization", equalTo(basic))
                .willReturn(okJson(job(List.of(done(7, "SUCCESS"))))));

        Platform.Pull pull = adapter().pull("billing/eu west/nightly-invoices", null);

        assertThat(pull.runs()).extracting(PulledRun::externalId).containsExactly("billing/eu west/nightly-invoices/7");
        assertThat(pull.watermark()).isEqualTo("7");
        assertThat(pages("/job/billing/job/eu%20west/job/nightly-invoices/api/json"))
                .containsExactly(range(0, 100));
    }

    @Test
    void builds_are_paged_by_range_newest_first_until_the_list_ends() throws Exception {
        List<String> first = new ArrayList<>();
        IntStream.iterate(250, n -> n - 1).limit(100).forEach(n -> first.add(done(n, "SUCCESS")));
        List<String> second = new ArrayList<>();
        second.add(done(151, "SUCCESS")); // #251 started between the two requests: the list moved by one
        IntStream.iterate(150, n -> n - 1).limit(10).forEach(n -> second.add(done(n, "SUCCESS")));
        answer(API, 0, 100, first);
        answer(API, 100, 200, second);

        Platform.Pull pull = adapter().pull("billing/nightly-invoices", null);

        assertThat(pull.runs()).hasSize(110);
        assertThat(pull.runs().get(0).externalId()).isEqualTo("billing/nightly-invoices/250");
        assertThat(pull.runs().get(99).externalId()).isEqualTo("billing/nightly-invoices/151");
        assertThat(pull.runs().get(100).externalId()).as("151 once only").isEqualTo("billing/nightly-invoices/150");
        assertThat(pull.runs().get(109).externalId()).isEqualTo("billing/nightly-invoices/141");
        assertThat(pull.watermark()).isEqualTo("250");
        // the two pages and no third (a page asked again after a timeout on a loaded machine is a retry, not a page)
        assertThat(pages(API)).containsExactly(range(0, 100), range(100, 200));
    }

    @Test
    void paging_stops_at_the_watermark() throws Exception {
        List<String> first = new ArrayList<>();
        IntStream.iterate(250, n -> n - 1).limit(100).forEach(n -> first.add(done(n, "SUCCESS")));
        answer(API, 0, 100, first);

        Platform.Pull pull = adapter().pull("billing/nightly-invoices", "248");

        assertThat(pull.runs())
                .extracting(PulledRun::externalId)
                .containsExactly("billing/nightly-invoices/250", "billing/nightly-invoices/249");
        assertThat(pull.watermark()).isEqualTo("250");
        assertThat(pages(API)).as("one page: the watermark is on it").containsExactly(range(0, 100));
    }

    @Test
    void an_empty_build_list_keeps_the_watermark() throws Exception {
        answer(API, 0, 100, List.of());
        assertThat(adapter().pull("billing/nightly-invoices", "41").watermark()).isEqualTo("41");
        Platform.Pull fromStart = adapter().pull("billing/nightly-invoices", null);
        assertThat(fromStart.runs()).isEmpty();
        assertThat(fromStart.watermark()).isNull();
    }

    @Test
    void a_build_still_building_is_read_again_until_it_finishes() throws Exception {
        answer(
                API,
                0,
                100,
                List.of(
                        build(44, null, true, T + 44 * 60_000, 0),
                        build(43, "FAILURE", true, T + 43 * 60_000, 0),
                        done(42, "SUCCESS")));

        Platform.Pull running = adapter().pull("billing/nightly-invoices", "41");

        assertThat(running.runs())
                .extracting(PulledRun::externalId, PulledRun::status, PulledRun::finished)
                .as("a result set while building can still get worse: not final")
                .containsExactly(
                        tuple("billing/nightly-invoices/44", "started", null),
                        tuple("billing/nightly-invoices/43", "started", null),
                        tuple("billing/nightly-invoices/42", "success", Instant.ofEpochMilli(T + 42 * 60_000 + 1_500)));
        assertThat(running.runs().get(0).started()).isEqualTo(Instant.ofEpochMilli(T + 44 * 60_000));
        assertThat(running.watermark())
                .as("below the oldest build still building")
                .isEqualTo("42");

        answer(
                API,
                0,
                100,
                List.of(
                        build(44, "SUCCESS", false, T + 44 * 60_000, 95_000),
                        build(43, "FAILURE", false, T + 43 * 60_000, 30_000),
                        done(42, "SUCCESS")));

        Platform.Pull finished = adapter().pull("billing/nightly-invoices", running.watermark());

        assertThat(finished.runs())
                .extracting(PulledRun::externalId, PulledRun::status, PulledRun::finished)
                .containsExactly(
                        tuple("billing/nightly-invoices/44", "success", Instant.ofEpochMilli(T + 44 * 60_000 + 95_000)),
                        tuple("billing/nightly-invoices/43", "fail", Instant.ofEpochMilli(T + 43 * 60_000 + 30_000)));
        assertThat(finished.watermark()).isEqualTo("44");
    }

    @Test
    void every_result_is_mapped() throws Exception {
        answer(
                API,
                0,
                100,
                List.of(
                        done(46, "NOT_BUILT"),
                        done(45, "UNSTABLE"),
                        done(44, "ABORTED"),
                        done(43, "FAILURE"),
                        done(42, "SUCCESS")));

        Platform.Pull pull = adapter().pull("billing/nightly-invoices", "41");

        assertThat(pull.runs())
                .extracting(PulledRun::externalId, PulledRun::status, PulledRun::body)
                .as("NOT_BUILT is no run")
                .containsExactly(
                        tuple(
                                "billing/nightly-invoices/45",
                                "fail",
                                "Jenkins UNSTABLE: build #45 https://ci.example.com/job/billing/job/nightly-invoices/45/"),
                        tuple(
                                "billing/nightly-invoices/44",
                                "fail",
                                "Jenkins ABORTED: build #44 https://ci.example.com/job/billing/job/nightly-invoices/44/"),
                        tuple(
                                "billing/nightly-invoices/43",
                                "fail",
                                "Jenkins FAILURE: build #43 https://ci.example.com/job/billing/job/nightly-invoices/43/"),
                        tuple("billing/nightly-invoices/42", "success", null));
        assertThat(pull.runs().get(2).started()).isEqualTo(Instant.ofEpochMilli(T + 43 * 60_000));
        assertThat(pull.runs().get(2).finished()).isEqualTo(Instant.ofEpochMilli(T + 43 * 60_000 + 1_500));
        assertThat(pull.watermark())
                .as("past the NOT_BUILT build, which is final")
                .isEqualTo("46");

        assertThat(adapter(true).pull("billing/nightly-invoices", "41").runs())
                .extracting(PulledRun::externalId, PulledRun::status)
                .as("unstable: success")
                .containsExactly(
                        tuple("billing/nightly-invoices/45", "success"),
                        tuple("billing/nightly-invoices/44", "fail"),
                        tuple("billing/nightly-invoices/43", "fail"),
                        tuple("billing/nightly-invoices/42", "success"));
    }

    @Test
    void a_display_name_of_its_own_is_in_the_failure() throws Exception {
        answer(
                API,
                0,
                100,
                List.of(done(43, "FAILURE")
                        .replace("\"displayName\": \"#43\"", "\"displayName\": \"#43 invoices 2026-11\"")));
        assertThat(adapter()
                        .pull("billing/nightly-invoices", null)
                        .runs()
                        .get(0)
                        .body())
                .isEqualTo("Jenkins FAILURE: build #43 (#43 invoices 2026-11)"
                        + " https://ci.example.com/job/billing/job/nightly-invoices/43/");
    }

    @Test
    void a_folder_or_a_multibranch_project_is_not_a_job() throws Exception {
        for (String kind : List.of(
                "com.cloudbees.hudson.plugins.folder.Folder",
                "org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject")) {
            jenkins.stubFor(get(urlPathEqualTo("/job/billing/api/json"))
                    .willReturn(okJson("{ \"_class\": \"" + kind + "\" }")));
            SourceException e = catchThrowableOfType(() -> adapter().pull("billing", null), SourceException.class);
            assertThat(e.kind()).isEqualTo(SourceException.Kind.NOT_FOUND);
            assertThat(e.getMessage()).contains("'billing' names a folder").contains(kind);
        }
    }

    @Test
    void vigil_s_own_trouble_is_told_apart_and_never_names_the_token() throws Exception {
        String basic = Base64.getEncoder().encodeToString(("vigil:" + TOKEN).getBytes(StandardCharsets.UTF_8));
        int[] statuses = {401, 403, 404, 429, 500};
        SourceException.Kind[] kinds = {
            SourceException.Kind.AUTH,
            SourceException.Kind.AUTH,
            SourceException.Kind.NOT_FOUND,
            SourceException.Kind.RATE_LIMITED,
            SourceException.Kind.UNREACHABLE
        };
        for (int i = 0; i < statuses.length; i++) {
            jenkins.stubFor(get(urlPathEqualTo(API)).willReturn(aResponse().withStatus(statuses[i])));
            SourceException e =
                    catchThrowableOfType(() -> adapter().pull("billing/nightly-invoices", null), SourceException.class);
            assertThat(e.kind()).as("HTTP %d", statuses[i]).isEqualTo(kinds[i]);
            assertThat(e.getMessage())
                    .contains("HTTP " + statuses[i])
                    .doesNotContain(TOKEN)
                    .doesNotContain(basic);
        }
    }

    @Test
    void json_vigil_cannot_read_is_malformed() throws Exception {
        for (String body : List.of(
                "{ \"_class\": \"org.jenkinsci.plugins.workflow.job.WorkflowJob\", \"allBuilds\": [ {\"number\": ",
                "{ \"_class\": \"org.jenkinsci.plugins.workflow.job.WorkflowJob\", \"allBuilds\": 3 }",
                job(List.of("{ \"result\": \"SUCCESS\", \"building\": false, \"timestamp\": 1 }")),
                job(List.of("{ \"number\": 3, \"result\": \"SUCCESS\", \"building\": false }")),
                "[]")) {
            jenkins.stubFor(get(urlPathEqualTo(API)).willReturn(okJson(body)));
            assertThat(catchThrowableOfType(
                                    () -> adapter().pull("billing/nightly-invoices", null), SourceException.class)
                            .kind())
                    .as(body)
                    .isEqualTo(SourceException.Kind.MALFORMED);
        }
    }

    @Test
    void a_timeout_is_unreachable() throws Exception {
        jenkins.stubFor(
                get(urlPathEqualTo(API)).willReturn(okJson(job(List.of())).withFixedDelay(3_000)));
        SourceException e = catchThrowableOfType(
                () -> adapter(false, Duration.ofSeconds(1)).pull("billing/nightly-invoices", null),
                SourceException.class);
        assertThat(e.kind()).isEqualTo(SourceException.Kind.UNREACHABLE);
        assertThat(e.getMessage()).contains("did not answer");
    }
}
