package vigil.watchdog.sources;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;
import static vigil.watchdog.sources.GitHubActionsContractTest.BAD_CREDENTIALS;
import static vigil.watchdog.sources.GitHubActionsContractTest.NOT_FOUND;
import static vigil.watchdog.sources.GitHubActionsContractTest.TOKEN;
import static vigil.watchdog.sources.GitHubActionsContractTest.error;
import static vigil.watchdog.sources.GitHubActionsContractTest.ok;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vigil.inventory.Definition;
import vigil.inventory.Definition.Handle;
import vigil.inventory.Definition.PlatformRoute;

/**
 * GitHub Actions definitions against WireMock answering as GitHub's REST API (version 2022-11-28)
 * does. Fixtures follow, field by field: "REST API endpoints for workflows", section "List
 * repository workflows" (docs.github.com/rest/actions/workflows — GET
 * /repos/{owner}/{repo}/actions/workflows with per_page and page; total_count, workflows: id,
 * node_id, name, path, state active / deleted / disabled_fork / disabled_inactivity /
 * disabled_manually, created_at, updated_at, url, html_url, badge_url); "REST API endpoints for
 * repository contents", section "Get repository content" (docs.github.com/rest/repos/contents —
 * the application/vnd.github.raw+json media type answers the file itself; 404 "Not Found"); "Using
 * pagination in the REST API" (the Link header). The workflow files follow "Workflow syntax for
 * GitHub Actions" and "Events that trigger workflows", section schedule
 * (docs.github.com/actions/reference/workflows-and-actions/events-that-trigger-workflows#schedule:
 * cron, several schedules, and the entry's timezone as GitHub's workflow parser reads it,
 * github.com/actions/languageservices workflow-v1.0.json "cron-mapping"); the notifying steps
 * follow the inputs their actions document: dawidd6/action-send-mail (to, cc, bcc),
 * slackapi/slack-github-action v1 (channel-id, SLACK_BOT_TOKEN, SLACK_WEBHOOK_URL) and v2
 * (method, token, webhook, webhook-type, payload), rtCamp/action-slack-notify (SLACK_WEBHOOK,
 * SLACK_CHANNEL), 8398a7/action-slack (status, channel, SLACK_WEBHOOK_URL).
 */
class GitHubDefinitionsContractTest {
    static final String REPORTS = "/repos/acme/reports/actions/workflows";
    static final String PAGE_2 = "/repositories/482913/actions/workflows";
    static final String INFRA = "/repos/acme/infra/actions/workflows";
    static final String FILES = "/repos/acme/reports/contents/.github/workflows/";

    @RegisterExtension
    static WireMockExtension github = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    static GitHubActions adapter(List<String> repos) {
        PlatformHttp http = new PlatformHttp(
                "GitHub",
                github.baseUrl(),
                HttpClient.newHttpClient(),
                Duration.ofSeconds(10),
                Duration.ofMillis(10),
                () -> GitHubActions.headers(TOKEN));
        return new GitHubActions(http, Clock.fixed(Instant.parse("2026-11-27T10:30:00Z"), ZoneOffset.UTC), repos);
    }

    /** One workflow as "List repository workflows" gives it. */
    static String workflow(long id, String name, String path, String state) {
        return """
                { "id": %d, "node_id": "W_kwDOBx3mz84AAnq%d", "name": "%s", "path": "%s", "state": "%s",
                  "created_at": "2025-03-02T09:14:27.000Z", "updated_at": "2026-11-20T16:02:11.000Z",
                  "url": "https://api.github.com/repos/acme/reports/actions/workflows/%d",
                  "html_url": "https://github.com/acme/reports/blob/main/%s",
                  "badge_url": "https://github.com/acme/reports/workflows/%s/badge.svg" }""".formatted(id, id, name, path, state, id, path, name.replace(" ", "%20"));
    }

    static String workflows(int total, List<String> workflows) {
        return "{ \"total_count\": " + total + ", \"workflows\": [" + String.join(",", workflows) + "] }";
    }

    /** A file as "Get repository content" answers it in the raw media type. */
    static ResponseDefinitionBuilder raw(String text) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/vnd.github.raw+json; charset=utf-8")
                .withHeader("x-ratelimit-limit", "5000")
                .withHeader("x-ratelimit-remaining", "4900")
                .withHeader("x-ratelimit-reset", "1795777200")
                .withBody(text);
    }

    static final String NIGHTLY = """
            name: Nightly reports
            on:
              schedule:
                # Monday and Wednesday, then Tuesday and Thursday
                - cron: '30 5 * * 1,3'
                - cron:  "30 5  * * 2,4"
              workflow_dispatch:

            env:
              REPORT_BUCKET: acme-reports

            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@v4
                  - name: Build the reports
                    run: ./build.sh   # secrets.md says what it needs
                    env:
                      DB_PASSWORD: ${{ secrets.DB_PASSWORD }}
                      S3_KEY: ${{ secrets['S3_UPLOAD_KEY'] }}
                      GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}
                      LEGACY: ${{ secrets.legacy_ftp }}
                  - name: Mail the team
                    if: failure()
                    uses: dawidd6/action-send-mail@v3
                    with:
                      server_address: smtp.example.com
                      server_port: 465
                      username: ${{ secrets.MAIL_USERNAME }}
                      password: ${{ secrets.MAIL_PASSWORD }}
                      subject: Nightly reports failed
                      to: Reports Team <Reports@Example.com>, ops@example.com
                      cc: ${{ secrets.MAIL_CC }}
                      from: GitHub Actions <actions@example.com>
                      body: ${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}
                  - name: Tell the channel
                    if: ${{ failure() && github.event_name == 'schedule' }}
                    uses: slackapi/slack-github-action@v1.27.0
                    with:
                      channel-id: 'C0123ABCD,#reports-alerts'
                      slack-message: "Nightly reports failed"
                    env:
                      SLACK_BOT_TOKEN: ${{ secrets.SLACK_BOT_TOKEN }}
                  - name: Mail when it did not fail
                    if: ${{ ! failure() }}
                    uses: dawidd6/action-send-mail@v3
                    with:
                      server_address: smtp.example.com
                      subject: Nightly reports done
                      to: done@example.com
                  - name: Mail on success
                    uses: dawidd6/action-send-mail@v3
                    with:
                      server_address: smtp.example.com
                      subject: Nightly reports done
                      to: success@example.com
            """;

    static final String RELEASE_WATCH = """
            name: Release watch
            "on":
              schedule:
                - cron: '0 25 * * *'
                - cron: '@daily'
                - cron: '15 8 * * 1-5'
                  timezone: America/New_York
                - cron: '45 17 * * 1-5'
                  timezone: Europe/London
                - cron: '0 12 * * 6'
                  timezone: Mars/Olympus_Mons
            jobs:
              watch:
                runs-on: ubuntu-latest
                steps:
                  - run: ./watch.sh
              notify:
                needs: watch
                if: ${{ always() }}
                runs-on: ubuntu-latest
                steps:
                  - name: Post with rtCamp
                    uses: rtCamp/action-slack-notify@v2
                    env:
                      SLACK_WEBHOOK: ${{ secrets.SLACK_WEBHOOK }}
                  - uses: 8398a7/action-slack@v3
                    with:
                      status: ${{ job.status }}
                      channel: '#ops'
                    env:
                      SLACK_WEBHOOK_URL: ${{ secrets.SLACK_WEBHOOK_URL }}
                  - name: Post through the bot
                    uses: slackapi/slack-github-action@v2.0.0
                    with:
                      method: chat.postMessage
                      token: ${{ secrets.SLACK_BOT_TOKEN }}
                      payload: |
                        channel: ${{ secrets.RELEASE_CHANNEL }}
                        text: "Release watch: ${{ job.status }}"
                  - name: Post to the webhook
                    uses: slackapi/slack-github-action@v2.0.0
                    with:
                      webhook: ${{ secrets.SLACK_RELEASES_WEBHOOK }}
                      webhook-type: incoming-webhook
                      payload: |
                        {"text": "Release watch: ${{ job.status }}"}
                  - name: Mail whoever asked
                    uses: dawidd6/action-send-mail@v3
                    with:
                      server_address: smtp.example.com
                      to: ${{ github.event.inputs.recipient }}
                      subject: Release watch
              reuse:
                uses: acme/shared/.github/workflows/notify.yml@main
                secrets: inherit
            """;

    static final String CI = """
            name: CI
            on: push
            jobs:
              test:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@v4
                  - run: npm ci && npm test
                    env:
                      NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}
            """;

    static final String LINT = """
            name: Lint
            on: [push, pull_request]
            jobs:
              lint:
                runs-on: ubuntu-latest
                steps:
                  - run: make lint
            """;

    static final String WEEKLY = """
            name: Weekly cleanup
            on:
              schedule:
                - cron: '0 3 * * 0'
                  timezone: Europe/Berlin
            jobs:
              clean:
                runs-on: ubuntu-latest
                steps:
                  - run: ./cleanup.sh
            """;

    /** An unclosed quote: GitHub itself refuses the file. */
    static final String BROKEN = """
            name: Broken
            on:
              schedule:
                - cron: '0 4 * * *
            jobs:
              x:
                runs-on: ubuntu-latest
            """;

    /** Flow style, JSON-like: YAML too. */
    static final String BACKUP = """
            {"name": "Backup", "on": {"schedule": [{"cron": "*/15 * * * *"}]},
             "jobs": {"backup": {"runs-on": "ubuntu-latest",
               "steps": [{"run": "./backup.sh", "env": {"KEY": "${{ secrets.BACKUP_KEY }}"}}]}}}
            """;

    @BeforeEach
    void stubs() {
        List<String> page1 = new ArrayList<>();
        for (int i = 0; i < 97; i++) {
            page1.add(workflow(300_000 + i, "Old job " + i, ".github/workflows/old-" + i + ".yml", "deleted"));
        }
        page1.add(workflow(161335, "Nightly reports", ".github/workflows/nightly.yml", "active"));
        page1.add(workflow(161336, "CI", ".github/workflows/ci.yml", "active"));
        page1.add(workflow(161337, "CodeQL", "dynamic/github-code-scanning/codeql", "active"));
        github.stubFor(get(urlPathEqualTo(REPORTS))
                .withQueryParam("per_page", equalTo("100"))
                .withQueryParam("page", equalTo("1"))
                .willReturn(ok(workflows(105, page1), 4990)
                        .withHeader(
                                "Link",
                                "<" + github.baseUrl() + PAGE_2 + "?per_page=100&page=2>; rel=\"next\", <"
                                        + github.baseUrl() + PAGE_2 + "?per_page=100&page=2>; rel=\"last\"")));
        github.stubFor(get(urlPathEqualTo(PAGE_2))
                .withQueryParam("page", equalTo("2"))
                .willReturn(ok(
                                workflows(
                                        105,
                                        List.of(
                                                workflow(161338, "Lint", ".github/workflows/lint.yml", "active"),
                                                workflow(
                                                        161339,
                                                        "Weekly cleanup",
                                                        ".github/workflows/weekly.yml",
                                                        "disabled_inactivity"),
                                                workflow(161340, "Broken", ".github/workflows/broken.yml", "active"),
                                                workflow(161341, "Gone", ".github/workflows/gone.yml", "active"),
                                                workflow(
                                                        161342,
                                                        "Release watch",
                                                        ".github/workflows/release-watch.yml",
                                                        "disabled_manually"))),
                                4989)
                        .withHeader(
                                "Link",
                                "<" + github.baseUrl() + PAGE_2 + "?per_page=100&page=1>; rel=\"prev\", <"
                                        + github.baseUrl() + PAGE_2 + "?per_page=100&page=1>; rel=\"first\"")));
        Map.of(
                        "nightly.yml", NIGHTLY,
                        "ci.yml", CI,
                        "lint.yml", LINT,
                        "weekly.yml", WEEKLY,
                        "broken.yml", BROKEN,
                        "release-watch.yml", RELEASE_WATCH)
                .forEach((file, text) ->
                        github.stubFor(get(urlPathEqualTo(FILES + file)).willReturn(raw(text))));
        github.stubFor(get(urlPathEqualTo(FILES + "gone.yml")).willReturn(error(404, NOT_FOUND)));
        github.stubFor(get(urlPathEqualTo(INFRA))
                .withQueryParam("page", equalTo("1"))
                .willReturn(ok(
                        workflows(1, List.of(workflow(9001, "Backup", ".github/workflows/backup.yml", "active"))),
                        4988)));
        github.stubFor(get(urlPathEqualTo("/repos/acme/infra/contents/.github/workflows/backup.yml"))
                .willReturn(raw(BACKUP)));
    }

    static Map<String, Definition> byRef(List<Definition> definitions) {
        return definitions.stream()
                .collect(Collectors.toMap(
                        Definition::ref, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
    }

    @Test
    void each_repository_s_workflows_are_listed_page_by_page_and_each_file_is_read_once() throws Exception {
        List<Definition> definitions =
                adapter(List.of("acme/reports", "acme/infra")).definitions("gh");

        assertThat(definitions)
                .extracting(Definition::source, Definition::ref, Definition::name, Definition::paused)
                .as("deleted workflows and GitHub's dynamic ones (no file) are left out")
                .containsExactly(
                        tuple("gh", "acme/reports/.github/workflows/nightly.yml", "Nightly reports", false),
                        tuple("gh", "acme/reports/.github/workflows/ci.yml", "CI", false),
                        tuple("gh", "acme/reports/.github/workflows/lint.yml", "Lint", false),
                        tuple("gh", "acme/reports/.github/workflows/weekly.yml", "Weekly cleanup", true),
                        tuple("gh", "acme/reports/.github/workflows/broken.yml", "Broken", false),
                        tuple("gh", "acme/reports/.github/workflows/gone.yml", "Gone", false),
                        tuple("gh", "acme/reports/.github/workflows/release-watch.yml", "Release watch", true),
                        tuple("gh", "acme/infra/.github/workflows/backup.yml", "Backup", false));
        assertThat(definitions).extracting(Definition::owner).containsOnlyNulls();

        github.verify(1, getRequestedFor(urlPathEqualTo(REPORTS)));
        github.verify(1, getRequestedFor(urlPathEqualTo(PAGE_2)));
        github.verify(1, getRequestedFor(urlPathEqualTo(INFRA)));
        github.verify(
                8,
                getRequestedFor(urlPathMatching("/repos/acme/[a-z]+/contents/.*"))
                        .withHeader("Accept", equalTo(GitHubActions.RAW))
                        .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                        .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28")));
        github.verify(0, getRequestedFor(urlPathMatching(".*/old-.*")));
        github.verify(0, getRequestedFor(urlPathMatching(".*codeql.*")));
        github.verify(11, anyRequestedFor(anyUrl()));
    }

    @Test
    void schedules_are_the_on_schedule_crons_in_utc_or_the_entry_s_zone_whatever_shape_on_has() throws Exception {
        Map<String, Definition> d =
                byRef(adapter(List.of("acme/reports", "acme/infra")).definitions("gh"));

        Definition nightly = d.get("acme/reports/.github/workflows/nightly.yml");
        assertThat(nightly.schedules())
                .as("a bare on: is the key 'on', not YAML 1.1's true")
                .containsExactly("30 5 * * 1,3", "30 5 * * 2,4");
        assertThat(nightly.timezone()).isEqualTo("UTC");
        assertThat(nightly.scheduled()).isTrue();

        assertThat(d.get("acme/reports/.github/workflows/ci.yml").schedules())
                .as("on: push")
                .isEmpty();
        assertThat(d.get("acme/reports/.github/workflows/lint.yml").schedules())
                .as("on: [push, pull_request]")
                .isEmpty();
        assertThat(d.get("acme/reports/.github/workflows/ci.yml").problems()).isEmpty();

        Definition weekly = d.get("acme/reports/.github/workflows/weekly.yml");
        assertThat(weekly.schedules()).containsExactly("0 3 * * 0");
        assertThat(weekly.timezone()).isEqualTo("Europe/Berlin");
        assertThat(weekly.paused()).as("disabled_inactivity").isTrue();
        assertThat(weekly.scheduled()).isFalse();

        Definition backup = d.get("acme/infra/.github/workflows/backup.yml");
        assertThat(backup.schedules()).as("a quoted \"on\" in flow style").containsExactly("*/15 * * * *");
        assertThat(backup.credentials()).containsExactly(new Handle("BACKUP_KEY", null));
    }

    @Test
    void crons_and_zones_vigil_cannot_read_are_problems_quoting_them() throws Exception {
        Definition watch = byRef(adapter(List.of("acme/reports")).definitions("gh"))
                .get("acme/reports/.github/workflows/release-watch.yml");

        assertThat(watch.schedules()).containsExactly("15 8 * * 1-5");
        assertThat(watch.timezone()).isEqualTo("America/New_York");
        assertThat(watch.problems())
                .anySatisfy(p -> assertThat(p)
                        .startsWith("schedule cron '0 25 * * *' is not a cron Vigil can read: hour value 25"))
                .contains(
                        "schedule cron '@daily' is not the 5-field cron GitHub reads",
                        "schedule cron '45 17 * * 1-5' in Europe/London is left out: a definition has one time"
                                + " zone, and the first schedule's is America/New_York",
                        "schedule cron '0 12 * * 6' names time zone 'Mars/Olympus_Mons', not an IANA zone Vigil"
                                + " knows; read in UTC");
    }

    @Test
    void credentials_are_the_secrets_expressions_name_without_github_s_own_token() throws Exception {
        Map<String, Definition> d = byRef(adapter(List.of("acme/reports")).definitions("gh"));

        assertThat(d.get("acme/reports/.github/workflows/nightly.yml").credentials())
                .extracting(Handle::id)
                .as("secrets.md in a run: is no expression; names are upper case as GitHub keeps them")
                .containsExactlyInAnyOrder(
                        "DB_PASSWORD",
                        "S3_UPLOAD_KEY",
                        "LEGACY_FTP",
                        "MAIL_USERNAME",
                        "MAIL_PASSWORD",
                        "MAIL_CC",
                        "SLACK_BOT_TOKEN");
        assertThat(d.get("acme/reports/.github/workflows/ci.yml").credentials())
                .containsExactly(new Handle("NPM_TOKEN", null));
        Definition watch = d.get("acme/reports/.github/workflows/release-watch.yml");
        assertThat(watch.credentials())
                .extracting(Handle::id)
                .containsExactlyInAnyOrder(
                        "SLACK_WEBHOOK",
                        "SLACK_WEBHOOK_URL",
                        "SLACK_BOT_TOKEN",
                        "RELEASE_CHANNEL",
                        "SLACK_RELEASES_WEBHOOK");
        assertThat(watch.problems())
                .contains("job 'reuse' hands all its secrets to a reusable workflow (secrets: inherit); the ones"
                        + " that uses are not read");
    }

    @Test
    void routes_are_the_steps_that_mail_or_post_when_something_failed() throws Exception {
        Map<String, Definition> d = byRef(adapter(List.of("acme/reports")).definitions("gh"));

        Definition nightly = d.get("acme/reports/.github/workflows/nightly.yml");
        String mail = "job 'build', step 'Mail the team' (if: failure())";
        String slack = "job 'build', step 'Tell the channel' (if: ${{ failure() && github.event_name == 'schedule' }})";
        assertThat(nightly.routes())
                .as("not the steps that run only when nothing failed")
                .containsExactly(
                        new PlatformRoute("reports@example.com", mail),
                        new PlatformRoute("ops@example.com", mail),
                        new PlatformRoute("slack:C0123ABCD", slack),
                        new PlatformRoute("slack:#reports-alerts", slack));
        assertThat(nightly.routes().get(0).mail()).isTrue();
        assertThat(nightly.problems()).containsExactly(mail + " sends to a mail address hidden in secret MAIL_CC");

        Definition watch = d.get("acme/reports/.github/workflows/release-watch.yml");
        String job = "job 'notify', step '";
        String cond = "' (if: ${{ always() }})";
        assertThat(watch.routes())
                .as("a job that runs always(): each of its notifying steps")
                .containsExactly(
                        new PlatformRoute(
                                "webhook:hooks.slack.com",
                                job + "Post with rtCamp" + cond + " (webhook URL in secret SLACK_WEBHOOK)"),
                        new PlatformRoute("slack:#ops", job + "8398a7/action-slack@v3" + cond),
                        new PlatformRoute(
                                "webhook:hooks.slack.com",
                                job + "Post to the webhook" + cond
                                        + " (webhook URL in secret SLACK_RELEASES_WEBHOOK)"));
        assertThat(watch.problems())
                .contains(
                        job + "Post through the bot" + cond
                                + " sends to a Slack channel hidden in secret RELEASE_CHANNEL",
                        job + "Mail whoever asked" + cond
                                + " sends to mail address '${{ github.event.inputs.recipient }}', an expression Vigil"
                                + " cannot resolve");
    }

    @Test
    void a_file_that_cannot_be_read_is_a_definition_with_a_problem_and_the_others_are_still_read() throws Exception {
        Map<String, Definition> d = byRef(adapter(List.of("acme/reports")).definitions("gh"));

        Definition broken = d.get("acme/reports/.github/workflows/broken.yml");
        assertThat(broken.schedules()).isEmpty();
        assertThat(broken.problems())
                .singleElement()
                .asString()
                .matches("the workflow file \\.github/workflows/broken\\.yml is not YAML Vigil can read \\(line \\d+,"
                        + " column \\d+\\)");
        Definition gone = d.get("acme/reports/.github/workflows/gone.yml");
        assertThat(gone.problems())
                .containsExactly("GitHub lists the workflow but has no file .github/workflows/gone.yml on the default"
                        + " branch (HTTP 404)");
        assertThat(gone.name()).isEqualTo("Gone");
        assertThat(d.get("acme/reports/.github/workflows/release-watch.yml").schedules())
                .as("read after both")
                .isNotEmpty();
    }

    @Test
    void github_refusing_vigil_s_token_throws_and_names_no_secret() throws Exception {
        github.stubFor(get(urlPathEqualTo(REPORTS)).willReturn(error(401, BAD_CREDENTIALS)));
        SourceException refused =
                catchThrowableOfType(() -> adapter(List.of("acme/reports")).definitions("gh"), SourceException.class);
        assertThat(refused.kind()).isEqualTo(SourceException.Kind.AUTH);
        assertThat(refused.getMessage()).contains("HTTP 401").doesNotContain(TOKEN);

        github.resetAll();
        stubs();
        github.stubFor(get(urlPathEqualTo(FILES + "ci.yml"))
                .willReturn(error(
                        403,
                        GitHubActionsContractTest.NOT_ACCESSIBLE.replace(
                                "actions/workflow-runs#list-workflow-runs-for-a-workflow",
                                "repos/contents#get-repository-content"))));
        SourceException contents =
                catchThrowableOfType(() -> adapter(List.of("acme/reports")).definitions("gh"), SourceException.class);
        assertThat(contents.kind())
                .as("a token without contents: read is Vigil's trouble, not the workflow's")
                .isEqualTo(SourceException.Kind.AUTH);

        github.stubFor(
                get(urlPathEqualTo("/repos/acme/renamed/actions/workflows")).willReturn(error(404, NOT_FOUND)));
        SourceException unknown =
                catchThrowableOfType(() -> adapter(List.of("acme/renamed")).definitions("gh"), SourceException.class);
        assertThat(unknown.kind()).isEqualTo(SourceException.Kind.NOT_FOUND);
        assertThat(unknown.getMessage())
                .isEqualTo("GitHub at " + github.baseUrl() + " has no repository acme/renamed that Vigil's token can"
                        + " see (HTTP 404)");
    }

    @Test
    void no_repositories_configured_reads_nothing() throws Exception {
        assertThat(adapter(List.of()).definitions("gh")).isEmpty();
        github.verify(0, anyRequestedFor(anyUrl()));
    }
}
