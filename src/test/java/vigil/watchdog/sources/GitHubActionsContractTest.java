package vigil.watchdog.sources;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vigil.watchdog.http.Json;

/**
 * The GitHub Actions adapter against WireMock answering as GitHub's REST API (version 2022-11-28)
 * does. Fixtures are written field by field from the reference: "REST API endpoints for workflow
 * runs" (docs.github.com/rest/actions/workflow-runs), section "List workflow runs for a workflow"
 * — GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs with per_page and page, the
 * answer's total_count and workflow_runs, its Link header — and its "Workflow Run" schema (id,
 * name, head_branch, head_sha, path, display_title, run_number, run_attempt, event, status,
 * conclusion, workflow_id, url, html_url, created_at, updated_at, run_started_at …); "Using
 * pagination in the REST API" (the Link header's rel="next", "prev", "first", "last"); "Rate limits
 * for the REST API" (x-ratelimit-limit, -remaining, -used, -reset in UTC epoch seconds,
 * -resource; 403 or 429 with x-ratelimit-remaining 0, retry-after for secondary limits); and
 * "Troubleshooting the REST API" / the error bodies (message, documentation_url, status) of 401
 * "Bad credentials", 403 "Resource not accessible by personal access token" and 404 "Not Found".
 */
class GitHubActionsContractTest {
    static final String TOKEN = "ghp_vigilTestToken0000000000000000000000";
    static final String REF = "acme/reports/.github/workflows/nightly.yml";
    static final String RUNS = "/repos/acme/reports/actions/workflows/nightly.yml/runs";
    static final Instant RESET = Instant.parse("2026-11-27T11:00:00Z");

    @RegisterExtension
    static WireMockExtension github = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    static PlatformHttp http() {
        return new PlatformHttp(
                "GitHub",
                github.baseUrl(),
                HttpClient.newHttpClient(),
                Duration.ofSeconds(2),
                Duration.ofMillis(10),
                () -> GitHubActions.headers(TOKEN));
    }

    static GitHubActions adapter() {
        return adapter(Instant.parse("2026-11-27T10:30:00Z"));
    }

    static GitHubActions adapter(Instant now) {
        return new GitHubActions(http(), Clock.fixed(now, ZoneOffset.UTC));
    }

    /** One workflow run as the "Workflow Run" schema has it (the user and repository objects cut short). */
    static String run(long id, int number, String status, String conclusion, String runStartedAt, String updated) {
        return """
                { "id": %d, "name": "Nightly reports", "node_id": "WFR_kwLOBx3mz88AAAAC%d",
                  "head_branch": "main", "head_sha": "9f2c1e0b7d4a4c1f8e3b6a5d2c7e9f0a1b3c5d7e",
                  "path": ".github/workflows/nightly.yml", "display_title": "Nightly reports",
                  "run_number": %d, "event": "schedule", "status": "%s", "conclusion": %s,
                  "workflow_id": 161335, "check_suite_id": 42%d, "check_suite_node_id": "CS_kwDOBx3mz8%d",
                  "url": "https://api.github.com/repos/acme/reports/actions/runs/%d",
                  "html_url": "https://github.com/acme/reports/actions/runs/%d",
                  "pull_requests": [], "created_at": "2026-11-27T06:00:04Z", "updated_at": "%s",
                  "actor": { "login": "octocat", "id": 1, "type": "User", "site_admin": false },
                  "run_attempt": 1, "referenced_workflows": [], "run_started_at": %s,
                  "triggering_actor": { "login": "octocat", "id": 1, "type": "User", "site_admin": false },
                  "jobs_url": "https://api.github.com/repos/acme/reports/actions/runs/%d/jobs",
                  "logs_url": "https://api.github.com/repos/acme/reports/actions/runs/%d/logs",
                  "check_suite_url": "https://api.github.com/repos/acme/reports/check-suites/42%d",
                  "artifacts_url": "https://api.github.com/repos/acme/reports/actions/runs/%d/artifacts",
                  "cancel_url": "https://api.github.com/repos/acme/reports/actions/runs/%d/cancel",
                  "rerun_url": "https://api.github.com/repos/acme/reports/actions/runs/%d/rerun",
                  "previous_attempt_url": null,
                  "workflow_url": "https://api.github.com/repos/acme/reports/actions/workflows/161335",
                  "head_commit": { "id": "9f2c1e0b7d4a4c1f8e3b6a5d2c7e9f0a1b3c5d7e",
                    "tree_id": "3c5d7e9f2c1e0b7d4a4c1f8e3b6a5d2c7e9f0a1b", "message": "Bump report date",
                    "timestamp": "2026-11-26T17:12:09Z",
                    "author": { "name": "Octo Cat", "email": "octocat@github.com" },
                    "committer": { "name": "GitHub", "email": "noreply@github.com" } },
                  "repository": { "id": 482913, "node_id": "R_kgDOBx3mzw", "name": "reports",
                    "full_name": "acme/reports", "private": true },
                  "head_repository": { "id": 482913, "node_id": "R_kgDOBx3mzw", "name": "reports",
                    "full_name": "acme/reports", "private": true } }""".formatted(
                        id,
                        id,
                        number,
                        status,
                        conclusion == null ? "null" : "\"" + conclusion + "\"",
                        id,
                        id,
                        id,
                        id,
                        updated,
                        runStartedAt == null ? "null" : "\"" + runStartedAt + "\"",
                        id,
                        id,
                        id,
                        id,
                        id,
                        id);
    }

    static String list(int total, String... runs) {
        return "{ \"total_count\": " + total + ", \"workflow_runs\": [" + String.join(",", runs) + "] }";
    }

    /** 200 with the JSON and the rate limit headers every REST answer carries. */
    static ResponseDefinitionBuilder ok(String json, int remaining) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withHeader("x-ratelimit-limit", "5000")
                .withHeader("x-ratelimit-remaining", Integer.toString(remaining))
                .withHeader("x-ratelimit-used", Integer.toString(5000 - remaining))
                .withHeader("x-ratelimit-reset", Long.toString(RESET.getEpochSecond()))
                .withHeader("x-ratelimit-resource", "core")
                .withHeader("X-GitHub-Media-Type", "github.v3; format=json")
                .withBody(json);
    }

    static String link(String page, String rel) {
        return "<" + github.baseUrl() + "/repositories/482913/actions/workflows/161335/runs?per_page=100&page=" + page
                + ">; rel=\"" + rel + "\"";
    }

    @Test
    void runs_are_paged_by_link_newest_first_and_mapped_to_runs() throws Exception {
        github.stubFor(get(urlPathEqualTo(RUNS))
                .withQueryParam("per_page", equalTo("100"))
                .withQueryParam("page", equalTo("1"))
                .willReturn(ok(
                                list(
                                        7,
                                        run(
                                                905,
                                                212,
                                                "in_progress",
                                                null,
                                                "2026-11-27T06:00:09Z",
                                                "2026-11-27T06:00:20Z"),
                                        run(904, 211, "queued", null, null, "2026-11-27T06:00:04Z"),
                                        run(
                                                903,
                                                210,
                                                "completed",
                                                "failure",
                                                "2026-11-26T06:00:11Z",
                                                "2026-11-26T06:03:42Z"),
                                        run(
                                                902,
                                                209,
                                                "completed",
                                                "success",
                                                "2026-11-25T06:00:07Z",
                                                "2026-11-25T06:02:58Z")),
                                4987)
                        .withHeader("Link", link("2", "next") + ", " + link("2", "last"))));
        github.stubFor(get(urlPathEqualTo("/repositories/482913/actions/workflows/161335/runs"))
                .withQueryParam("page", equalTo("2"))
                .willReturn(ok(
                                list(
                                        7,
                                        run(
                                                901,
                                                208,
                                                "completed",
                                                "timed_out",
                                                "2026-11-24T06:00:05Z",
                                                "2026-11-24T07:00:05Z"),
                                        run(900, 207, "completed", "cancelled", null, "2026-11-23T06:00:30Z"),
                                        run(
                                                899,
                                                206,
                                                "completed",
                                                "neutral",
                                                "2026-11-22T06:00:06Z",
                                                "2026-11-22T06:01:00Z")),
                                4986)
                        .withHeader("Link", link("1", "prev") + ", " + link("1", "first"))));

        GitHubActions adapter = adapter();
        Platform.Pull pull = adapter.pull(REF, null);

        assertThat(pull.runs())
                .extracting(PulledRun::externalId, PulledRun::status)
                .as("cancelled before it started is no run")
                .containsExactly(
                        tuple("905", "started"),
                        tuple("904", "started"),
                        tuple("903", "fail"),
                        tuple("902", "success"),
                        tuple("901", "fail"),
                        tuple("899", "success"));
        assertThat(pull.runs().get(2).body())
                .isEqualTo(
                        "GitHub Actions failure: Nightly reports #210 https://github.com/acme/reports/actions/runs/903");
        assertThat(pull.runs().get(4).body()).startsWith("GitHub Actions timed_out: Nightly reports #208 ");
        assertThat(pull.runs().get(3).started()).isEqualTo(Instant.parse("2026-11-25T06:00:07Z"));
        assertThat(pull.runs().get(3).finished()).isEqualTo(Instant.parse("2026-11-25T06:02:58Z"));
        assertThat(pull.runs().get(1).started())
                .as("queued, no run_started_at yet: created_at")
                .isEqualTo(Instant.parse("2026-11-27T06:00:04Z"));
        assertThat(pull.runs().get(0).finished()).as("still running").isNull();
        assertThat(pull.watermark())
                .as("below the oldest run not completed, so it is read again")
                .isEqualTo("903");
        assertThat(adapter.remaining()).hasValue(4986);
        assertThat(adapter.reset()).hasValue(RESET);
        assertThat(adapter.limit()).isEqualTo(5000);

        github.verify(
                2,
                anyRequestedFor(anyUrl())
                        .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                        .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28"))
                        .withHeader("Accept", equalTo("application/vnd.github+json")));
        github.verify(1, getRequestedFor(urlPathEqualTo(RUNS)));
    }

    @Test
    void paging_stops_at_the_watermark() throws Exception {
        github.stubFor(get(urlPathEqualTo(RUNS))
                .willReturn(ok(
                                list(
                                        250,
                                        run(
                                                12,
                                                12,
                                                "completed",
                                                "success",
                                                "2026-11-27T06:00:05Z",
                                                "2026-11-27T06:01:00Z"),
                                        run(
                                                11,
                                                11,
                                                "completed",
                                                "failure",
                                                "2026-11-26T06:00:05Z",
                                                "2026-11-26T06:01:00Z"),
                                        run(
                                                10,
                                                10,
                                                "completed",
                                                "failure",
                                                "2026-11-25T06:00:05Z",
                                                "2026-11-25T06:01:00Z")),
                                4999)
                        .withHeader("Link", link("2", "next") + ", " + link("3", "last"))));

        Platform.Pull pull = adapter().pull(REF, "11");

        assertThat(pull.runs()).extracting(PulledRun::externalId).containsExactly("12");
        assertThat(pull.watermark()).isEqualTo("12");
        github.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void an_empty_history_keeps_the_watermark() throws Exception {
        github.stubFor(get(urlPathEqualTo(RUNS)).willReturn(ok(list(0), 4999)));

        Platform.Pull from = adapter().pull(REF, "41");
        assertThat(from.runs()).isEmpty();
        assertThat(from.watermark()).isEqualTo("41");
        assertThat(adapter().pull(REF, null).watermark()).isNull();
    }

    @Test
    void a_run_in_progress_is_read_again_until_it_completes() throws Exception {
        github.stubFor(get(urlPathEqualTo(RUNS))
                .willReturn(ok(
                        list(
                                2,
                                run(501, 31, "in_progress", null, "2026-11-27T06:00:09Z", "2026-11-27T06:00:20Z"),
                                run(500, 30, "completed", "success", "2026-11-26T06:00:09Z", "2026-11-26T06:02:00Z")),
                        4999)));
        Platform.Pull first = adapter().pull(REF, null);
        assertThat(first.runs()).extracting(PulledRun::status).containsExactly("started", "success");
        assertThat(first.watermark()).isEqualTo("500");

        github.stubFor(get(urlPathEqualTo(RUNS))
                .willReturn(ok(
                        list(
                                3,
                                run(502, 32, "queued", null, null, "2026-11-28T06:00:04Z"),
                                run(501, 31, "completed", "failure", "2026-11-27T06:00:09Z", "2026-11-27T06:04:31Z"),
                                run(500, 30, "completed", "success", "2026-11-26T06:00:09Z", "2026-11-26T06:02:00Z")),
                        4998)));
        Platform.Pull second = adapter().pull(REF, first.watermark());

        assertThat(second.runs())
                .extracting(PulledRun::externalId, PulledRun::status)
                .containsExactly(tuple("502", "started"), tuple("501", "fail"));
        assertThat(second.runs().get(1).finished()).isEqualTo(Instant.parse("2026-11-27T06:04:31Z"));
        assertThat(second.watermark()).as("501 is done, 502 is not").isEqualTo("501");
    }

    @ParameterizedTest(name = "{0} {1} → {3}")
    @CsvSource(
            nullValues = "null",
            value = {
                "queued,          null,            null,                 started",
                "in_progress,     null,            2026-11-27T06:00:09Z, started",
                "waiting,         null,            2026-11-27T06:00:09Z, started",
                "requested,       null,            null,                 started",
                "pending,         null,            null,                 started",
                "completed,       success,         2026-11-27T06:00:09Z, success",
                "completed,       neutral,         2026-11-27T06:00:09Z, success",
                "completed,       failure,         2026-11-27T06:00:09Z, fail",
                "completed,       timed_out,       2026-11-27T06:00:09Z, fail",
                "completed,       startup_failure, 2026-11-27T06:00:04Z, fail",
                "completed,       action_required, 2026-11-27T06:00:04Z, fail",
                "completed,       stale,           2026-11-27T06:00:09Z, fail",
                "completed,       cancelled,       2026-11-27T06:00:09Z, fail",
                "completed,       cancelled,       null,                 none",
                "completed,       skipped,         2026-11-27T06:00:09Z, none",
            })
    void every_status_and_conclusion_is_mapped(String status, String conclusion, String started, String expected)
            throws Exception {
        JsonNode json = Json.MAPPER.readTree(run(777, 40, status, conclusion, started, "2026-11-27T06:05:00Z"));

        PulledRun run = GitHubActions.run(json);

        if (expected.equals("none")) {
            assertThat(run).isNull();
            return;
        }
        assertThat(run.status()).isEqualTo(expected);
        assertThat(run.externalId()).isEqualTo("777");
        assertThat(run.started()).isEqualTo(Instant.parse(started == null ? "2026-11-27T06:00:04Z" : started));
        if (expected.equals("started")) {
            assertThat(run.finished()).isNull();
            assertThat(run.body()).isNull();
        } else {
            assertThat(run.finished()).isEqualTo(Instant.parse("2026-11-27T06:05:00Z"));
        }
        if (expected.equals("fail")) {
            assertThat(run.body())
                    .isEqualTo("GitHub Actions " + conclusion
                            + ": Nightly reports #40 https://github.com/acme/reports/actions/runs/777");
        } else {
            assertThat(run.body()).isNull();
        }
    }

    @Test
    void the_workflow_is_named_by_its_file_name_and_a_wrong_ref_is_refused_unsent() throws Exception {
        github.stubFor(get(urlPathEqualTo("/repos/acme/etl/actions/workflows/load%20warehouse.yaml/runs"))
                .willReturn(ok(list(0), 4999)));
        assertThat(adapter()
                        .pull("acme/etl/.github/workflows/load warehouse.yaml", null)
                        .runs())
                .isEmpty();

        for (String ref : new String[] {"acme/reports", "acme//.github/workflows/x.yml", "acme/reports/", ""}) {
            SourceException e = catchThrowableOfType(() -> adapter().pull(ref, null), SourceException.class);
            assertThat(e.kind()).as(ref).isEqualTo(SourceException.Kind.NOT_FOUND);
            assertThat(e.getMessage()).contains("owner/repo/path-of-the-workflow-file");
        }
        github.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void a_next_page_on_another_host_is_asked_of_the_configured_one_by_number() throws Exception {
        github.stubFor(get(urlPathEqualTo(RUNS))
                .withQueryParam("page", equalTo("1"))
                .willReturn(ok(
                                list(
                                        2,
                                        run(
                                                8,
                                                8,
                                                "completed",
                                                "success",
                                                "2026-11-27T06:00:05Z",
                                                "2026-11-27T06:01:00Z")),
                                4999)
                        .withHeader(
                                "Link",
                                "<https://elsewhere.example/repos/acme/reports/actions/workflows/nightly.yml/runs"
                                        + "?per_page=100&page=2>; rel=\"next\"")));
        github.stubFor(get(urlPathEqualTo(RUNS))
                .withQueryParam("page", equalTo("2"))
                .willReturn(ok(
                        list(2, run(7, 7, "completed", "failure", "2026-11-26T06:00:05Z", "2026-11-26T06:01:00Z")),
                        4998)));

        Platform.Pull pull = adapter().pull(REF, null);

        assertThat(pull.runs()).extracting(PulledRun::externalId).containsExactly("8", "7");
        github.verify(getRequestedFor(urlPathEqualTo(RUNS))
                .withQueryParam("page", equalTo("2"))
                .withQueryParam("per_page", equalTo("100")));
    }

    @Test
    void no_request_is_sent_once_the_hour_s_requests_are_spent() throws Exception {
        github.stubFor(get(urlPathEqualTo(RUNS))
                .willReturn(ok(
                                list(
                                        300,
                                        run(
                                                303,
                                                3,
                                                "completed",
                                                "success",
                                                "2026-11-27T06:00:05Z",
                                                "2026-11-27T06:01:00Z")),
                                0)
                        .withHeader("Link", link("2", "next"))));

        GitHubActions adapter = adapter(RESET.minusSeconds(600));
        SourceException e = catchThrowableOfType(() -> adapter.pull(REF, null), SourceException.class);

        assertThat(e.kind()).isEqualTo(SourceException.Kind.RATE_LIMITED);
        assertThat(e.getMessage()).contains("until 2026-11-27T11:00:00Z").doesNotContain(TOKEN);
        github.verify(1, anyRequestedFor(anyUrl()));

        SourceException next = catchThrowableOfType(
                () -> adapter.pull("acme/reports/.github/workflows/weekly.yml", null), SourceException.class);
        assertThat(next.kind()).as("the next workflow of the same poll").isEqualTo(SourceException.Kind.RATE_LIMITED);
        github.verify(1, anyRequestedFor(anyUrl()));

        github.stubFor(get(urlPathEqualTo(RUNS)).willReturn(ok(list(0), 0)));
        assertThat(adapter(RESET.plusSeconds(1)).pull(REF, null).runs())
                .as("after the reset")
                .isEmpty();
        github.verify(2, anyRequestedFor(anyUrl()));
    }

    @Test
    void the_hourly_limit_says_whether_a_poll_interval_can_be_met() {
        assertThat(GitHubActions.HOURLY_LIMIT).isEqualTo(5000);
        assertThat(GitHubActions.requestsPerHour(Duration.ofMinutes(2), 12)).isEqualTo(360);
        assertThat(GitHubActions.requestsPerHour(Duration.ofSeconds(70), 1)).isEqualTo(52);
        assertThat(GitHubActions.requestsPerHour(Duration.ofSeconds(30), 50)).isEqualTo(6000);
        assertThat(adapter().limit()).as("before any answer").isEqualTo(5000);
    }

    static final String BAD_CREDENTIALS = """
            { "message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401" }""";
    static final String NOT_ACCESSIBLE = """
            { "message": "Resource not accessible by personal access token",
              "documentation_url": "https://docs.github.com/rest/actions/workflow-runs#list-workflow-runs-for-a-workflow",
              "status": "403" }""";
    static final String RATE_LIMIT_EXCEEDED = """
            { "message": "API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID 0400:3A1B:5C2D:6E3F:7A4B.",
              "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api", "status": "403" }""";
    static final String SECONDARY = """
            { "message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
              "documentation_url": "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
              "status": "403" }""";
    static final String NOT_FOUND = """
            { "message": "Not Found",
              "documentation_url": "https://docs.github.com/rest/actions/workflow-runs#list-workflow-runs-for-a-workflow",
              "status": "404" }""";

    SourceException refused(ResponseDefinitionBuilder answer) {
        github.stubFor(get(urlPathMatching("/.*")).willReturn(answer));
        SourceException e = catchThrowableOfType(() -> adapter().pull(REF, null), SourceException.class);
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).doesNotContain(TOKEN).doesNotContain("Bearer");
        return e;
    }

    static ResponseDefinitionBuilder error(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(body);
    }

    @Test
    void vigil_s_own_trouble_is_told_apart_and_never_names_the_token() throws Exception {
        SourceException e = refused(error(401, BAD_CREDENTIALS).withHeader("x-ratelimit-remaining", "59"));
        assertThat(e.kind()).isEqualTo(SourceException.Kind.AUTH);
        assertThat(e.getMessage()).contains("HTTP 401");

        e = refused(error(403, RATE_LIMIT_EXCEEDED)
                .withHeader("x-ratelimit-limit", "5000")
                .withHeader("x-ratelimit-remaining", "0")
                .withHeader("x-ratelimit-used", "5000")
                .withHeader("x-ratelimit-reset", Long.toString(RESET.getEpochSecond())));
        assertThat(e.kind())
                .as("403 with no requests left is the limit, not the token")
                .isEqualTo(SourceException.Kind.RATE_LIMITED);

        e = refused(error(403, SECONDARY).withHeader("retry-after", "60").withHeader("x-ratelimit-remaining", "4321"));
        assertThat(e.kind()).as("a secondary limit").isEqualTo(SourceException.Kind.RATE_LIMITED);
        assertThat(e.getMessage()).contains("retry after 60 s");

        e = refused(error(403, NOT_ACCESSIBLE).withHeader("x-ratelimit-remaining", "4321"));
        assertThat(e.kind()).isEqualTo(SourceException.Kind.AUTH);
        assertThat(e.getMessage()).contains("HTTP 403");

        e = refused(error(404, NOT_FOUND));
        assertThat(e.kind()).isEqualTo(SourceException.Kind.NOT_FOUND);

        e = refused(error(429, "{}").withHeader("retry-after", "30"));
        assertThat(e.kind()).isEqualTo(SourceException.Kind.RATE_LIMITED);

        github.resetRequests();
        e = refused(error(500, "{ \"message\": \"Server Error\" }"));
        assertThat(e.kind()).isEqualTo(SourceException.Kind.UNREACHABLE);
        assertThat(e.getMessage()).contains("HTTP 500");
        github.verify(PlatformHttp.ATTEMPTS, anyRequestedFor(anyUrl()));

        e = refused(ok("{ \"total_count\": 1, \"workflow_runs\": [ { \"id\": ", 4999));
        assertThat(e.kind()).isEqualTo(SourceException.Kind.MALFORMED);

        e = refused(ok("{ \"total_count\": 0 }", 4999));
        assertThat(e.kind()).as("no workflow_runs").isEqualTo(SourceException.Kind.MALFORMED);

        e = refused(ok(list(1, run(9, 9, "completed", "success", "yesterday", "2026-11-27T06:01:00Z")), 4999));
        assertThat(e.kind()).as("a time that is not ISO-8601").isEqualTo(SourceException.Kind.MALFORMED);

        e = refused(ok(
                list(1, run(9, 9, "completed", "success", null, "2026-11-27T06:01:00Z"))
                        .replace("\"id\": 9,", "\"id\": \"nine\","),
                4999));
        assertThat(e.kind()).as("an id that is not a number").isEqualTo(SourceException.Kind.MALFORMED);

        e = refused(ok(list(0), 4999).withFixedDelay(3_000));
        assertThat(e.kind()).as("a timeout").isEqualTo(SourceException.Kind.UNREACHABLE);
        assertThat(e.getMessage()).contains("did not answer");
    }

    @Test
    void the_headers_sent_are_the_ones_the_reference_asks_for() throws Exception {
        github.stubFor(get(urlPathEqualTo(RUNS)).willReturn(ok(list(0), 4999)));

        adapter().pull(REF, null);

        github.verify(getRequestedFor(urlPathEqualTo(RUNS))
                .withQueryParam("per_page", equalTo("100"))
                .withQueryParam("page", equalTo("1"))
                .withQueryParam("status", absent())
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Accept", containing("application/vnd.github+json"))
                .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28")));
    }
}
