package vigil.watchdog.sources;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vigil.inventory.Definition;
import vigil.inventory.Definition.Handle;
import vigil.inventory.Definition.PlatformRoute;

/**
 * The n8n adapter's definitions against WireMock answering as n8n's public API v1 does. The list
 * is written field by field from the API reference (https://docs.n8n.io/api/api-reference/,
 * "Workflow": GET /workflows with limit, cursor, excludePinnedData; the workflowList's data and
 * nextCursor; a workflow's id, name, active, isArchived, nodes, connections, settings with
 * timezone, errorWorkflow, callerPolicy; shared; activeVersion with its nodes and connections; a
 * node's name, type, typeVersion, disabled, onError, parameters, credentials {type: {id, name}}).
 * The nodes' parameters are shaped as n8n's node sources declare them (n8n-nodes-base:
 * nodes/Schedule/ScheduleTrigger.node.ts and GenericFunctions.ts, nodes/Cron/Cron.node.ts with
 * n8n-workflow's NodeHelpers.cronNodeOptions, nodes/Interval/Interval.node.ts,
 * nodes/EmailSend/v2/descriptions.ts, nodes/Google/Gmail/v2/MessageDescription.ts,
 * nodes/Slack/V2/MessageDescription.ts with its resource locator), including what n8n's editor
 * leaves out when it equals the default. RealN8nTest checks the same shapes against a real n8n.
 */
class N8nDefinitionsContractTest {
    static final String KEY = "n8n-api-key-do-not-leak";

    @RegisterExtension
    static WireMockExtension n8n = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    N8n adapter() {
        return new N8n(new PlatformHttp(
                "n8n",
                n8n.baseUrl(),
                HttpClient.newHttpClient(),
                Duration.ofSeconds(10),
                Duration.ofMillis(10),
                () -> N8n.headers(KEY)));
    }

    /** One page of GET /workflows holding {@code workflows}, then {@code next} (null: the last page). */
    static String page(String next, String... workflows) {
        return "{ \"data\": [" + String.join(",", workflows) + "], \"nextCursor\": "
                + (next == null ? "null" : "\"" + next + "\"") + " }";
    }

    void answer(String page) {
        n8n.stubFor(get(urlPathEqualTo("/api/v1/workflows"))
                .withHeader("X-N8N-API-KEY", equalTo(KEY))
                .willReturn(okJson(page)));
    }

    static Definition named(List<Definition> definitions, String ref) {
        return definitions.stream()
                .filter(d -> d.ref().equals(ref))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no definition " + ref + " in " + definitions));
    }

    /** An inactive workflow with one trigger node and no other, as n8n lists it. */
    static String workflow(String id, String name, String trigger, String settings) {
        return """
                { "id": "%s", "name": "%s", "active": false, "isArchived": false,
                  "createdAt": "2026-11-02T09:00:00.000Z", "updatedAt": "2026-11-20T16:12:40.000Z",
                  "nodes": [ %s ], "connections": {}, "settings": %s, "staticData": null, "tags": [],
                  "activeVersion": null }""".formatted(id, name, trigger, settings);
    }

    @Test
    void every_unit_of_a_schedule_trigger_rule_is_read_as_n8n_runs_it() throws Exception {
        answer(page(null, workflow("sT1nterv4ls0001", "Sync CRM", """
                { "id": "6a1c2c1e-0d51-4e0b-9d55-3a1f0c3e0a01", "name": "Schedule Trigger",
                  "type": "n8n-nodes-base.scheduleTrigger", "typeVersion": 1.2, "position": [0, 0],
                  "parameters": { "rule": { "interval": [
                    { "field": "seconds" },
                    { "field": "minutes", "minutesInterval": 15 },
                    { "field": "hours", "hoursInterval": 2, "triggerAtMinute": 30 },
                    { "field": "hours", "hoursInterval": 5 },
                    {},
                    { "triggerAtHour": 6, "triggerAtMinute": 30 },
                    { "field": "days", "daysInterval": 3, "triggerAtHour": 7 },
                    { "field": "weeks", "triggerAtDay": [5, 1], "triggerAtHour": 9 },
                    { "field": "weeks", "weeksInterval": 2, "triggerAtDay": [1], "triggerAtHour": 9 },
                    { "field": "months", "triggerAtDayOfMonth": 15, "triggerAtHour": 2 },
                    { "field": "months", "monthsInterval": 3 },
                    { "field": "months", "monthsInterval": 5 },
                    { "field": "minutes", "minutesInterval": "={{ $vars.every }}" }
                  ] } } }""", """
                { "executionOrder": "v1", "timezone": "Europe/Berlin", "callerPolicy": "workflowsFromSameOwner" }""")));

        Definition sync = named(adapter().definitions("crm-n8n"), "sT1nterv4ls0001");

        assertThat(sync.source()).isEqualTo("crm-n8n");
        assertThat(sync.name()).isEqualTo("Sync CRM");
        assertThat(sync.timezone()).isEqualTo("Europe/Berlin");
        assertThat(sync.paused()).as("not active").isTrue();
        assertThat(sync.owner()).isNull();
        assertThat(sync.schedules())
                .containsExactly(
                        "every 30s", // secondsInterval left out: n8n's default 30
                        "*/15 * * * *",
                        "30 */2 * * *",
                        "0 */5 * * *",
                        "0 0 * * *", // an empty rule: every day (the default field) at midnight
                        "30 6 * * *",
                        "every 3d",
                        "0 9 * * 1,5",
                        "every 2w",
                        "0 2 15 * *",
                        "0 0 1 */3 *",
                        "0 0 1 */5 *");
        assertThat(sync.problems())
                .hasSize(5)
                .anySatisfy(p -> assertThat(p)
                        .startsWith("node 'Schedule Trigger', rule 4: every 5 hours")
                        .contains("stops running it after the first day"))
                .anySatisfy(p -> assertThat(p)
                        .startsWith("node 'Schedule Trigger', rule 7: every 3 days at 07:00")
                        .contains("Vigil reads every 3d"))
                .anySatisfy(p -> assertThat(p)
                        .startsWith("node 'Schedule Trigger', rule 9: every 2 weeks")
                        .contains("'0 9 * * 1'"))
                .anySatisfy(p -> assertThat(p)
                        .startsWith("node 'Schedule Trigger', rule 12: every 5 months")
                        .contains("stops running it within a year"))
                .anySatisfy(p -> assertThat(p)
                        .isEqualTo("node 'Schedule Trigger', rule 13: 'minutesInterval' is an n8n expression"
                                + " (={{ $vars.every }}), known only when it runs"));
        n8n.verify(getRequestedFor(urlPathEqualTo("/api/v1/workflows"))
                .withQueryParam("limit", equalTo("100"))
                .withQueryParam("excludePinnedData", equalTo("true")));
    }

    @Test
    void custom_crons_lose_their_seconds_and_one_vigil_cannot_read_is_a_problem_quoting_it() throws Exception {
        answer(page(
                null,
                workflow(
                        "cR0nExpr3ss1ons1",
                        "Nightly export",
                        """
                { "id": "b7f7d1f6-5b8e-4f55-8d7a-1f4f9c1d0b02", "name": "Weekdays",
                  "type": "n8n-nodes-base.scheduleTrigger", "typeVersion": 1.2, "position": [0, 0],
                  "parameters": { "rule": { "interval": [
                    { "field": "cronExpression", "expression": "0 30 6 * * 1-5" },
                    { "field": "cronExpression", "expression": "15 4 * * *" },
                    { "field": "cronExpression", "expression": "@weekends" },
                    { "field": "cronExpression", "expression": "0 61 * * * *" }
                  ] } } }""",
                        "{ \"executionOrder\": \"v1\", \"timezone\": \"DEFAULT\" }")));

        Definition export = adapter().definitions("crm-n8n").get(0);

        assertThat(export.schedules()).containsExactly("30 6 * * 1-5", "15 4 * * *", "0 0 * * 0,6");
        assertThat(export.timezone()).as("DEFAULT: the server's own").isNull();
        assertThat(export.problems())
                .singleElement()
                .asString()
                .startsWith("node 'Weekdays', rule 4: Vigil cannot read n8n's cron '0 61 * * * *': minute");
    }

    @Test
    void the_old_cron_node_and_the_interval_node_and_no_disabled_node() throws Exception {
        String cron = """
                { "id": "c9e4b5a8-7a0e-4d8e-bb1f-0e6c2a4f3c03", "name": "Cron",
                  "type": "n8n-nodes-base.cron", "typeVersion": 1, "position": [0, 0],
                  "parameters": { "triggerTimes": { "item": [
                    { "mode": "everyMinute" },
                    { "mode": "everyHour", "minute": 5 },
                    {},
                    { "mode": "everyWeek", "hour": 8, "weekday": "5" },
                    { "mode": "everyMonth", "hour": 3 },
                    { "mode": "everyX", "value": 10, "unit": "minutes" },
                    { "mode": "everyX", "value": 6 },
                    { "mode": "custom", "cronExpression": "0 */5 * * * *" }
                  ] } } },
                { "id": "d1a2b3c4-0000-4000-8000-000000000004", "name": "Interval",
                  "type": "n8n-nodes-base.interval", "typeVersion": 1, "position": [0, 200],
                  "parameters": { "interval": 90, "unit": "minutes" } },
                { "id": "d1a2b3c4-0000-4000-8000-000000000005", "name": "Every second",
                  "type": "n8n-nodes-base.interval", "typeVersion": 1, "position": [0, 400],
                  "parameters": {} },
                { "id": "d1a2b3c4-0000-4000-8000-000000000006", "name": "Old schedule",
                  "type": "n8n-nodes-base.scheduleTrigger", "typeVersion": 1.2, "position": [0, 600],
                  "disabled": true,
                  "parameters": { "rule": { "interval": [ { "field": "hours", "hoursInterval": 4 } ] } },
                  "credentials": { "httpBasicAuth": { "id": "Xq1", "name": "never used" } } }""";
        answer(page(null, workflow("0ldN0d3s00000001", "Legacy poller", cron, "{ \"executionOrder\": \"v0\" }")));

        Definition legacy = adapter().definitions("crm-n8n").get(0);

        assertThat(legacy.schedules())
                .containsExactly(
                        "* * * * *",
                        "5 * * * *",
                        "0 14 * * *", // the Cron node's defaults: every day at 14:00
                        "0 8 * * 5",
                        "0 3 1 * *",
                        "*/10 * * * *",
                        "every 6h", // at a minute n8n picks at random
                        "*/5 * * * *",
                        "every 90m",
                        "every 1s");
        assertThat(legacy.credentials()).as("of the disabled node").isEmpty();
        assertThat(legacy.timezone()).isNull();
        assertThat(legacy.problems()).isEmpty();
    }

    /** The error workflow: Error Trigger → Send Email → Slack; a disabled Gmail node; a Slack node not reached. */
    static final String MAIL_ON_ERROR = """
            { "id": "eRr0rW0rkfl0w001", "name": "Mail on error", "active": false, "isArchived": false,
              "nodes": [
                { "id": "e1", "name": "Error Trigger", "type": "n8n-nodes-base.errorTrigger", "typeVersion": 1,
                  "position": [0, 0], "parameters": {} },
                { "id": "e2", "name": "Send Email", "type": "n8n-nodes-base.emailSend", "typeVersion": 2.1,
                  "position": [220, 0], "webhookId": "5d0f5b8e-4d1a-4c57-9b0e-6c3e0f1a2b3c",
                  "parameters": { "fromEmail": "n8n@example.com",
                    "toEmail": "Dana Scully <dana@example.com>; oncall@example.com",
                    "subject": "={{ $json.workflow.name }} failed", "emailFormat": "text",
                    "text": "={{ $json.execution.error.message }}", "options": {} },
                  "credentials": { "smtp": { "id": "sMtP0001", "name": "Company SMTP" } } },
                { "id": "e3", "name": "Post to Slack", "type": "n8n-nodes-base.slack", "typeVersion": 2.3,
                  "position": [440, 0],
                  "parameters": { "select": "channel",
                    "channelId": { "__rl": true, "value": "C08ALERTS1", "mode": "list", "cachedResultName": "ops-alerts" },
                    "text": "={{ $json.workflow.name }} failed", "otherOptions": {} },
                  "credentials": { "slackApi": { "id": "sLaCk001", "name": "Slack bot" } } },
                { "id": "e4", "name": "Old Gmail", "type": "n8n-nodes-base.gmail", "typeVersion": 2.1,
                  "position": [220, 200], "disabled": true,
                  "parameters": { "sendTo": "former@example.com", "subject": "failed", "message": "x", "options": {} } },
                { "id": "e5", "name": "Unconnected Slack", "type": "n8n-nodes-base.slack", "typeVersion": 2.3,
                  "position": [220, 400],
                  "parameters": { "select": "channel",
                    "channelId": { "__rl": true, "value": "#nobody-reads", "mode": "name" }, "text": "x" } }
              ],
              "connections": {
                "Error Trigger": { "main": [ [ { "node": "Send Email", "type": "main", "index": 0 },
                                              { "node": "Old Gmail", "type": "main", "index": 0 } ] ] },
                "Send Email": { "main": [ [ { "node": "Post to Slack", "type": "main", "index": 0 } ] ] }
              },
              "settings": { "executionOrder": "v1", "callerPolicy": "workflowsFromSameOwner" },
              "shared": [ { "role": "workflow:owner", "workflowId": "eRr0rW0rkfl0w001", "projectId": "pR0ject00000001" } ],
              "activeVersion": null }""";

    /**
     * Active, so n8n runs its activeVersion (an hourly schedule), not the later draft in {@code
     * nodes} (every 5 minutes). Fetch accounts sends its errors on through its error output to two
     * Gmail nodes, one addressed by an expression.
     */
    static final String SYNC_ACCOUNTS = """
            { "id": "sYnCacc0unts0001", "name": "Sync accounts", "active": true, "isArchived": false,
              "nodes": [
                { "id": "d1", "name": "Schedule Trigger", "type": "n8n-nodes-base.scheduleTrigger", "typeVersion": 1.2,
                  "position": [0, 0], "parameters": { "rule": { "interval": [ { "field": "minutes" } ] } } }
              ],
              "connections": {},
              "settings": { "executionOrder": "v1", "errorWorkflow": "eRr0rW0rkfl0w001" },
              "shared": [ { "role": "workflow:owner", "workflowId": "sYnCacc0unts0001", "projectId": "pR0ject00000001" } ],
              "activeVersion": {
                "versionId": "9eff7bbe-4442-4720-96ed-34f2973b4444", "workflowId": "sYnCacc0unts0001", "authors": "1",
                "nodes": [
                  { "id": "a1", "name": "Schedule Trigger", "type": "n8n-nodes-base.scheduleTrigger", "typeVersion": 1.2,
                    "position": [0, 0], "parameters": { "rule": { "interval": [ { "field": "hours", "triggerAtMinute": 10 } ] } } },
                  { "id": "a2", "name": "Fetch accounts", "type": "n8n-nodes-base.httpRequest", "typeVersion": 4.2,
                    "position": [220, 0], "onError": "continueErrorOutput",
                    "parameters": { "url": "https://crm.example.com/api/accounts", "authentication": "genericCredentialType",
                      "genericAuthType": "httpHeaderAuth", "options": {} },
                    "credentials": { "httpHeaderAuth": { "id": "hDr4uth0001", "name": "CRM API key" } } },
                  { "id": "a3", "name": "Store", "type": "n8n-nodes-base.postgres", "typeVersion": 2.5,
                    "position": [440, 0], "parameters": { "operation": "upsert" },
                    "credentials": { "postgres": { "id": "pG000001", "name": "Warehouse" } } },
                  { "id": "a4", "name": "Fetch again", "type": "n8n-nodes-base.httpRequest", "typeVersion": 4.2,
                    "position": [660, 0], "parameters": { "url": "https://crm.example.com/api/contacts", "options": {} },
                    "credentials": { "httpHeaderAuth": { "id": "hDr4uth0001", "name": "CRM API key" } } },
                  { "id": "a5", "name": "Tell owner", "type": "n8n-nodes-base.gmail", "typeVersion": 2.1,
                    "position": [440, 200],
                    "parameters": { "sendTo": "crm-owner@example.com", "subject": "CRM sync failed",
                      "message": "={{ $json.error.message }}", "options": { "ccList": "crm-team@example.com" } },
                    "credentials": { "gmailOAuth2": { "id": "gMa1l001", "name": "Ops Gmail" } } },
                  { "id": "a6", "name": "Tell requester", "type": "n8n-nodes-base.gmail", "typeVersion": 2.1,
                    "position": [660, 200],
                    "parameters": { "sendTo": "={{ $('Fetch accounts').item.json.requestedBy }}", "subject": "failed",
                      "message": "x", "options": {} },
                    "credentials": { "gmailOAuth2": { "id": "gMa1l001", "name": "Ops Gmail" } } }
                ],
                "connections": {
                  "Schedule Trigger": { "main": [ [ { "node": "Fetch accounts", "type": "main", "index": 0 } ] ] },
                  "Fetch accounts": { "main": [ [ { "node": "Store", "type": "main", "index": 0 } ],
                                                [ { "node": "Tell owner", "type": "main", "index": 0 } ] ] },
                  "Store": { "main": [ [ { "node": "Fetch again", "type": "main", "index": 0 } ] ] },
                  "Tell owner": { "main": [ [ { "node": "Tell requester", "type": "main", "index": 0 } ] ] }
                }
              } }""";

    @Test
    void errors_go_to_the_error_workflow_s_mail_and_chat_nodes_and_along_error_outputs_read_over_two_pages()
            throws Exception {
        n8n.stubFor(get(urlPathEqualTo("/api/v1/workflows"))
                .withQueryParam("cursor", absent())
                .willReturn(okJson(page("MTAw", SYNC_ACCOUNTS))));
        n8n.stubFor(get(urlPathEqualTo("/api/v1/workflows"))
                .withQueryParam("cursor", equalTo("MTAw"))
                .willReturn(okJson(page(
                        null,
                        MAIL_ON_ERROR,
                        workflow(
                                "l0stErr0rW0rkfl1",
                                "Orphan",
                                "",
                                "{ \"errorWorkflow\": \"g0neW0rkfl0w0001\", \"timezone\": \"Mars/Olympus\" }")))));

        List<Definition> definitions = adapter().definitions("crm-n8n");

        n8n.verify(2, getRequestedFor(urlPathEqualTo("/api/v1/workflows")));
        assertThat(definitions)
                .extracting(Definition::ref)
                .containsExactly("sYnCacc0unts0001", "eRr0rW0rkfl0w001", "l0stErr0rW0rkfl1");
        Definition sync = named(definitions, "sYnCacc0unts0001");
        assertThat(sync.paused()).isFalse();
        assertThat(sync.schedules()).as("the active version's").containsExactly("10 * * * *");
        assertThat(sync.credentials())
                .containsExactly(
                        new Handle("hDr4uth0001", "CRM API key (httpHeaderAuth)"),
                        new Handle("pG000001", "Warehouse (postgres)"),
                        new Handle("gMa1l001", "Ops Gmail (gmailOAuth2)"));
        assertThat(sync.routes())
                .containsExactly(
                        new PlatformRoute(
                                "crm-owner@example.com", "error output of node 'Fetch accounts', node 'Tell owner'"),
                        new PlatformRoute(
                                "crm-team@example.com", "error output of node 'Fetch accounts', node 'Tell owner'"),
                        new PlatformRoute("dana@example.com", "error workflow 'Mail on error', node 'Send Email'"),
                        new PlatformRoute("oncall@example.com", "error workflow 'Mail on error', node 'Send Email'"),
                        new PlatformRoute("slack:#ops-alerts", "error workflow 'Mail on error', node 'Post to Slack'"));
        assertThat(sync.problems())
                .containsExactly("recipient of node 'Tell requester' (error output of node 'Fetch accounts') is an"
                        + " expression (={{ $('Fetch accounts').item.json.requestedBy }}): Vigil cannot tell where it"
                        + " mails");

        Definition handler = named(definitions, "eRr0rW0rkfl0w001");
        assertThat(handler.schedules()).isEmpty();
        assertThat(handler.routes()).as("it names no error workflow of its own").isEmpty();
        assertThat(handler.credentials()).extracting(Handle::id).containsExactly("sMtP0001", "sLaCk001");

        Definition orphan = named(definitions, "l0stErr0rW0rkfl1");
        assertThat(orphan.routes()).isEmpty();
        assertThat(orphan.timezone()).isNull();
        assertThat(orphan.problems())
                .containsExactly(
                        "its error workflow g0neW0rkfl0w0001 is not among the workflows n8n listed (deleted, or beyond"
                                + " what Vigil's API key may read): Vigil cannot tell where its errors go",
                        "its time zone 'Mars/Olympus' is not one Vigil knows: read in the server's own");
    }

    @Test
    void an_error_workflow_n8n_would_refuse_to_run_gives_no_route_but_says_why() throws Exception {
        String refusing = MAIL_ON_ERROR.replace(
                "\"callerPolicy\": \"workflowsFromSameOwner\"",
                "\"callerPolicy\": \"workflowsFromAList\", \"callerIds\": \"14, 18\"");
        String otherProject =
                SYNC_ACCOUNTS.replace("\"projectId\": \"pR0ject00000001\"", "\"projectId\": \"pR0ject00000002\"");
        answer(page(null, SYNC_ACCOUNTS.replace("sYnCacc0unts0001", "18"), refusing));

        List<Definition> listed = adapter().definitions("crm-n8n");

        assertThat(named(listed, "18").routes()).as("18 is listed").hasSize(5);

        answer(page(null, SYNC_ACCOUNTS, refusing));
        Definition unlisted = named(adapter().definitions("crm-n8n"), "sYnCacc0unts0001");
        assertThat(unlisted.routes()).extracting(PlatformRoute::where).allMatch(w -> w.startsWith("error output"));
        assertThat(unlisted.problems())
                .contains("error workflow 'Mail on error' does not let this workflow call it (its callerPolicy"
                        + " 'workflowsFromAList'), so n8n refuses to run it");

        answer(page(null, otherProject, MAIL_ON_ERROR));
        assertThat(named(adapter().definitions("crm-n8n"), "sYnCacc0unts0001").routes())
                .as("owned by another project than the error workflow's")
                .extracting(PlatformRoute::where)
                .allMatch(w -> w.startsWith("error output"));
    }

    @Test
    void slack_channels_by_name_id_or_url_and_archived_workflows() throws Exception {
        String posting = MAIL_ON_ERROR
                .replace(
                        "{ \"__rl\": true, \"value\": \"C08ALERTS1\", \"mode\": \"list\", \"cachedResultName\": \"ops-alerts\" }",
                        "{ \"__rl\": true, \"value\": \"https://app.slack.com/client/T0001/C08ALERTS1\", \"mode\": \"url\" }")
                .replace("\"isArchived\": false", "\"isArchived\": true");
        answer(page(null, SYNC_ACCOUNTS, posting));

        List<Definition> definitions = adapter().definitions("crm-n8n");

        assertThat(definitions)
                .as("an archived workflow is in n8n's bin, yet still runs as an error workflow")
                .extracting(Definition::ref)
                .containsExactly("sYnCacc0unts0001");
        assertThat(definitions.get(0).routes())
                .extracting(PlatformRoute::target)
                .contains("slack:#C08ALERTS1");
    }

    @Test
    void vigil_s_key_refused_throws_and_an_answer_without_data_is_malformed() {
        n8n.stubFor(
                get(urlPathEqualTo("/api/v1/workflows")).willReturn(aResponse().withStatus(401)));
        SourceException refused = catchThrowableOfType(() -> adapter().definitions("crm-n8n"), SourceException.class);
        assertThat(refused.kind()).isEqualTo(SourceException.Kind.AUTH);
        assertThat(refused.getMessage()).doesNotContain(KEY);

        n8n.stubFor(get(urlPathEqualTo("/api/v1/workflows")).willReturn(okJson("{ \"message\": \"not found\" }")));
        assertThat(catchThrowableOfType(() -> adapter().definitions("crm-n8n"), SourceException.class)
                        .kind())
                .isEqualTo(SourceException.Kind.MALFORMED);
    }
}
