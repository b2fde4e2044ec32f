package vigil.watchdog.sources;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Airflow adapter against WireMock answering as Airflow's stable REST API does. Fixtures are
 * written field by field from the API references:
 *
 * <ul>
 *   <li>Airflow 2, "Airflow REST API (Stable)" /api/v1
 *       (https://airflow.apache.org/docs/apache-airflow/2.10.5/stable-rest-api-ref.html, from
 *       airflow/api_connexion/openapi/v1.yaml): "List DAG runs" GET /dags/{dag_id}/dagRuns with
 *       limit, offset, order_by; DAGRunCollection (dag_runs, total_entries); DAGRun (dag_run_id,
 *       dag_id, logical_date, execution_date, start_date, end_date, data_interval_start,
 *       data_interval_end, last_scheduling_decision, run_type, state, external_trigger, conf,
 *       note); DagState (queued, running, success, failed); "Get basic information about a DAG"
 *       GET /dags/{dag_id}; "Get version information" GET /version (VersionInfo: version,
 *       git_version); HTTP Basic authentication. Times are written as Airflow 2 writes them,
 *       {@code +00:00}.
 *   <li>Airflow 3, "Airflow public API" /api/v2
 *       (https://airflow.apache.org/docs/apache-airflow/stable/stable-rest-api-ref.html, from
 *       airflow-core/src/airflow/api_fastapi/core_api/openapi/v2-rest-api-generated.yaml):
 *       "Get Dag Runs" with the same parameters; DAGRunCollectionResponse; DAGRunResponse
 *       (dag_run_id, dag_id, logical_date — nullable —, queued_at, start_date, end_date,
 *       duration, data_interval_start, data_interval_end, run_after, last_scheduling_decision,
 *       run_type, state, triggered_by, triggering_user_name, conf, note, dag_versions,
 *       bundle_version, dag_display_name); DagVersionResponse; GET /version, unauthenticated.
 *       The token: "Generate JWT token with simple auth manager"
 *       (https://airflow.apache.org/docs/apache-airflow/stable/core-concepts/auth-manager/simple/token.html):
 *       POST /auth/token with {"username", "password"}, answered 201 with {"access_token"}.
 *       Times are written as Airflow 3 writes them, {@code Z}; runs without a start_date sort last.
 * </ul>
 */
class AirflowContractTest {
    static final String USER = "vigil";
    static final String PASSWORD = "airflow-pw-do-not-leak";
    /** "vigil:airflow-pw-do-not-leak" in Base64. */
    static final String BASIC = "Basic dmlnaWw6YWlyZmxvdy1wdy1kby1ub3QtbGVhaw==";

    static final String TOKEN = "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.token-do-not-leak.c2lnbmF0dXJl";
    static final String DAG = "etl_daily";
    static final String RUNS_V1 = "/api/v1/dags/etl_daily/dagRuns";
    static final String RUNS_V2 = "/api/v2/dags/etl_daily/dagRuns";

    @RegisterExtension
    static WireMockExtension airflow = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @AfterEach
    void reset() {
        airflow.resetAll();
    }

    Airflow adapter() {
        return adapter(Duration.ofSeconds(2));
    }

    Airflow adapter(Duration timeout) {
        return Airflow.of(
                auth -> new PlatformHttp(
                        "Airflow", airflow.baseUrl(), HttpClient.newHttpClient(), timeout, Duration.ofMillis(10), auth),
                USER,
                () -> PASSWORD);
    }

    /** An Airflow 2 webserver: no /api/v2 (Flask's HTML 404), /api/v1/version answers. */
    static void airflow2() {
        airflow.stubFor(get(urlPathEqualTo("/api/v2/version"))
                .willReturn(aResponse()
                        .withStatus(404)
                        .withHeader("Content-Type", "text/html; charset=utf-8")
                        .withBody("<!DOCTYPE html><title>404 Not Found</title>")));
        airflow.stubFor(
                get(urlPathEqualTo("/api/v1/version"))
                        .willReturn(
                                okJson(
                                        "{ \"version\": \"2.10.5\", \"git_version\": \".release:b93c3db6b1641b0840bd15ac7d05bc58ff2cccbf\" }")));
    }

    /** An Airflow 3 API server: /api/v2/version answers, /auth/token gives {@link #TOKEN}. */
    static void airflow3() {
        airflow.stubFor(get(urlPathEqualTo("/api/v2/version"))
                .willReturn(okJson("{ \"version\": \"3.1.3\", \"git_version\": null }")));
        airflow.stubFor(post(urlPathEqualTo("/auth/token"))
                .withRequestBody(equalToJson("{ \"username\": \"" + USER + "\", \"password\": \"" + PASSWORD + "\" }"))
                .willReturn(token(TOKEN)));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder token(String token) {
        return aResponse()
                .withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{ \"access_token\": \"" + token + "\" }");
    }

    static String q(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    /** A DAGRun as Airflow 2.10 lists it. */
    static String v1Run(String runId, String state, String logical, String start, String end, String note) {
        boolean manual = runId.startsWith("manual");
        return """
                { "dag_run_id": "%s", "dag_id": "etl_daily", "logical_date": %s, "execution_date": %s,
                  "start_date": %s, "end_date": %s, "data_interval_start": %s, "data_interval_end": %s,
                  "last_scheduling_decision": %s, "run_type": "%s", "state": "%s", "external_trigger": %s,
                  "conf": {}, "note": %s }""".formatted(
                        runId,
                        q(logical),
                        q(logical),
                        q(start),
                        q(end),
                        q(logical),
                        q(logical),
                        q(end == null ? start : end),
                        manual ? "manual" : "scheduled",
                        state,
                        manual,
                        q(note));
    }

    /** A DAGRunResponse as Airflow 3.1 lists it. */
    static String v2Run(
            String runId, String state, String logical, String queued, String start, String end, String note) {
        boolean manual = runId.startsWith("manual");
        return """
                { "dag_run_id": "%s", "dag_id": "etl_daily", "logical_date": %s, "queued_at": %s,
                  "start_date": %s, "end_date": %s, "duration": %s, "data_interval_start": %s,
                  "data_interval_end": %s, "run_after": %s, "last_scheduling_decision": %s, "run_type": "%s",
                  "state": "%s", "triggered_by": "%s", "triggering_user_name": %s, "conf": {}, "note": %s,
                  "dag_versions": [ { "id": "0199c2a4-7f3e-7c51-9d2e-5b8f4a1c3e77", "version_number": 3,
                    "dag_id": "etl_daily", "bundle_name": "dags-folder", "bundle_version": null,
                    "created_at": "2026-11-20T08:14:02.118000Z", "dag_display_name": "etl_daily",
                    "bundle_url": null } ],
                  "bundle_version": null, "dag_display_name": "etl_daily" }""".formatted(
                        runId,
                        q(logical),
                        q(queued),
                        q(start),
                        q(end),
                        start != null && end != null
                                ? Double.toString(Duration.between(Instant.parse(start), Instant.parse(end))
                                                .toMillis()
                                        / 1000.0)
                                : "null",
                        q(logical),
                        q(logical),
                        q(queued),
                        q(end == null ? start : end),
                        manual ? "manual" : "scheduled",
                        state,
                        manual ? "rest_api" : "timetable",
                        manual ? "\"alice\"" : "null",
                        q(note));
    }

    static String page(int total, String... runs) {
        return "{ \"dag_runs\": [" + String.join(",", runs) + "], \"total_entries\": " + total + " }";
    }

    /** The runs of {@link #DAG} from {@code offset}, newest start first, as the adapter asks. */
    static com.github.tomakehurst.wiremock.client.MappingBuilder runs(String path, int offset) {
        return get(urlPathEqualTo(path))
                .withQueryParam("order_by", equalTo("-start_date"))
                .withQueryParam("limit", equalTo("100"))
                .withQueryParam("offset", equalTo(Integer.toString(offset)));
    }

    @Test
    void airflow_2_is_read_through_api_v1_with_basic_auth_newest_start_first_in_pages() throws Exception {
        airflow2();
        airflow.stubFor(runs(RUNS_V1, 0)
                .withHeader("Authorization", equalTo(BASIC))
                .willReturn(okJson(page(
                        5,
                        // PostgreSQL sorts a run that has not started (no start_date) first
                        v1Run(
                                "manual__2026-11-28T09:00:00+00:00",
                                "queued",
                                "2026-11-28T09:00:00+00:00",
                                null,
                                null,
                                null),
                        v1Run(
                                "scheduled__2026-11-27T00:00:00+00:00",
                                "running",
                                "2026-11-27T00:00:00+00:00",
                                "2026-11-28T00:00:05.123456+00:00",
                                null,
                                null),
                        v1Run(
                                "scheduled__2026-11-26T00:00:00+00:00",
                                "failed",
                                "2026-11-26T00:00:00+00:00",
                                "2026-11-27T00:00:04.200000+00:00",
                                "2026-11-27T00:12:30.900000+00:00",
                                "Warehouse maintenance window, rerun after 06:00")))));
        airflow.stubFor(runs(RUNS_V1, 3)
                .withHeader("Authorization", equalTo(BASIC))
                .willReturn(okJson(page(
                        5,
                        v1Run(
                                "scheduled__2026-11-25T00:00:00+00:00",
                                "success",
                                "2026-11-25T00:00:00+00:00",
                                "2026-11-26T00:00:03+00:00",
                                "2026-11-26T00:09:41.500000+00:00",
                                null),
                        v1Run(
                                "scheduled__2026-11-24T00:00:00+00:00",
                                "removed",
                                "2026-11-24T00:00:00+00:00",
                                "2026-11-25T00:00:03+00:00",
                                "2026-11-25T00:01:00+00:00",
                                null)))));

        Platform.Pull pull = adapter().pull(DAG, null);

        assertThat(pull.runs())
                .extracting(PulledRun::externalId, PulledRun::status)
                .as("the queued run has no start yet: no run until it starts")
                .containsExactly(
                        tuple("etl_daily/scheduled__2026-11-27T00:00:00+00:00", "started"),
                        tuple("etl_daily/scheduled__2026-11-26T00:00:00+00:00", "fail"),
                        tuple("etl_daily/scheduled__2026-11-25T00:00:00+00:00", "success"),
                        tuple("etl_daily/scheduled__2026-11-24T00:00:00+00:00", "fail"));
        assertThat(pull.runs().get(0).started()).isEqualTo(Instant.parse("2026-11-28T00:00:05.123456Z"));
        assertThat(pull.runs().get(0).finished()).isNull();
        assertThat(pull.runs().get(1).body())
                .isEqualTo("Airflow failed: run scheduled__2026-11-26T00:00:00+00:00\n"
                        + "Warehouse maintenance window, rerun after 06:00");
        assertThat(pull.runs().get(2).started()).isEqualTo(Instant.parse("2026-11-26T00:00:03Z"));
        assertThat(pull.runs().get(2).finished()).isEqualTo(Instant.parse("2026-11-26T00:09:41.5Z"));
        assertThat(pull.runs().get(2).body()).isNull();
        assertThat(pull.runs().get(3).body())
                .as("a state Vigil does not know fails with Airflow's word")
                .isEqualTo("Airflow removed: run scheduled__2026-11-24T00:00:00+00:00");
        assertThat(pull.watermark())
                .as("the start of the run still running, so it is read again")
                .isEqualTo("2026-11-28T00:00:05.123456Z");
        airflow.verify(2, getRequestedFor(urlPathEqualTo(RUNS_V1)).withHeader("Authorization", equalTo(BASIC)));
        airflow.verify(1, getRequestedFor(urlPathEqualTo("/api/v2/version")).withHeader("Authorization", absent()));
        airflow.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/version")).withHeader("Authorization", absent()));
        airflow.verify(0, postRequestedFor(urlPathEqualTo("/auth/token")));
    }

    @Test
    void airflow_3_is_read_through_api_v2_with_a_jwt_asked_for_once() throws Exception {
        airflow3();
        airflow.stubFor(runs(RUNS_V2, 0)
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(okJson(page(
                        3,
                        v2Run(
                                "scheduled__2026-11-28T00:00:00+00:00",
                                "running",
                                "2026-11-28T00:00:00Z",
                                "2026-11-29T00:00:00.812000Z",
                                "2026-11-29T00:00:04.500000Z",
                                null,
                                null),
                        v2Run(
                                "manual__2026-11-27T15:30:00.104000+00:00",
                                "success",
                                null,
                                "2026-11-27T15:30:00.104000Z",
                                "2026-11-27T15:30:01Z",
                                "2026-11-27T15:41:07.250000Z",
                                null)))));
        airflow.stubFor(runs(RUNS_V2, 2)
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(okJson(page(
                        3,
                        // Airflow 3 sorts a run without a start_date last
                        v2Run(
                                "asset_triggered__2026-11-29T00:10:00+00:00",
                                "queued",
                                null,
                                "2026-11-29T00:10:00Z",
                                null,
                                null,
                                null)))));

        Airflow adapter = adapter();
        Platform.Pull pull = adapter.pull(DAG, null);

        assertThat(pull.runs())
                .extracting(PulledRun::externalId, PulledRun::status, PulledRun::started, PulledRun::finished)
                .containsExactly(
                        tuple(
                                "etl_daily/scheduled__2026-11-28T00:00:00+00:00",
                                "started",
                                Instant.parse("2026-11-29T00:00:04.5Z"),
                                null),
                        tuple(
                                "etl_daily/manual__2026-11-27T15:30:00.104000+00:00",
                                "success",
                                Instant.parse("2026-11-27T15:30:01Z"),
                                Instant.parse("2026-11-27T15:41:07.25Z")),
                        tuple(
                                "etl_daily/asset_triggered__2026-11-29T00:10:00+00:00",
                                "started",
                                Instant.parse("2026-11-29T00:10:00Z"),
                                null));
        assertThat(pull.watermark())
                .as("the running run's start; the queued one has not started and starts after it")
                .isEqualTo("2026-11-29T00:00:04.500Z");

        Platform.Pull again = adapter.pull(DAG, pull.watermark());

        assertThat(again.runs())
                .extracting(PulledRun::externalId)
                .as("the run started before the watermark (and its margin) ends the paging")
                .containsExactly("etl_daily/scheduled__2026-11-28T00:00:00+00:00");
        airflow.verify(
                3, getRequestedFor(urlPathEqualTo(RUNS_V2)).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        airflow.verify(1, getRequestedFor(urlPathEqualTo("/api/v2/version")));
        airflow.verify(0, getRequestedFor(urlPathEqualTo("/api/v1/version")));
        airflow.verify(
                1,
                postRequestedFor(urlPathEqualTo("/auth/token"))
                        .withHeader("Content-Type", equalTo("application/json"))
                        .withHeader("Authorization", absent())
                        .withRequestBody(
                                equalToJson("{ \"username\": \"vigil\", \"password\": \"" + PASSWORD + "\" }")));
    }

    @Test
    void a_refused_token_is_asked_for_again_once() throws Exception {
        airflow.stubFor(get(urlPathEqualTo("/api/v2/version"))
                .willReturn(okJson("{ \"version\": \"3.1.3\", \"git_version\": null }")));
        airflow.stubFor(post(urlPathEqualTo("/auth/token"))
                .inScenario("jwt")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("expired")
                .willReturn(token("token-1")));
        airflow.stubFor(post(urlPathEqualTo("/auth/token"))
                .inScenario("jwt")
                .whenScenarioStateIs("expired")
                .willReturn(token("token-2")));
        airflow.stubFor(runs(RUNS_V2, 0)
                .withHeader("Authorization", equalTo("Bearer token-1"))
                .willReturn(okJson(page(0))));
        Airflow adapter = adapter();
        assertThat(adapter.pull(DAG, null).runs()).isEmpty();

        // token-1 expires
        airflow.stubFor(runs(RUNS_V2, 0)
                .withHeader("Authorization", equalTo("Bearer token-1"))
                .willReturn(aResponse().withStatus(401).withBody("{ \"detail\": \"Invalid JWT token\" }")));
        airflow.stubFor(runs(RUNS_V2, 0)
                .withHeader("Authorization", equalTo("Bearer token-2"))
                .willReturn(okJson(page(
                        1,
                        v2Run(
                                "scheduled__2026-11-28T00:00:00+00:00",
                                "success",
                                "2026-11-28T00:00:00Z",
                                "2026-11-29T00:00:00.812000Z",
                                "2026-11-29T00:00:04.500000Z",
                                "2026-11-29T00:05:00Z",
                                null)))));

        assertThat(adapter.pull(DAG, null).runs()).extracting(PulledRun::status).containsExactly("success");
        airflow.verify(2, postRequestedFor(urlPathEqualTo("/auth/token")));
        airflow.verify(
                1, getRequestedFor(urlPathEqualTo(RUNS_V2)).withHeader("Authorization", equalTo("Bearer token-2")));
    }

    /** Stubs the server of {@code version}; returns the path of {@link #DAG}'s runs there. */
    static String server(String version) {
        if (version.equals("v1")) {
            airflow2();
            return RUNS_V1;
        }
        airflow3();
        return RUNS_V2;
    }

    static String run(String version, String runId, String state, String start, String end) {
        return version.equals("v1")
                ? v1Run(
                        runId,
                        state,
                        "2026-11-28T00:00:00+00:00",
                        start.replace("Z", "+00:00"),
                        end == null ? null : end.replace("Z", "+00:00"),
                        null)
                : v2Run(runId, state, "2026-11-28T00:00:00Z", start, start, end, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v2"})
    void a_run_seen_running_is_read_again_until_it_finishes(String version) throws Exception {
        String path = server(version);
        airflow.stubFor(runs(path, 0)
                .willReturn(okJson(page(
                        2,
                        run(version, "manual__a", "running", "2026-11-28T10:00:00Z", null),
                        run(version, "manual__b", "success", "2026-11-28T09:00:00Z", "2026-11-28T09:30:00Z")))));
        Platform.Pull first = adapter().pull(DAG, null);
        assertThat(first.runs()).extracting(PulledRun::status).containsExactly("started", "success");
        assertThat(first.watermark()).isEqualTo("2026-11-28T10:00:00Z");

        airflow.stubFor(runs(path, 0)
                .willReturn(okJson(page(
                        120,
                        run(version, "manual__c", "success", "2026-11-28T10:20:00Z", "2026-11-28T10:25:00Z"),
                        run(version, "manual__a", "success", "2026-11-28T10:00:00Z", "2026-11-28T10:40:00Z"),
                        run(version, "manual__b", "success", "2026-11-28T09:00:00Z", "2026-11-28T09:30:00Z")))));
        Platform.Pull second = adapter().pull(DAG, first.watermark());

        assertThat(second.runs())
                .extracting(PulledRun::externalId, PulledRun::status, PulledRun::finished)
                .containsExactly(
                        tuple("etl_daily/manual__c", "success", Instant.parse("2026-11-28T10:25:00Z")),
                        tuple("etl_daily/manual__a", "success", Instant.parse("2026-11-28T10:40:00Z")));
        assertThat(second.watermark()).isEqualTo("2026-11-28T10:20:00Z");
        airflow.verify(2, getRequestedFor(urlPathEqualTo(path)));
        airflow.verify(0, getRequestedFor(urlPathEqualTo(path)).withQueryParam("offset", equalTo("3")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v2"})
    void runs_within_the_margin_before_the_watermark_are_read_again(String version) throws Exception {
        String path = server(version);
        airflow.stubFor(runs(path, 0)
                .willReturn(okJson(page(
                        3,
                        run(version, "manual__late", "running", "2026-11-28T09:58:00Z", null),
                        run(version, "manual__seen", "success", "2026-11-28T09:56:00Z", "2026-11-28T09:57:00Z"),
                        run(version, "manual__old", "success", "2026-11-28T09:54:59Z", "2026-11-28T09:57:00Z")))));

        Platform.Pull pull = adapter().pull(DAG, "2026-11-28T10:00:00Z");

        assertThat(pull.runs())
                .extracting(PulledRun::externalId)
                .as("a clock a little behind started a run before the watermark")
                .containsExactly("etl_daily/manual__late", "etl_daily/manual__seen");
        assertThat(pull.watermark()).isEqualTo("2026-11-28T09:58:00Z");
    }

    @Test
    void an_empty_history_keeps_the_watermark_and_v1_checks_the_dag_exists() throws Exception {
        airflow2();
        airflow.stubFor(runs(RUNS_V1, 0).willReturn(okJson(page(0))));
        airflow.stubFor(get(urlPathEqualTo("/api/v1/dags/etl_daily")).willReturn(okJson("""
                        { "dag_id": "etl_daily", "dag_display_name": "etl_daily", "is_paused": false,
                          "is_active": true, "last_parsed_time": "2026-11-28T09:59:41.020000+00:00",
                          "fileloc": "/opt/airflow/dags/etl_daily.py", "file_token": "Ii9vcHQvYWlyZmxvdy9kYWdzIg.x",
                          "owners": ["data-eng"], "description": null,
                          "schedule_interval": { "__type": "CronExpression", "value": "0 0 * * *" },
                          "timetable_description": "At 00:00", "tags": [], "max_active_tasks": 16,
                          "max_active_runs": 1, "has_task_concurrency_limits": false, "has_import_errors": false,
                          "next_dagrun": "2026-11-28T00:00:00+00:00" }""")));

        Platform.Pull kept = adapter().pull(DAG, "2026-11-28T10:00:00Z");
        assertThat(kept.runs()).isEmpty();
        assertThat(kept.watermark()).isEqualTo("2026-11-28T10:00:00Z");
        Platform.Pull none = adapter().pull(DAG, null);
        assertThat(none.runs()).isEmpty();
        assertThat(none.watermark()).isNull();
        airflow.verify(2, getRequestedFor(urlPathEqualTo("/api/v1/dags/etl_daily")));

        airflow.stubFor(get(urlPathEqualTo("/api/v1/dags/etl_daily"))
                .willReturn(aResponse()
                        .withStatus(404)
                        .withHeader("Content-Type", "application/problem+json")
                        .withBody("{ \"detail\": \"DAG with dag_id: 'etl_daily' not found\", \"status\": 404,"
                                + " \"title\": \"DAG not found\", \"type\": \"https://airflow.apache.org/docs/"
                                + "apache-airflow/2.10.5/stable-rest-api-ref.html#section/Errors/NotFound\" }")));
        SourceException e = catchThrowableOfType(() -> adapter().pull(DAG, null), SourceException.class);
        assertThat(e.kind()).isEqualTo(SourceException.Kind.NOT_FOUND);
        assertThat(e.getMessage()).contains("does not know DAG etl_daily").doesNotContain(PASSWORD);
    }

    @Test
    void an_empty_history_on_v2_needs_no_other_request() throws Exception {
        airflow3();
        airflow.stubFor(runs(RUNS_V2, 0).willReturn(okJson(page(0))));

        Platform.Pull pull = adapter().pull(DAG, "2026-11-28T10:00:00Z");

        assertThat(pull.runs()).isEmpty();
        assertThat(pull.watermark()).isEqualTo("2026-11-28T10:00:00Z");
        airflow.verify(0, getRequestedFor(urlPathEqualTo("/api/v2/dags/etl_daily")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v2"})
    void vigil_s_own_trouble_is_told_apart_and_never_names_a_secret(String version) throws Exception {
        for (int status : new int[] {401, 403, 404, 429, 500}) {
            airflow.resetAll();
            String path = server(version);
            airflow.stubFor(get(urlPathEqualTo(path))
                    .willReturn(aResponse()
                            .withStatus(status)
                            .withHeader("Content-Type", "application/json")
                            .withBody("{ \"detail\": \"no\" }")));

            SourceException e = catchThrowableOfType(() -> adapter().pull(DAG, null), SourceException.class);

            assertThat(e.kind())
                    .as("HTTP %d", status)
                    .isEqualTo(
                            switch (status) {
                                case 401, 403 -> SourceException.Kind.AUTH;
                                case 404 -> SourceException.Kind.NOT_FOUND;
                                case 429 -> SourceException.Kind.RATE_LIMITED;
                                default -> SourceException.Kind.UNREACHABLE;
                            });
            assertThat(e.getMessage())
                    .contains("HTTP " + status)
                    .doesNotContain(PASSWORD)
                    .doesNotContain(BASIC.substring(6))
                    .doesNotContain(TOKEN);
            if (version.equals("v2")) {
                airflow.verify(
                        1,
                        postRequestedFor(urlPathEqualTo("/auth/token"))); // a token just given is not asked for again
            }
        }
    }

    @Test
    void refused_credentials_at_the_token_exchange_are_vigil_s_key_refused() throws Exception {
        airflow.stubFor(get(urlPathEqualTo("/api/v2/version"))
                .willReturn(okJson("{ \"version\": \"3.1.3\", \"git_version\": null }")));
        airflow.stubFor(post(urlPathEqualTo("/auth/token"))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{ \"detail\": \"Invalid credentials\" }")));

        SourceException e = catchThrowableOfType(() -> adapter().pull(DAG, null), SourceException.class);

        assertThat(e.kind()).isEqualTo(SourceException.Kind.AUTH);
        assertThat(e.getMessage()).contains("HTTP 401").doesNotContain(PASSWORD);
        airflow.verify(0, getRequestedFor(urlPathEqualTo(RUNS_V2)));
    }

    @Test
    void a_server_with_neither_api_is_told() throws Exception {
        airflow.stubFor(
                get(urlPathEqualTo("/api/v2/version")).willReturn(aResponse().withStatus(404)));
        airflow.stubFor(
                get(urlPathEqualTo("/api/v1/version")).willReturn(aResponse().withStatus(404)));

        SourceException e = catchThrowableOfType(() -> adapter().pull(DAG, null), SourceException.class);

        assertThat(e.kind()).isEqualTo(SourceException.Kind.NOT_FOUND);
        assertThat(e.getMessage()).contains("no stable REST API");
    }

    @Test
    void a_timeout_is_unreachable() throws Exception {
        airflow2();
        airflow.stubFor(get(urlPathEqualTo(RUNS_V1)).willReturn(okJson(page(0)).withFixedDelay(1_500)));

        SourceException e =
                catchThrowableOfType(() -> adapter(Duration.ofMillis(300)).pull(DAG, null), SourceException.class);

        assertThat(e.kind()).isEqualTo(SourceException.Kind.UNREACHABLE);
        assertThat(e.getMessage()).contains("did not answer").doesNotContain(PASSWORD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v2"})
    void an_answer_vigil_cannot_read_is_malformed(String version) throws Exception {
        for (String body : List.of(
                "{ \"dag_runs\": [ { \"dag_run_id\": ",
                "{ \"total_entries\": 0 }",
                page(1, "{ \"dag_run_id\": \"manual__x\", \"state\": \"success\", \"start_date\": \"yesterday\" }"),
                page(1, "{ \"dag_id\": \"etl_daily\", \"start_date\": null }"))) {
            airflow.resetAll();
            String path = server(version);
            airflow.stubFor(get(urlPathEqualTo(path)).willReturn(okJson(body)));

            SourceException e = catchThrowableOfType(() -> adapter().pull(DAG, null), SourceException.class);

            assertThat(e.kind()).as(body).isEqualTo(SourceException.Kind.MALFORMED);
            assertThat(e.getMessage()).doesNotContain(PASSWORD).doesNotContain(TOKEN);
        }
    }

    @Test
    void a_token_answer_without_a_token_is_malformed() throws Exception {
        airflow.stubFor(get(urlPathEqualTo("/api/v2/version"))
                .willReturn(okJson("{ \"version\": \"3.1.3\", \"git_version\": null }")));
        airflow.stubFor(post(urlPathEqualTo("/auth/token")).willReturn(okJson("{ \"detail\": \"ok\" }")));

        SourceException e = catchThrowableOfType(() -> adapter().pull(DAG, null), SourceException.class);

        assertThat(e.kind()).isEqualTo(SourceException.Kind.MALFORMED);
        assertThat(e.getMessage()).contains("access_token").doesNotContain(PASSWORD);
    }

    @Test
    void run_ids_repeat_across_dags_so_the_dag_is_part_of_the_id() {
        assertThat(Airflow.externalId("etl_daily", "scheduled__2026-11-28T00:00:00+00:00"))
                .isNotEqualTo(Airflow.externalId("billing_daily", "scheduled__2026-11-28T00:00:00+00:00"));
        String longId = Airflow.externalId("d".repeat(250), "manual__2026-11-28T00:00:00+00:00");
        assertThat(longId).hasSizeLessThanOrEqualTo(Airflow.ID_LIMIT).startsWith("sha256:");
        assertThat(longId)
                .isNotEqualTo(Airflow.externalId("d".repeat(250), "manual__2026-11-28T00:00:01+00:00"))
                .isEqualTo(Airflow.externalId("d".repeat(250), "manual__2026-11-28T00:00:00+00:00"));
    }
}
