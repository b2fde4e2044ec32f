package vigil.watchdog.sources;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vigil.inventory.Definition;

/**
 * Airflow's DAGs read as definitions, against WireMock answering as Airflow's stable REST API does.
 * Fixtures are written field by field from the API references:
 *
 * <ul>
 *   <li>Airflow 2, "Airflow REST API (Stable)" /api/v1
 *       (https://airflow.apache.org/docs/apache-airflow/2.10.5/stable-rest-api-ref.html, from
 *       airflow/api_connexion/openapi/v1.yaml; the same models as the Python client's docs/DAG.md,
 *       DAGDetail.md, DAGCollection.md, ScheduleInterval.md of apache/airflow-client-python 2.10.0):
 *       "List DAGs" GET /dags with limit, offset, order_by, only_active; DAGCollection (dags,
 *       total_entries); DAG (dag_id, dag_display_name, root_dag_id, is_paused, is_active,
 *       is_subdag, last_parsed_time, last_pickled, last_expired, scheduler_lock, pickle_id,
 *       default_view, fileloc, file_token, owners, description, schedule_interval,
 *       timetable_description, tags, max_active_tasks, max_active_runs,
 *       has_task_concurrency_limits, has_import_errors, next_dagrun, next_dagrun_data_interval_start,
 *       next_dagrun_data_interval_end, next_dagrun_create_after, max_consecutive_failed_dag_runs);
 *       ScheduleInterval, typed by {@code __type}: CronExpression (value), TimeDelta (days, seconds,
 *       microseconds), RelativeDelta (years, months, days, leapdays, hours, minutes, seconds,
 *       microseconds, year, month, day, hour, minute, second, microsecond); "Get a simplified
 *       representation of DAG" GET /dags/{dag_id}/details, DAGDetail (DAG's fields and timezone,
 *       catchup, orientation, concurrency, start_date, dag_run_timeout, dataset_expression, doc_md,
 *       params, end_date, is_paused_upon_creation, last_parsed, template_search_path,
 *       render_template_as_native_obj). The timezone is {@code str(tz)}: {@code Europe/Berlin}
 *       under pendulum 3, {@code Timezone('UTC')} under pendulum 2 (Airflow's own
 *       test_dag_endpoint.py, UTC_JSON_REPR). A preset is the CronExpression value as written
 *       ({@code @daily}), a timetable's summary otherwise ({@code Dataset}).
 *   <li>Airflow 3, "Airflow public API" /api/v2
 *       (https://airflow.apache.org/docs/apache-airflow/stable/stable-rest-api-ref.html, from
 *       airflow-core/src/airflow/api_fastapi/core_api/openapi/v2-rest-api-generated.yaml; the
 *       client's docs/DAGResponse.md, DAGDetailsResponse.md, DagTagResponse.md of 3.1.3): "Get
 *       Dags" with limit, offset, order_by, exclude_stale; DAGCollectionResponse (dags,
 *       total_entries); DAGResponse (dag_id, dag_display_name, is_paused, is_stale,
 *       last_parsed_time, last_parse_duration, last_expired, bundle_name, bundle_version,
 *       relative_fileloc, fileloc, description, timetable_summary, timetable_description, tags,
 *       max_active_tasks, max_active_runs, max_consecutive_failed_dag_runs,
 *       has_task_concurrency_limits, has_import_errors, next_dagrun_logical_date,
 *       next_dagrun_data_interval_start, next_dagrun_data_interval_end, next_dagrun_run_after,
 *       owners, file_token); DAGDetailsResponse (those and catchup, dag_run_timeout,
 *       asset_expression, doc_md, start_date, end_date, is_paused_upon_creation, params,
 *       render_template_as_native_obj, template_search_path, timezone, last_parsed, default_args —
 *       from 3.1 —, owner_links, is_favorite, concurrency, latest_dag_version). timetable_summary is
 *       the timetable's {@code summary} (airflow/timetables: CronMixin the cron with presets
 *       expanded, DeltaMixin {@code str(timedelta)}, MultipleCronTriggerTimetable the crons joined
 *       by ", ", OnceTimetable {@code @once}, ContinuousTimetable {@code @continuous},
 *       AssetTriggeredTimetable {@code Asset}, AssetOrTimeSchedule {@code Asset or …}), null for
 *       NullTimetable.
 * </ul>
 */
class AirflowDefinitionsContractTest {
    static final String USER = "vigil";
    static final String PASSWORD = "airflow-pw-do-not-leak";
    /** "vigil:airflow-pw-do-not-leak" in Base64. */
    static final String BASIC = "Basic dmlnaWw6YWlyZmxvdy1wdy1kby1ub3QtbGVhaw==";

    static final String TOKEN = "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.token-do-not-leak.c2lnbmF0dXJl";

    @RegisterExtension
    static WireMockExtension airflow = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @AfterEach
    void reset() {
        airflow.resetAll();
    }

    Airflow adapter() {
        return Airflow.of(
                auth -> new PlatformHttp(
                        "Airflow",
                        airflow.baseUrl(),
                        HttpClient.newHttpClient(),
                        Duration.ofSeconds(10),
                        Duration.ofMillis(10),
                        auth),
                USER,
                () -> PASSWORD);
    }

    static void airflow2() {
        airflow.stubFor(get(urlPathEqualTo("/api/v2/version"))
                .willReturn(aResponse()
                        .withStatus(404)
                        .withHeader("Content-Type", "text/html; charset=utf-8")
                        .withBody("<!DOCTYPE html><title>404 Not Found</title>")));
        airflow.stubFor(get(urlPathEqualTo("/api/v1/version"))
                .willReturn(okJson("{ \"version\": \"2.10.5\","
                        + " \"git_version\": \".release:b93c3db6b1641b0840bd15ac7d05bc58ff2cccbf\" }")));
    }

    static void airflow3(String version) {
        airflow.stubFor(get(urlPathEqualTo("/api/v2/version"))
                .willReturn(okJson("{ \"version\": \"" + version + "\", \"git_version\": null }")));
        airflow.stubFor(post(urlPathEqualTo("/auth/token"))
                .withRequestBody(equalToJson("{ \"username\": \"" + USER + "\", \"password\": \"" + PASSWORD + "\" }"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{ \"access_token\": \"" + TOKEN + "\" }")));
    }

    static String q(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    /** A DAG as Airflow 2.10 lists it; {@code schedule} is the schedule_interval JSON. */
    static String v1Dag(String id, String display, boolean paused, String owners, String schedule, String described) {
        return """
                { "dag_id": "%s", "dag_display_name": "%s", "root_dag_id": null, "is_paused": %s, "is_active": true,
                  "is_subdag": false, "last_parsed_time": "2026-11-28T09:59:41.020000+00:00", "last_pickled": null,
                  "last_expired": null, "scheduler_lock": null, "pickle_id": null, "default_view": "grid",
                  "fileloc": "/opt/airflow/dags/%s.py", "file_token": "Ii9vcHQvYWlyZmxvdy9kYWdzIg.x3Jb",
                  "owners": %s, "description": null, "schedule_interval": %s, "timetable_description": %s,
                  "tags": [ { "name": "finance" } ], "max_active_tasks": 16, "max_active_runs": 1,
                  "has_task_concurrency_limits": false, "has_import_errors": false,
                  "next_dagrun": "2026-11-28T00:00:00+00:00",
                  "next_dagrun_data_interval_start": "2026-11-28T00:00:00+00:00",
                  "next_dagrun_data_interval_end": "2026-11-29T00:00:00+00:00",
                  "next_dagrun_create_after": "2026-11-29T00:00:00+00:00", "max_consecutive_failed_dag_runs": 0 }""".formatted(id, display, paused, id, owners, schedule, q(described));
    }

    /** GET /api/v1/dags/{id}/details of a DAG: its DAGDetail, {@code timezone} as given. */
    static void v1Details(String id, String schedule, String timezone) {
        airflow.stubFor(get(urlPathEqualTo("/api/v1/dags/" + id + "/details"))
                .withHeader("Authorization", equalTo(BASIC))
                .willReturn(okJson(
                        v1Dag(id, id, false, "[\"airflow\"]", schedule, null).replaceFirst("\\s*}$", "")
                                + """
                        , "timezone": "%s", "catchup": false, "orientation": "LR", "concurrency": 16,
                          "start_date": "2026-01-01T00:00:00+00:00", "dag_run_timeout": null, "dataset_expression": null,
                          "doc_md": null, "params": {}, "end_date": null, "is_paused_upon_creation": null,
                          "last_parsed": "2026-11-28T09:59:41.020000+00:00", "template_search_path": null,
                          "render_template_as_native_obj": false }""".formatted(timezone))));
    }

    static String cron(String value) {
        return "{ \"__type\": \"CronExpression\", \"value\": \"" + value + "\" }";
    }

    static MappingBuilder v1List(int offset) {
        return get(urlPathEqualTo("/api/v1/dags"))
                .withQueryParam("only_active", equalTo("true"))
                .withQueryParam("order_by", equalTo("dag_id"))
                .withQueryParam("limit", equalTo("100"))
                .withQueryParam("offset", equalTo(Integer.toString(offset)))
                .withHeader("Authorization", equalTo(BASIC));
    }

    static String dags(int total, String... dags) {
        return "{ \"dags\": [" + String.join(",", dags) + "], \"total_entries\": " + total + " }";
    }

    static Map<String, Definition> byRef(List<Definition> definitions) {
        Map<String, Definition> m = new java.util.LinkedHashMap<>();
        definitions.forEach(d -> m.put(d.ref(), d));
        return m;
    }

    @Test
    void airflow_2_dags_are_read_in_pages_and_a_cron_dag_s_zone_from_its_details() throws Exception {
        airflow2();
        String weekdays = cron("0 6 * * 1-5");
        String daily = cron("@daily");
        airflow.stubFor(v1List(0)
                .willReturn(okJson(dags(
                        7,
                        v1Dag(
                                "etl_daily",
                                "ETL daily",
                                false,
                                "[\"data-eng\", \"Alice@Example.com\", \"bob@example.com\"]",
                                weekdays,
                                "At 06:00, Monday through Friday"),
                        v1Dag("reports_nightly", "reports_nightly", false, "[\"airflow\"]", daily, "At 00:00")
                                .replace("\"has_import_errors\": false", "\"has_import_errors\": true"),
                        v1Dag(
                                "sync_quarter_hour",
                                "sync_quarter_hour",
                                false,
                                "[\"ops@example.com\"]",
                                "{ \"__type\": \"TimeDelta\", \"days\": 0, \"seconds\": 900, \"microseconds\": 0 }",
                                null)))));
        airflow.stubFor(v1List(3)
                .willReturn(okJson(dags(
                        7,
                        v1Dag(
                                "manual_backfill",
                                "manual_backfill",
                                true,
                                "[\"airflow\"]",
                                "null",
                                "Never, external" + " triggers only"),
                        v1Dag(
                                "once_migration",
                                "once_migration",
                                false,
                                "[\"airflow\"]",
                                cron("@once"),
                                "Once, as" + " soon as possible"),
                        v1Dag("gone_dag", "gone_dag", false, "[\"airflow\"]", cron("0 1 * * *"), "At 01:00")
                                .replace("\"is_active\": true", "\"is_active\": false"),
                        v1Dag("monthly_close", "monthly_close", false, "[\"airflow\"]", """
                                { "__type": "RelativeDelta", "years": 0, "months": 1, "days": 0, "leapdays": 0,
                                  "hours": 0, "minutes": 0, "seconds": 0, "microseconds": 0, "year": null,
                                  "month": null, "day": null, "hour": null, "minute": null, "second": null,
                                  "microsecond": null }""", null)))));
        v1Details("etl_daily", weekdays, "Europe/Berlin");
        v1Details("reports_nightly", daily, "Timezone('America/New_York')");

        Map<String, Definition> defs = byRef(adapter().definitions("airflow-prod"));

        assertThat(defs.keySet())
                .as("a DAG whose file is gone is left out")
                .containsExactly(
                        "etl_daily",
                        "reports_nightly",
                        "sync_quarter_hour",
                        "manual_backfill",
                        "once_migration",
                        "monthly_close");
        assertThat(defs.values()).extracting(Definition::source).containsOnly("airflow-prod");
        assertThat(defs.values())
                .extracting(Definition::ref, Definition::schedules, Definition::timezone, Definition::paused)
                .containsExactly(
                        tuple("etl_daily", List.of("0 6 * * 1-5"), "Europe/Berlin", false),
                        tuple("reports_nightly", List.of("0 0 * * *"), "America/New_York", false),
                        tuple("sync_quarter_hour", List.of("every 15m"), null, false),
                        tuple("manual_backfill", List.of(), null, true),
                        tuple("once_migration", List.of(), null, false),
                        tuple("monthly_close", List.of(), null, false));
        Definition etl = defs.get("etl_daily");
        assertThat(etl.name()).isEqualTo("ETL daily");
        assertThat(etl.owner()).as("the first owner written as an address").isEqualTo("alice@example.com");
        assertThat(etl.credentials()).isEmpty();
        assertThat(etl.routes()).as("Airflow 2 exports no task's email").isEmpty();
        assertThat(etl.problems()).isEmpty();
        assertThat(defs.get("sync_quarter_hour").owner()).isEqualTo("ops@example.com");
        assertThat(defs.get("reports_nightly").owner()).isNull();
        assertThat(defs.get("reports_nightly").problems())
                .singleElement()
                .asString()
                .contains("has_import_errors");
        assertThat(defs.get("monthly_close").problems())
                .singleElement()
                .asString()
                .contains("RelativeDelta(")
                .contains("months=1")
                .contains("relativedelta");
        assertThat(defs.get("manual_backfill").problems()).isEmpty();
        assertThat(defs.get("once_migration").problems()).isEmpty();

        airflow.verify(2, getRequestedFor(urlPathEqualTo("/api/v1/dags")));
        airflow.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/dags/etl_daily/details")));
        airflow.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/dags/reports_nightly/details")));
        for (String unasked : List.of("sync_quarter_hour", "manual_backfill", "once_migration", "monthly_close")) {
            airflow.verify(0, getRequestedFor(urlPathEqualTo("/api/v1/dags/" + unasked + "/details")));
        }
    }

    /** A DAG as Airflow 3 lists it; {@code summary} its timetable_summary (null: none). */
    static String v2Dag(String id, String summary, String owners) {
        return """
                { "dag_id": "%s", "dag_display_name": "%s", "is_paused": false, "is_stale": false,
                  "last_parsed_time": "2026-11-28T09:59:41.020000Z", "last_parse_duration": 0.412,
                  "last_expired": null, "bundle_name": "dags-folder", "bundle_version": null,
                  "relative_fileloc": "%s.py", "fileloc": "/opt/airflow/dags/%s.py", "description": null,
                  "timetable_summary": %s, "timetable_description": null,
                  "tags": [ { "name": "finance", "dag_id": "%s", "dag_display_name": "%s" } ],
                  "max_active_tasks": 16, "max_active_runs": 16, "max_consecutive_failed_dag_runs": 0,
                  "has_task_concurrency_limits": false, "has_import_errors": false,
                  "next_dagrun_logical_date": null, "next_dagrun_data_interval_start": null,
                  "next_dagrun_data_interval_end": null, "next_dagrun_run_after": null, "owners": %s,
                  "file_token": ".eJw9yTEOgCAMAMC_MDsZ" }""".formatted(id, id, id, id, q(summary), id, id, owners);
    }

    /** GET /api/v2/dags/{id}/details: DAGDetailsResponse, default_args as given (null before 3.1). */
    static void v2Details(String id, String summary, String timezone, String defaultArgs) {
        airflow.stubFor(get(urlPathEqualTo("/api/v2/dags/" + id + "/details"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(okJson(v2Dag(id, summary, "[\"airflow\"]").replaceFirst("\\s*}$", "")
                        + """
                        , "catchup": false, "dag_run_timeout": null, "asset_expression": null, "doc_md": null,
                          "start_date": "2026-01-01T00:00:00Z", "end_date": null, "is_paused_upon_creation": null,
                          "params": {}, "render_template_as_native_obj": false, "template_search_path": null,
                          "timezone": "%s", "last_parsed": "2026-11-28T09:59:41.020000Z", "default_args": %s,
                          "owner_links": {}, "is_favorite": false, "concurrency": 16,
                          "latest_dag_version": { "id": "0199c2a4-7f3e-7c51-9d2e-5b8f4a1c3e77", "version_number": 3,
                            "dag_id": "%s", "bundle_name": "dags-folder", "bundle_version": null,
                            "created_at": "2026-11-20T08:14:02.118000Z", "dag_display_name": "%s",
                            "bundle_url": null } }""".formatted(timezone, defaultArgs, id, id))));
    }

    static MappingBuilder v2List(int offset) {
        return get(urlPathEqualTo("/api/v2/dags"))
                .withQueryParam("exclude_stale", equalTo("true"))
                .withQueryParam("order_by", equalTo("dag_id"))
                .withQueryParam("limit", equalTo("100"))
                .withQueryParam("offset", equalTo(Integer.toString(offset)))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN));
    }

    @Test
    void airflow_3_timetable_summaries_become_schedules_or_problems() throws Exception {
        airflow3("3.0.6");
        Map<String, String> summaries = new java.util.LinkedHashMap<>();
        summaries.put("a_weekdays", "0 6 * * 1-5");
        summaries.put("b_daily_preset", "0 0 * * *");
        summaries.put("c_every_day", "1 day, 0:00:00");
        summaries.put("d_quarter_hour", "0:15:00");
        summaries.put("e_two_and_half_days", "2 days, 12:00:00");
        summaries.put("f_none", null);
        summaries.put("g_once", "@once");
        summaries.put("h_asset", "Asset");
        summaries.put("i_asset_or_time", "Asset or 0 3 * * *");
        summaries.put("j_two_crons", "0 6 * * 1, 30 18 * * 5");
        summaries.put("k_continuous", "@continuous");
        summaries.put("l_relative", "relativedelta(months=+1)");
        summaries.put("m_custom", "AfterWorkdayTimetable");
        summaries.put("n_last_day", "0 0 L * *");
        summaries.put("o_sub_second", "0:00:00.500000");
        List<String> listed = new java.util.ArrayList<>();
        summaries.forEach((id, s) -> listed.add(v2Dag(id, s, "[\"airflow\"]")));
        listed.add(v2Dag("p_stale", "0 2 * * *", "[\"airflow\"]").replace("\"is_stale\": false", "\"is_stale\": true"));
        airflow.stubFor(v2List(0).willReturn(okJson(dags(listed.size(), listed.toArray(String[]::new)))));
        for (String id : List.of("a_weekdays", "b_daily_preset", "i_asset_or_time", "j_two_crons")) {
            v2Details(id, summaries.get(id), "Europe/Berlin", "null");
        }

        Map<String, Definition> defs = byRef(adapter().definitions("airflow3"));

        assertThat(defs.keySet()).doesNotContain("p_stale").hasSize(15);
        assertThat(defs.values())
                .extracting(Definition::ref, Definition::schedules, Definition::timezone)
                .containsExactly(
                        tuple("a_weekdays", List.of("0 6 * * 1-5"), "Europe/Berlin"),
                        tuple("b_daily_preset", List.of("0 0 * * *"), "Europe/Berlin"),
                        tuple("c_every_day", List.of("every 1d"), null),
                        tuple("d_quarter_hour", List.of("every 15m"), null),
                        tuple("e_two_and_half_days", List.of("every 2d12h"), null),
                        tuple("f_none", List.of(), null),
                        tuple("g_once", List.of(), null),
                        tuple("h_asset", List.of(), null),
                        tuple("i_asset_or_time", List.of("0 3 * * *"), "Europe/Berlin"),
                        tuple("j_two_crons", List.of("0 6 * * 1", "30 18 * * 5"), "Europe/Berlin"),
                        tuple("k_continuous", List.of(), null),
                        tuple("l_relative", List.of(), null),
                        tuple("m_custom", List.of(), null),
                        tuple("n_last_day", List.of(), null),
                        tuple("o_sub_second", List.of(), null));
        for (String clean : List.of(
                "a_weekdays",
                "b_daily_preset",
                "c_every_day",
                "d_quarter_hour",
                "e_two_and_half_days",
                "f_none",
                "g_once",
                "h_asset",
                "i_asset_or_time",
                "j_two_crons")) {
            assertThat(defs.get(clean).problems()).as(clean).isEmpty();
        }
        for (String[] unread : List.of(
                new String[] {"k_continuous", "'@continuous'"},
                new String[] {"l_relative", "'relativedelta(months=+1)'"},
                new String[] {"m_custom", "'AfterWorkdayTimetable'"},
                new String[] {"n_last_day", "'0 0 L * *'"},
                new String[] {"o_sub_second", "'0:00:00.500000'"})) {
            assertThat(defs.get(unread[0]).problems())
                    .as(unread[0])
                    .singleElement()
                    .asString()
                    .contains("timetable_summary " + unread[1]);
        }
        assertThat(defs.get("a_weekdays").routes()).isEmpty();
        for (String id : List.of("a_weekdays", "b_daily_preset", "i_asset_or_time", "j_two_crons")) {
            airflow.verify(1, getRequestedFor(urlPathEqualTo("/api/v2/dags/" + id + "/details")));
        }
        assertThat(airflow.getAllServeEvents())
                .as("Airflow 3.0's details add only the zone: asked for the cron DAGs alone")
                .filteredOn(e -> e.getRequest().getUrl().endsWith("/details"))
                .hasSize(4);
    }

    @Test
    void airflow_3_1_details_of_every_dag_give_its_default_args_mail() throws Exception {
        airflow3("3.1.3");
        airflow.stubFor(v2List(0)
                .willReturn(okJson(dags(
                        4,
                        v2Dag("billing_close", "0 5 1 * *", "[\"finance\", \"carol@example.com\"]"),
                        v2Dag("sync_quarter_hour", "0:15:00", "[\"airflow\"]"),
                        v2Dag("quiet", "1 day, 0:00:00", "[\"airflow\"]"),
                        v2Dag("templated", null, "[\"airflow\"]")))));
        v2Details("billing_close", "0 5 1 * *", "UTC", """
                { "owner": "finance", "email": ["Oncall@Example.com", "bob@example.com"], "email_on_failure": true,
                  "email_on_retry": false, "retries": 2, "retry_delay": "PT5M" }""");
        v2Details(
                "sync_quarter_hour",
                "0:15:00",
                "UTC",
                "{ \"owner\": \"airflow\", \"email\": \"ops@example.com; data@example.com\" }");
        v2Details(
                "quiet",
                "1 day, 0:00:00",
                "UTC",
                "{ \"email\": \"ops@example.com\", \"email_on_failure\": false, \"retries\": 0 }");
        v2Details("templated", null, "UTC", "{ \"email\": \"{{ var.value.oncall }}\" }");

        Map<String, Definition> defs = byRef(adapter().definitions("airflow3"));

        String where = "default_args of the DAG: email, mailed by email_on_failure (a task may set its own)";
        assertThat(defs.get("billing_close").routes())
                .extracting(Definition.PlatformRoute::target, Definition.PlatformRoute::where)
                .containsExactly(tuple("oncall@example.com", where), tuple("bob@example.com", where));
        assertThat(defs.get("billing_close").owner()).isEqualTo("carol@example.com");
        assertThat(defs.get("billing_close").timezone()).isEqualTo("UTC");
        assertThat(defs.get("sync_quarter_hour").routes())
                .extracting(Definition.PlatformRoute::target)
                .as("an interval DAG's details are asked for too, for its mail")
                .containsExactly("ops@example.com", "data@example.com");
        assertThat(defs.get("quiet").routes()).as("email_on_failure false").isEmpty();
        assertThat(defs.get("templated").routes()).isEmpty();
        assertThat(defs.get("templated").problems()).singleElement().asString().contains("'{{ var.value.oncall }}'");
        airflow.verify(1, getRequestedFor(urlPathEqualTo("/api/v2/dags/quiet/details")));
        airflow.verify(1, getRequestedFor(urlPathEqualTo("/api/v2/dags/templated/details")));
    }

    @Test
    void details_gone_meanwhile_are_a_problem_on_that_dag() throws Exception {
        airflow2();
        airflow.stubFor(v1List(0)
                .willReturn(okJson(dags(
                        2,
                        v1Dag("removed", "removed", false, "[\"airflow\"]", cron("0 1 * * *"), "At 01:00"),
                        v1Dag("kept", "kept", false, "[\"airflow\"]", cron("0 2 * * *"), "At 02:00")))));
        airflow.stubFor(get(urlPathEqualTo("/api/v1/dags/removed/details"))
                .willReturn(aResponse()
                        .withStatus(404)
                        .withHeader("Content-Type", "application/problem+json")
                        .withBody("{ \"detail\": \"DAG with dag_id: 'removed' not found\", \"status\": 404,"
                                + " \"title\": \"DAG not found\", \"type\": \"https://airflow.apache.org/docs/"
                                + "apache-airflow/2.10.5/stable-rest-api-ref.html#section/Errors/NotFound\" }")));
        v1Details("kept", cron("0 2 * * *"), "UTC");

        Map<String, Definition> defs = byRef(adapter().definitions("airflow-prod"));

        assertThat(defs.get("removed").schedules()).containsExactly("0 1 * * *");
        assertThat(defs.get("removed").timezone()).isNull();
        assertThat(defs.get("removed").problems()).singleElement().asString().contains("HTTP 404");
        assertThat(defs.get("kept").timezone()).isEqualTo("UTC");
        assertThat(defs.get("kept").problems()).isEmpty();
    }

    @Test
    void refused_credentials_throw_auth_on_either_api() throws Exception {
        airflow2();
        airflow.stubFor(get(urlPathEqualTo("/api/v1/dags"))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/problem+json")
                        .withBody("{ \"detail\": null, \"status\": 401, \"title\": \"Unauthorized\","
                                + " \"type\": \"https://airflow.apache.org/docs/apache-airflow/2.10.5/"
                                + "stable-rest-api-ref.html#section/Errors/Unauthenticated\" }")));
        SourceException v1 = catchThrowableOfType(() -> adapter().definitions("airflow-prod"), SourceException.class);
        assertThat(v1.kind()).isEqualTo(SourceException.Kind.AUTH);
        assertThat(v1.getMessage())
                .contains("HTTP 401")
                .doesNotContain(PASSWORD)
                .doesNotContain(BASIC.substring(6));

        airflow.resetAll();
        airflow3("3.1.3");
        airflow.stubFor(get(urlPathEqualTo("/api/v2/dags"))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{ \"detail\": \"Invalid JWT token\" }")));
        SourceException v2 = catchThrowableOfType(() -> adapter().definitions("airflow3"), SourceException.class);
        assertThat(v2.kind()).isEqualTo(SourceException.Kind.AUTH);
        assertThat(v2.getMessage()).doesNotContain(TOKEN).doesNotContain(PASSWORD);
    }
}
