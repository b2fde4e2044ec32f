package vigil.inventory.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vigil.inventory.Alias;
import vigil.inventory.Budget;
import vigil.inventory.Credential;
import vigil.inventory.CredentialKind;
import vigil.inventory.Inventory;
import vigil.inventory.Normal;
import vigil.inventory.Person;
import vigil.inventory.Route;
import vigil.inventory.Source;
import vigil.inventory.Workflow;
import vigil.inventory.schedule.CronExpression;
import vigil.inventory.schedule.InvalidCronException;
import vigil.inventory.schedule.Schedule;

/**
 * One fixture per inventory mistake under {@code src/test/resources/inventory/invalid/}, each with
 * the exact lines a user sees for it ({@code FILE:LINE:COLUMN: message}), plus the valid inventory
 * that uses every key. Fixtures are read from the source tree (Maven runs tests in the project
 * root), so the file names in the expected lines are the ones a user would type.
 */
class InventoryValidationTest {
    private static final String INVALID = "src/test/resources/inventory/invalid/";
    private static final String VALID = "src/test/resources/inventory/valid/";
    private static final InventoryContext CONTEXT = new InventoryContext(
            Map.of("reporting-alerts", "reporting@example.com"), Set.of("crm-n8n"), ZoneId.of("UTC"));
    private static final String REFUSED =
            "refused: the inventory holds metadata about credentials, never the credentials themselves";

    private static Arguments mistake(String behaviour, String fixture, String... lines) {
        return Arguments.of(Named.of(behaviour, fixture), List.of(lines));
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                mistake(
                        "a YAML syntax error points at the character the parser stopped on",
                        "yaml-syntax-error.yaml",
                        INVALID
                                + "yaml-syntax-error.yaml:5:25: YAML syntax error: mapping values are not allowed here"),
                mistake(
                        "an unquoted cron expression is a YAML syntax error with a hint to quote it",
                        "unquoted-cron-expression.yaml",
                        INVALID + "unquoted-cron-expression.yaml:6:16: YAML syntax error: unexpected character found"
                                + " /(47) (quote cron expressions: schedule: \"*/5 * * * *\")"),
                mistake(
                        "an unknown key suggests the key that was meant",
                        "unknown-key.yaml",
                        INVALID + "unknown-key.yaml:7:5: workflows[0].shedule: unknown key (did you mean"
                                + " 'schedule'?)"),
                mistake(
                        "a private key under an unknown key is refused as a secret, not just as unknown",
                        "secret-under-unknown-key.yaml",
                        INVALID
                                + "secret-under-unknown-key.yaml:6:14: credentials[0].ssh_key: looks like a private key;"
                                + " refused: the inventory holds metadata about credentials, never the credentials"
                                + " themselves"),
                mistake(
                        "an AWS secret access key is refused at the value, not blamed on its key",
                        "secret-access-key-in-notes.yaml",
                        INVALID + "secret-access-key-in-notes.yaml:3:12: people[0].notes: looks like an AWS secret"
                                + " access key; refused: the inventory holds metadata about credentials, never the"
                                + " credentials themselves"),
                mistake(
                        "a secret in a comment is refused at the comment",
                        "secret-in-comment.yaml",
                        INVALID + "secret-in-comment.yaml:2:37: a comment looks like an AWS access key id; a secret in"
                                + " a committed file is leaked, comment or not: remove it (and rotate it)"),
                mistake(
                        "a token written as a key is refused without repeating it",
                        "token-as-key.yaml",
                        INVALID + "token-as-key.yaml:3:5: people[0]: a key that looks like a GitHub token; refused: the"
                                + " inventory holds metadata about credentials, never the credentials themselves"),
                mistake(
                        "a manager must be a person, not an alias",
                        "manager-is-an-alias.yaml",
                        INVALID + "manager-is-an-alias.yaml:2:43: people[0].manager: a manager must be a person;"
                                + " 'team@example.com' is an alias"),
                mistake(
                        "an unknown top-level section suggests the section that was meant",
                        "unknown-section.yaml",
                        INVALID + "unknown-section.yaml:3:1: workflow: unknown key (did you mean 'workflows'?)"),
                mistake(
                        "a list where a single value belongs is refused",
                        "owner-is-a-list.yaml",
                        INVALID + "owner-is-a-list.yaml:6:12: workflows[0].owner: expected a single value, found a"
                                + " list"),
                mistake(
                        "a mapping where a list belongs is refused",
                        "notify-is-a-mapping.yaml",
                        INVALID + "notify-is-a-mapping.yaml:8:7: workflows[0].notify: expected a list, found a"
                                + " mapping"),
                mistake(
                        "a single address where a list belongs is refused, not silently wrapped",
                        "notify-is-a-single-address.yaml",
                        INVALID + "notify-is-a-single-address.yaml:7:13: workflows[0].notify: expected a list,"
                                + " found 'alicia@example.com'"),
                mistake(
                        "paused: maybe is neither true nor false",
                        "paused-maybe.yaml",
                        INVALID + "paused-maybe.yaml:7:13: workflows[0].paused: expected true or false, found"
                                + " 'maybe'"),
                mistake(
                        "a quoted \"true\" is a string, not a boolean",
                        "paused-quoted-true.yaml",
                        INVALID + "paused-quoted-true.yaml:7:13: workflows[0].paused: expected true or false,"
                                + " found the text \"true\" (remove the quotes)"),
                mistake(
                        "a missing required key is reported at the item that lacks it",
                        "missing-owner.yaml",
                        INVALID + "missing-owner.yaml:4:5: workflows[0]: missing required key 'owner'"),
                mistake(
                        "a workflow id defined in two files names the first definition",
                        "duplicate-across-files",
                        INVALID + "duplicate-across-files/b.yaml:5:9: workflows[1].id: duplicate workflow id"
                                + " 'nightly-crm-export' (first defined at " + INVALID
                                + "duplicate-across-files/a.yaml:5:9)"),
                mistake(
                        "a key written twice in one mapping names the line of the first",
                        "duplicate-key.yaml",
                        INVALID + "duplicate-key.yaml:9:5: workflows[0].grace: duplicate key (first written at"
                                + " line 7)"),
                mistake(
                        "an unknown credential suggests the credential that was meant",
                        "unknown-credential.yaml",
                        INVALID + "unknown-credential.yaml:12:19: workflows[0].credentials[0]: unknown credential"
                                + " 'svc-reportng' (did you mean 'svc-reporting'?)"),
                mistake(
                        "a reference to a credential that is defined but invalid is not reported again as unknown",
                        "invalid-credential-still-referenced.yaml",
                        INVALID + "invalid-credential-still-referenced.yaml:5:11: credentials[0].kind: unknown"
                                + " credential kind 'service-acount' (did you mean 'service-account'?); use one of"
                                + " service-account, api-key, oauth-client, personal-account, ssh-key, certificate,"
                                + " other"),
                mistake(
                        "an unknown owner suggests the person that was meant",
                        "unknown-owner.yaml",
                        INVALID + "unknown-owner.yaml:6:12: workflows[0].owner: unknown person or alias"
                                + " 'alica@example.com' (did you mean 'alicia@example.com'?)"),
                mistake(
                        "an unknown owner that looks like nobody gets no suggestion",
                        "unknown-owner-with-no-lookalike.yaml",
                        INVALID + "unknown-owner-with-no-lookalike.yaml:6:12: workflows[0].owner: unknown person or"
                                + " alias 'carol@example.com'"),
                mistake(
                        "an unknown alias member is reported at the member",
                        "unknown-alias-member.yaml",
                        INVALID + "unknown-alias-member.yaml:7:52: aliases[0].members[2]: unknown person or alias"
                                + " 'carol@example.com'"),
                mistake(
                        "an unknown channel suggests the configured channel that was meant",
                        "unknown-channel.yaml",
                        INVALID + "unknown-channel.yaml:7:34: workflows[0].notify[1]: unknown channel"
                                + " 'reporting-alert' (did you mean 'reporting-alerts'?); configured channels:"
                                + " reporting-alerts"),
                mistake(
                        "an unknown channel written chat:NAME lists the configured channels",
                        "unknown-chat-channel.yaml",
                        INVALID + "unknown-chat-channel.yaml:7:14: workflows[0].notify[0]: unknown channel"
                                + " 'sales-alerts'; configured channels: reporting-alerts"),
                mistake(
                        "a route that is neither an address nor channel:NAME is refused",
                        "unknown-route-kind.yaml",
                        INVALID + "unknown-route-kind.yaml:7:14: workflows[0].notify[0]: unknown route"
                                + " 'slack:reporting-alerts' (write an email address or channel:NAME)"),
                mistake(
                        "an unknown source server suggests the configured server that was meant",
                        "unknown-source-server.yaml",
                        INVALID + "unknown-source-server.yaml:7:34: workflows[0].source.server: unknown source"
                                + " server 'crm-n8m' (did you mean 'crm-n8n'?) (define it under 'sources' in"
                                + " vigil.yaml)"),
                mistake(
                        "a credential ref that is not SERVER:HANDLE says how to write one, at each such ref",
                        "ref-not-server-handle.yaml",
                        INVALID + "ref-not-server-handle.yaml:7:24: credentials[0].refs[1]: invalid ref '12': write"
                                + " SERVER:HANDLE, a source from vigil.yaml and the platform's id or name for the"
                                + " credential (e.g. crm-n8n:12, gh:SALESFORCE_TOKEN)",
                        INVALID + "ref-not-server-handle.yaml:7:30: credentials[0].refs[2]: invalid ref 'crm-n8n:':"
                                + " write SERVER:HANDLE, a source from vigil.yaml and the platform's id or name for"
                                + " the credential (e.g. crm-n8n:12, gh:SALESFORCE_TOKEN)",
                        INVALID + "ref-not-server-handle.yaml:7:42: credentials[0].refs[3]: invalid ref ':12': write"
                                + " SERVER:HANDLE, a source from vigil.yaml and the platform's id or name for the"
                                + " credential (e.g. crm-n8n:12, gh:SALESFORCE_TOKEN)",
                        INVALID
                                + "ref-not-server-handle.yaml:7:49: credentials[0].refs[4]: invalid ref 'crm-n8n:Salesforce"
                                + " prod': write SERVER:HANDLE, a source from vigil.yaml and the platform's id or name"
                                + " for the credential (e.g. crm-n8n:12, gh:SALESFORCE_TOKEN)"),
                mistake(
                        "a credential ref on an unknown source server suggests the configured server that was meant",
                        "ref-unknown-source-server.yaml",
                        INVALID + "ref-unknown-source-server.yaml:8:9: credentials[0].refs[0]: unknown source server"
                                + " 'crm-n8m' in ref 'crm-n8m:12' (did you mean 'crm-n8n'?) (define it under"
                                + " 'sources' in vigil.yaml)"),
                mistake(
                        "one platform handle named by two credentials names the credential that has it first",
                        "ref-on-two-credentials.yaml",
                        INVALID + "ref-on-two-credentials.yaml:11:23: credentials[1].refs[1]: ref 'crm-n8n:12' already"
                                + " names credential 'svc-reporting' (at " + INVALID
                                + "ref-on-two-credentials.yaml:7:12); a platform's credential maps to one inventory"
                                + " credential"),
                mistake(
                        "one directory group named by two aliases names the alias that has it first",
                        "group-on-two-aliases.yaml",
                        INVALID + "group-on-two-aliases.yaml:7:12: aliases[1].group: directory group 'platform"
                                + " engineering' is already mapped to another alias (at " + INVALID
                                + "group-on-two-aliases.yaml:5:12); one group, one alias"),
                mistake(
                        "a cron minute out of range names the field and its range",
                        "cron-minute-out-of-range.yaml",
                        INVALID + "cron-minute-out-of-range.yaml:6:15: workflows[0].schedule: invalid cron"
                                + " expression '60 6 * * *': minute value 60 is out of range 0-59"),
                mistake(
                        "a cron expression with a seconds field has the wrong number of fields",
                        "cron-wrong-field-count.yaml",
                        INVALID + "cron-wrong-field-count.yaml:6:15: workflows[0].schedule: invalid cron"
                                + " expression '0 0 6 * * ?': expected 5 fields (minute hour day-of-month month"
                                + " day-of-week), found 6"),
                mistake(
                        "an unknown cron macro lists the macros there are",
                        "cron-unknown-macro.yaml",
                        INVALID + "cron-unknown-macro.yaml:6:15: workflows[0].schedule: invalid cron expression"
                                + " '@nightly': unknown macro '@nightly' (use one of @hourly, @daily, @midnight,"
                                + " @weekly, @monthly, @yearly, @annually)"),
                mistake(
                        "an unknown time zone suggests the zone that was meant",
                        "unknown-time-zone.yaml",
                        INVALID + "unknown-time-zone.yaml:7:15: workflows[0].timezone: unknown time zone"
                                + " 'Europe/Berln' (did you mean 'Europe/Berlin'?) (use an IANA name like"
                                + " Europe/Berlin)"),
                mistake(
                        "a time zone abbreviation is not an IANA zone",
                        "time-zone-abbreviation.yaml",
                        INVALID + "time-zone-abbreviation.yaml:7:15: workflows[0].timezone: unknown time zone 'EST'"
                                + " (use an IANA name like Europe/Berlin)"),
                mistake(
                        "a duration in words lists the forms a duration takes",
                        "bad-duration.yaml",
                        INVALID + "bad-duration.yaml:7:12: workflows[0].grace: invalid duration '2 hours' (use 30s,"
                                + " 5m, 1h, 1d, 1w or ISO-8601 like PT1H)"),
                mistake(
                        "an interval of zero is refused",
                        "zero-interval.yaml",
                        INVALID + "zero-interval.yaml:6:12: workflows[0].every: interval must be longer than zero"),
                mistake(
                        "a negative grace is refused (it would alert before anything was due)",
                        "grace-negative.yaml",
                        INVALID + "grace-negative.yaml:7:12: workflows[0].grace: 'PT-1H' is out of bounds: write a"
                                + " duration from 0s to 365d"),
                mistake(
                        "a grace of centuries is refused (every deadline computed from it would overflow)",
                        "grace-centuries.yaml",
                        INVALID + "grace-centuries.yaml:7:12: workflows[0].grace: '99999999999999d' is out of bounds:"
                                + " write a duration from 0s to 365d"),
                mistake(
                        "an interval that parses but no date can be added to is refused",
                        "every-longest-seconds.yaml",
                        INVALID + "every-longest-seconds.yaml:6:12: workflows[0].every: interval must be at most 366d"
                                + " (write a cron schedule for rarer runs)"),
                mistake(
                        "an interval of millennia is refused",
                        "every-millennia.yaml",
                        INVALID + "every-millennia.yaml:6:12: workflows[0].every: interval must be at most 366d"
                                + " (write a cron schedule for rarer runs)"),
                mistake(
                        "an email address without @ is refused",
                        "bad-email.yaml",
                        INVALID + "bad-email.yaml:3:12: people[1].email: invalid email address 'bob.example.com'"),
                mistake(
                        "an unknown credential kind suggests the kind that was meant and lists them all",
                        "unknown-credential-kind.yaml",
                        INVALID + "unknown-credential-kind.yaml:5:11: credentials[0].kind: unknown credential kind"
                                + " 'service-acount' (did you mean 'service-account'?); use one of service-account,"
                                + " api-key, oauth-client, personal-account, ssh-key, certificate, other"),
                mistake(
                        "two aliases that contain each other are a cycle",
                        "alias-cycle-of-two.yaml",
                        INVALID + "alias-cycle-of-two.yaml:8:32: aliases[1].members[1]: alias membership cycle:"
                                + " reporting@example.com -> data@example.com -> reporting@example.com"),
                mistake(
                        "three aliases that contain each other in turn are one cycle, reported once",
                        "alias-cycle-of-three.yaml",
                        INVALID + "alias-cycle-of-three.yaml:11:34: aliases[2].members[1]: alias membership cycle:"
                                + " reporting@example.com -> data@example.com -> oncall@example.com ->"
                                + " reporting@example.com"),
                mistake(
                        "a workflow id with capitals and spaces is refused with the pattern ids follow",
                        "invalid-workflow-id.yaml",
                        INVALID + "invalid-workflow-id.yaml:4:9: workflows[0].id: invalid id 'Nightly CRM export'"
                                + " (must match [a-z0-9][a-z0-9_-]*)"),
                mistake(
                        "a ping UUID one digit short is refused",
                        "bad-ping-uuid.yaml",
                        INVALID + "bad-ping-uuid.yaml:7:11: workflows[0].ping: invalid ping UUID"
                                + " '0f8fad5b-d9cb-469f-a165-70867728950' (expected 8-4-4-4-12 hex digits)"),
                mistake(
                        "a ping UUID used twice names where it was first used",
                        "duplicate-ping-uuid.yaml",
                        INVALID + "duplicate-ping-uuid.yaml:11:11: workflows[1].ping: ping UUID already used at "
                                + INVALID + "duplicate-ping-uuid.yaml:7:11"),
                mistake(
                        "an expiry date written day-first asks for YYYY-MM-DD",
                        "bad-expires-date.yaml",
                        INVALID + "bad-expires-date.yaml:7:14: credentials[0].expires: invalid date '31.03.2027'"
                                + " (write it as YYYY-MM-DD)"),
                mistake(
                        "an expiry date that does not exist is refused",
                        "impossible-expires-date.yaml",
                        INVALID + "impossible-expires-date.yaml:7:14: credentials[0].expires: invalid date"
                                + " '2027-02-30' (there is no such day)"),
                mistake(
                        "a workflow with both schedule and every is refused at every",
                        "schedule-and-every.yaml",
                        INVALID + "schedule-and-every.yaml:7:12: workflows[0].every: give either 'schedule' or"
                                + " 'every', not both"),
                mistake(
                        "a workflow with no schedule says how to write one",
                        "no-schedule.yaml",
                        INVALID + "no-schedule.yaml:4:5: workflows[0]: missing schedule (write schedule: \"CRON"
                                + " EXPRESSION\" or every: DURATION)"),
                mistake(
                        "a pasted private key is refused",
                        "secret-private-key.yaml",
                        INVALID + "secret-private-key.yaml:7:13: credentials[0].system: looks like a private key; "
                                + REFUSED),
                mistake(
                        "an AWS access key id used as a credential id is refused",
                        "secret-aws-access-key.yaml",
                        INVALID + "secret-aws-access-key.yaml:4:9: credentials[0].id: looks like an AWS access key"
                                + " id; " + REFUSED),
                mistake(
                        "a GitHub token is refused",
                        "secret-github-token.yaml",
                        INVALID + "secret-github-token.yaml:6:13: credentials[0].system: looks like a GitHub token; "
                                + REFUSED),
                mistake(
                        "a Slack token used as a route is refused",
                        "secret-slack-token.yaml",
                        INVALID + "secret-slack-token.yaml:7:34: workflows[0].notify[1]: looks like a Slack token; "
                                + REFUSED),
                mistake(
                        "a Slack webhook URL used as a route is refused",
                        "secret-slack-webhook.yaml",
                        INVALID + "secret-slack-webhook.yaml:9:9: workflows[0].notify[1]: looks like a Slack"
                                + " webhook URL; " + REFUSED),
                mistake(
                        "a password key on a credential is refused",
                        "secret-password-key.yaml",
                        INVALID + "secret-password-key.yaml:8:5: credentials[0].password: looks like a secret (key"
                                + " 'password'); " + REFUSED),
                mistake("an empty file is a valid, empty inventory", "empty.yaml"),
                mistake(
                        "a baseline's figures are plain non-negative numbers, a factor above 1, fractions ascending",
                        "baseline-mistakes.yaml",
                        INVALID + "baseline-mistakes.yaml:7:29: workflows[0].normal.runs_per_day: expected a"
                                + " non-negative number written plainly (24, 12.50), found '-2'",
                        INVALID + "baseline-mistakes.yaml:7:43: workflows[0].normal.duration: invalid duration"
                                + " 'slow' (use 30s, 5m, 1h, 1d, 1w or ISO-8601 like PT1H)",
                        INVALID + "baseline-mistakes.yaml:7:56: workflows[0].normal.count: expected a non-negative"
                                + " number written plainly (24, 12.50), found 'lots'",
                        INVALID + "baseline-mistakes.yaml:7:70: workflows[0].normal.factor: a factor is above 1 and"
                                + " at most 1000 (3 alerts at three times normal)",
                        INVALID + "baseline-mistakes.yaml:8:42: workflows[0].budget.alert_at[1]: list the fractions"
                                + " in ascending order, each once",
                        INVALID + "baseline-mistakes.yaml:12:13: workflows[1].normal: write at least one figure:"
                                + " runs_per_day, duration, count or cost ('vigil baseline' proposes them from the"
                                + " stored runs)",
                        INVALID + "baseline-mistakes.yaml:13:13: workflows[1].budget: missing required key 'daily'",
                        INVALID + "baseline-mistakes.yaml:17:43: workflows[2].normal.runs_per_day.tues: unknown key"
                                + " (did you mean 'tue'?)",
                        INVALID + "baseline-mistakes.yaml:17:71: workflows[2].normal.runs_per_day.saturday: this"
                                + " weekday is given twice"),
                mistake(
                        "several mistakes in one file are all reported, in line order",
                        "several-mistakes.yaml",
                        INVALID + "several-mistakes.yaml:3:12: people[1].email: invalid email address"
                                + " 'bob.example.com'",
                        INVALID + "several-mistakes.yaml:8:14: credentials[0].expires: invalid date '2027-3-31'"
                                + " (write it as YYYY-MM-DD)",
                        INVALID + "several-mistakes.yaml:12:15: workflows[0].schedule: invalid cron expression '0"
                                + " 25 * * *': hour value 25 is out of range 0-23",
                        INVALID + "several-mistakes.yaml:13:15: workflows[0].timezone: unknown time zone"
                                + " 'Europe/Berln' (did you mean 'Europe/Berlin'?) (use an IANA name like"
                                + " Europe/Berlin)",
                        INVALID + "several-mistakes.yaml:14:19: workflows[0].credentials[0]: unknown credential"
                                + " 'svc-reportng' (did you mean 'svc-reporting'?)",
                        INVALID + "several-mistakes.yaml:15:14: workflows[0].notify[0]: unknown channel"
                                + " 'reporting-alert' (did you mean 'reporting-alerts'?); configured channels:"
                                + " reporting-alerts",
                        INVALID + "several-mistakes.yaml:17:12: workflows[1].owner: unknown person or alias"
                                + " 'carol@example.com'",
                        INVALID + "several-mistakes.yaml:18:12: workflows[1].every: invalid duration '1 week' (use"
                                + " 30s, 5m, 1h, 1d, 1w or ISO-8601 like PT1H)",
                        INVALID + "several-mistakes.yaml:19:13: workflows[1].paused: expected true or false, found"
                                + " 'maybe'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void reports_every_problem_with_file_line_column_and_message(String fixture, List<String> expected) {
        assertThat(problems(Path.of(INVALID + fixture))).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> secrets() {
        return Stream.of(
                Arguments.of("secret-private-key.yaml", "AAAAFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE"),
                Arguments.of("secret-aws-access-key.yaml", "AKIAEXAMPLEEXAMPLE12"),
                Arguments.of("secret-github-token.yaml", "ghp_xxxxxxxxxxxxxxxxxx000000000000000000"),
                Arguments.of("secret-slack-token.yaml", "xoxb-0000000000-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxx"),
                Arguments.of("secret-slack-webhook.yaml", "T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"),
                Arguments.of("secret-password-key.yaml", "correct-horse-battery-staple"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secrets")
    void a_refused_secret_is_never_repeated_in_the_message(String fixture, String secret) throws IOException {
        Path file = Path.of(INVALID + fixture);
        assertThat(Files.readString(file)).as("the fixture holds the secret").contains(secret);

        assertThatThrownBy(() -> InventoryLoader.load(file, CONTEXT))
                .isInstanceOf(InvalidYamlException.class)
                .hasMessageContaining(REFUSED)
                .message()
                .doesNotContain(secret);
    }

    @Test
    void a_valid_inventory_loads_every_key() throws Exception {
        Inventory inventory = InventoryLoader.load(Path.of(VALID + "inventory.yaml"), CONTEXT);

        assertThat(inventory.people())
                .containsExactly(
                        new Person("alicia@example.com", "Alicia Ramos", "carol@example.com", true),
                        new Person(
                                "bob@example.com",
                                "Bob Nakamura",
                                "carol@example.com",
                                true,
                                Set.of("name", "manager", "active")),
                        new Person("carol@example.com", "Carol Dubois", null, true),
                        new Person("dave@example.com", "Dave Okafor", null, false));
        assertThat(inventory.aliases())
                .containsExactly(
                        new Alias(
                                "reporting@example.com",
                                "Reporting team",
                                List.of("alicia@example.com", "bob@example.com")),
                        new Alias(
                                "data-oncall@example.com",
                                "Data on-call",
                                List.of("reporting@example.com", "carol@example.com")),
                        new Alias("platform@example.com", "Platform", List.of(), "Platform Engineering"));
        assertThat(inventory.credentials())
                .containsExactly(
                        new Credential(
                                "svc-reporting",
                                CredentialKind.SERVICE_ACCOUNT,
                                "Salesforce",
                                "reporting@example.com",
                                LocalDate.of(2027, 3, 31),
                                List.of("crm-n8n:12", "crm-n8n:reporting/salesforce-token")),
                        new Credential(
                                "dave.personal",
                                CredentialKind.PERSONAL_ACCOUNT,
                                "Google Sheets",
                                "dave@example.com",
                                null));
        assertThat(inventory.workflows())
                .containsExactly(
                        new Workflow(
                                "nightly-crm-export",
                                "Nightly CRM export",
                                "reporting@example.com",
                                cron("0 6 * * *"),
                                ZoneId.of("Europe/Berlin"),
                                Duration.ofMinutes(30),
                                List.of("svc-reporting", "dave.personal"),
                                List.of(new Route.Email("alicia@example.com"), new Route.Channel("reporting-alerts")),
                                UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e"),
                                new Source("n8n", "crm-n8n", "kX2pQ9aLm3Rt"),
                                false,
                                new Normal(everyDay(1), Duration.ofMinutes(4), 850.0, 12.5, 4),
                                new Budget(100, List.of(0.8, 1.0))),
                        new Workflow(
                                "queue-drain",
                                "queue-drain",
                                "bob@example.com",
                                new Schedule.Every(Duration.ofMinutes(15), "15m"),
                                ZoneId.of("UTC"),
                                Duration.ofHours(1),
                                List.of(),
                                List.of(new Route.Channel("reporting-alerts")),
                                null,
                                null,
                                true,
                                new Normal(
                                        Map.of(
                                                DayOfWeek.MONDAY, 96.0,
                                                DayOfWeek.TUESDAY, 96.0,
                                                DayOfWeek.WEDNESDAY, 96.0,
                                                DayOfWeek.THURSDAY, 96.0,
                                                DayOfWeek.FRIDAY, 96.0,
                                                DayOfWeek.SATURDAY, 4.0),
                                        null,
                                        null,
                                        null,
                                        Normal.DEFAULT_FACTOR),
                                new Budget(5, Budget.DEFAULT_ALERT_AT)));
        assertThat(inventory.channelOwner("reporting-alerts")).contains("reporting@example.com");
    }

    private static Map<DayOfWeek, Double> everyDay(double runs) {
        Map<DayOfWeek, Double> days = new java.util.EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            days.put(d, runs);
        }
        return days;
    }

    @Test
    void a_workflow_without_a_time_zone_gets_the_default_zone_of_the_context() throws Exception {
        InventoryContext lordHowe =
                new InventoryContext(CONTEXT.channels(), CONTEXT.sources(), ZoneId.of("Australia/Lord_Howe"));

        Inventory inventory = InventoryLoader.load(Path.of(VALID + "inventory.yaml"), lordHowe);

        assertThat(inventory.workflow("queue-drain").orElseThrow().timezone())
                .isEqualTo(ZoneId.of("Australia/Lord_Howe"));
        assertThat(inventory.workflow("nightly-crm-export").orElseThrow().timezone())
                .isEqualTo(ZoneId.of("Europe/Berlin"));
    }

    @Test
    void yes_and_on_mean_true() throws Exception {
        Inventory inventory = InventoryLoader.load(Path.of(VALID + "yes-and-on.yaml"), CONTEXT);

        assertThat(inventory.person("alicia@example.com").orElseThrow().active())
                .isTrue();
        assertThat(inventory.workflow("queue-drain").orElseThrow().paused()).isTrue();
    }

    @Test
    void an_interval_too_large_to_count_is_a_problem_not_a_crash() {
        assertThat(problems(Path.of(INVALID + "every-too-large.yaml")))
                .singleElement()
                .asString()
                .startsWith(INVALID + "every-too-large.yaml:6:12: workflows[0].every: ");
    }

    @Test
    void a_grace_too_large_to_count_is_a_problem_not_a_crash() {
        assertThat(problems(Path.of(INVALID + "grace-too-large.yaml")))
                .singleElement()
                .asString()
                .startsWith(INVALID + "grace-too-large.yaml:7:12: workflows[0].grace: ");
    }

    /** The lines a user would see for this file or directory; none when it loads. */
    private static List<String> problems(Path path) {
        try {
            InventoryLoader.load(path, CONTEXT);
            return List.of();
        } catch (InvalidYamlException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
    }

    private static Schedule cron(String expression) {
        try {
            return new Schedule.Cron(CronExpression.parse(expression));
        } catch (InvalidCronException e) {
            throw new AssertionError(e);
        }
    }
}
