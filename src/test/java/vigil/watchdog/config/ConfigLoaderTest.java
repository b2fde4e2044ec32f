package vigil.watchdog.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.inventory.Secret;
import vigil.inventory.load.Problem;
import vigil.inventory.load.Problems;
import vigil.watchdog.http.Json;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Config read(String yaml, Map<String, String> env, Problems problems) throws Exception {
        Path file = dir.resolve("vigil.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.read(file, env::get, problems);
    }

    private List<String> problems(String yaml, Map<String, String> env) throws Exception {
        Problems problems = new Problems();
        read(yaml, env, problems);
        return problems.sorted().stream().map(Problem::message).toList();
    }

    @Test
    void defaults_resolve_relative_to_the_file() throws Exception {
        Problems problems = new Problems();
        Config config = read("inventory: inv/\n", Map.of(), problems);
        assertThat(problems.isEmpty()).isTrue();
        assertThat(config.stateDir()).isEqualTo(dir.getParent().resolve("data"));
        assertThat(config.inventory()).isEqualTo(dir.resolve("inv"));
        assertThat(config.database().url())
                .isEqualTo("jdbc:h2:file:" + dir.getParent().resolve("data") + "/vigil");
        assertThat(config.baseUrl()).isEqualTo("http://127.0.0.1:8787");
        assertThat(config.evaluateEvery()).hasSeconds(30);
    }

    @Test
    void secrets_come_from_the_environment_or_a_file_and_never_print() throws Exception {
        Files.writeString(dir.resolve("ping-key"), "pk-value-123\n");
        Problems problems = new Problems();
        Config config = read(
                """
                ping_key: ${file:ping-key}
                mail: { transport: smtp, smtp: { host: smtp.example.com, password: "${env:SMTP_PW}" } }
                channels:
                  ops: { kind: slack, url: "${env:SLACK_URL}", owner: Ops@Example.com }
                """, Map.of("SMTP_PW", "hunter2-smtp", "SLACK_URL", "https://hooks.example/T000/B000/XXXX"), problems);
        assertThat(problems.sorted()).isEmpty();
        assertThat(config.pingKey().reveal()).isEqualTo("pk-value-123");
        assertThat(config.mail().smtp().password().reveal()).isEqualTo("hunter2-smtp");
        assertThat(config.channels().get("ops").owner()).isEqualTo("ops@example.com");
        String everywhere = config + Json.MAPPER.writeValueAsString(config);
        assertThat(everywhere)
                .doesNotContain("pk-value-123", "hunter2-smtp", "T000/B000")
                .contains(Secret.MASK);
    }

    @Test
    void a_password_over_plain_smtp_is_valid_but_warned_about_and_ehlo_names_are_checked() throws Exception {
        Problems problems = new Problems();
        Config plain = read("""
                mail: { transport: smtp, smtp: { host: smtp.example.com, starttls: "off", username: vigil,
                        password: "${env:SMTP_PW}", ehlo: vigil.ops.example.com } }
                """, Map.of("SMTP_PW", "hunter2-smtp"), problems);
        assertThat(problems.sorted()).isEmpty();
        assertThat(plain.mail().smtp().ehlo()).isEqualTo("vigil.ops.example.com");
        assertThat(plain.warnings())
                .singleElement()
                .asString()
                .contains("plain text")
                .doesNotContain("hunter2-smtp");
        Config tls = read(
                "mail: { transport: smtp, smtp: { host: smtp.example.com, password: \"${env:SMTP_PW}\" } }\n",
                Map.of("SMTP_PW", "hunter2-smtp"),
                new Problems());
        assertThat(tls.warnings()).isEmpty();
        assertThat(problems("mail: { smtp: { host: smtp.example.com, ehlo: \"bad name; rm\" } }\n", Map.of()))
                .containsExactly("mail.smtp.ehlo: expected a host name like mail.example.com, found 'bad name; rm'");
    }

    @Test
    void a_ca_file_is_read_at_load_and_a_missing_or_non_pem_one_is_refused() throws Exception {
        vigil.testing.Certificates certificates = vigil.testing.Certificates.selfSigned(dir, "ip:127.0.0.1");
        Problems problems = new Problems();
        Config config = read(
                "mail: { transport: smtp, smtp: { host: smtp.example.com, ca: server.pem } }\n", Map.of(), problems);
        assertThat(problems.sorted()).isEmpty();
        assertThat(config.mail().smtp().ca()).isEqualTo(certificates.pem());

        assertThat(problems("mail: { smtp: { host: smtp.example.com, ca: nowhere.pem } }\n", Map.of()))
                .containsExactly("mail.smtp.ca: no such file: " + dir.resolve("nowhere.pem"));
        Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n");
        assertThat(problems("mail: { smtp: { host: smtp.example.com, ca: key.pem } }\n", Map.of()))
                .singleElement()
                .asString()
                .startsWith("mail.smtp.ca: " + dir.resolve("key.pem"));
    }

    @Test
    void per_workflow_metrics_are_off_unless_switched_on_with_a_boolean() throws Exception {
        assertThat(read("inventory: inv/\n", Map.of(), new Problems()).metricsPerWorkflow())
                .isFalse();
        assertThat(read("metrics: { per_workflow: true }\n", Map.of(), new Problems())
                        .metricsPerWorkflow())
                .isTrue();
        assertThat(problems("metrics: { per_workflow: yes please }\n", Map.of()))
                .containsExactly("metrics.per_workflow: expected true or false, found 'yes please'");
    }

    @Test
    void an_inline_secret_is_refused_without_repeating_it() throws Exception {
        List<String> problems = problems("""
                mail: { smtp: { host: smtp.example.com, password: hunter2-inline } }
                channels:
                  ops: { kind: slack, url: "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXX" }
                """, Map.of());
        assertThat(problems)
                .containsExactly(
                        "mail.smtp.password: inline secret refused; write secrets as ${env:NAME} or ${file:PATH}, never inline"
                                + " in a committed file",
                        "channels.ops.url: inline secret refused; write secrets as ${env:NAME} or ${file:PATH}, never inline in"
                                + " a committed file");
        assertThat(String.join("\n", problems)).doesNotContain("hunter2-inline", "XXXXXXXXXXXX");
    }

    @Test
    void an_unquoted_reference_inside_braces_gets_a_hint() throws Exception {
        assertThat(problems("channels:\n  ops: { kind: slack, url: ${env:SLACK_URL} }\n", Map.of()))
                .singleElement()
                .asString()
                .startsWith("YAML syntax error: ")
                .endsWith("(inside { … } quote secret references: password: \"${env:NAME}\")");
    }

    @Test
    void a_missing_environment_variable_or_file_is_named() throws Exception {
        assertThat(problems("ping_key: ${env:VIGIL_PING_KEY}\ndatabase: { password: \"${file:nope}\" }\n", Map.of()))
                .containsExactly(
                        "ping_key: environment variable VIGIL_PING_KEY is not set",
                        "database.password: cannot read secret file " + dir.resolve("nope") + ": no such file");
    }

    @Test
    void a_secret_file_that_is_a_device_or_too_large_is_refused_without_reading_it_all() throws Exception {
        assertThat(problems("database: { password: \"${file:/dev/zero}\" }\n", Map.of()))
                .containsExactly("database.password: secret file /dev/zero is not a regular file (a device, pipe or"
                        + " directory)");
        Files.write(dir.resolve("huge"), new byte[1 << 20]);
        assertThat(problems("database: { password: \"${file:huge}\" }\n", Map.of()))
                .containsExactly("database.password: secret file " + dir.resolve("huge")
                        + " holds more than 65536 bytes; a secret file holds one secret");
    }

    @Test
    void every_mistake_is_reported_together() throws Exception {
        assertThat(problems("""
                http: { listen: "localhost" }
                timezone: Europe/Berln
                evaluate_every: often
                api_tokens:
                  - { name: bot, sha256: plaintext-token, scope: write }
                mail: { transport: pigeon }
                summary: { cron: "0 9 * * FUNDAY" }
                channels:
                  ops: { kind: slak, url: "http://127.0.0.1:9/x" }
                """, Map.of()))
                .containsExactly(
                        "http.listen: invalid listen address 'localhost' (write HOST:PORT, e.g. 127.0.0.1:8787)",
                        "timezone: unknown time zone 'Europe/Berln' (did you mean 'Europe/Berlin'?)",
                        "evaluate_every: invalid duration 'often' (use 30s, 5m, 1h, 1d, 1w or ISO-8601 like PT1H)",
                        "api_tokens[0].sha256: expected 64 hex digits (the SHA-256 of the token, e.g. from 'printf %s"
                                + " TOKEN | sha256sum'), not the token itself",
                        "api_tokens[0].scope: unknown scope 'write' (use read or admin)",
                        "mail.transport: unknown transport 'pigeon' (use directory or smtp)",
                        "summary.cron: invalid cron expression '0 9 * * FUNDAY': day of week value 'FUNDAY' is not a"
                                + " number or a name (SUN..SAT)",
                        "channels.ops.kind: unknown channel kind 'slak' (did you mean 'slack'?); use one of slack,"
                                + " webhook, pagerduty");
    }

    @Test
    void each_source_kind_takes_its_own_keys_and_secrets_only_by_reference() throws Exception {
        vigil.testing.Certificates.selfSigned(dir, "ip:127.0.0.1");
        Problems problems = new Problems();
        Config config = read(
                """
                sources:
                  crm-n8n: { kind: n8n, url: "https://n8n.example.com", api_key: "${env:N8N_KEY}",
                             owner: IT-Automation@example.com, poll: 2m }
                  etl:     { kind: airflow, url: "https://airflow.example.com", username: vigil,
                             password: "${env:AIRFLOW_PASSWORD}" }
                  gh:      { kind: github, url: "https://api.github.com", token: "${env:GITHUB_TOKEN}",
                             repos: [acme/reports], poll: 10m }
                  ci:      { kind: jenkins, url: "https://jenkins.example.com", username: vigil,
                             token: "${env:JENKINS_TOKEN}", unstable: success }
                  k8s:     { kind: kubernetes, url: "https://10.0.0.1:6443", token: "${env:K8S_TOKEN}",
                             ca: server.pem, namespaces: [batch] }
                """,
                Map.of(
                        "N8N_KEY", "n8n-secret",
                        "AIRFLOW_PASSWORD", "airflow-secret",
                        "GITHUB_TOKEN", "ghp-secret",
                        "JENKINS_TOKEN", "jenkins-secret",
                        "K8S_TOKEN", "k8s-secret"),
                problems);
        assertThat(problems.sorted()).isEmpty();
        assertThat(config.sources().get("crm-n8n").owner()).isEqualTo("it-automation@example.com");
        assertThat(config.sources().get("crm-n8n").poll()).hasMinutes(2);
        assertThat(config.sources().get("etl").password().reveal()).isEqualTo("airflow-secret");
        assertThat(config.sources().get("etl").poll()).as("the default").hasMinutes(5);
        assertThat(config.sources().get("gh").repos()).containsExactly("acme/reports");
        assertThat(config.sources().get("ci").unstableSucceeds()).isTrue();
        assertThat(config.sources().get("k8s").ca()).isEqualTo(dir.resolve("server.pem"));
        assertThat(config.sources().get("k8s").namespaces()).containsExactly("batch");
        String everywhere = config + Json.MAPPER.writeValueAsString(config);
        assertThat(everywhere)
                .doesNotContain("n8n-secret", "airflow-secret", "ghp-secret", "jenkins-secret", "k8s-secret");
    }

    @Test
    void a_source_s_mistakes_are_named_with_what_would_be_right() throws Exception {
        assertThat(problems("""
                        sources:
                          a: { kind: jenkins, url: "https://jenkins.example.com", token: hunter2, unstable: maybe }
                          b: { kind: gitlab, url: "https://gitlab.example.com" }
                          c: { kind: n8n, url: "n8n.example.com", api_key: "${env:K}", repos: [x/y] }
                          d: { kind: github, url: "https://api.github.com", token: "${env:K}", repos: [reports] }
                        """, Map.of("K", "v")))
                .containsExactly(
                        "sources.a: missing required key 'username'",
                        "sources.a.token: inline secret refused; " + ConfigLoader.SECRET_ADVICE,
                        "sources.a.unstable: unstable is 'failed' (the default) or 'success', found 'maybe'",
                        "sources.b.kind: unknown source kind 'gitlab'; use one of n8n, airflow, github, jenkins,"
                                + " kubernetes",
                        "sources.c.url: a source's url starts with https:// (or http://), found 'n8n.example.com'",
                        "sources.c.repos: 'repos' is not a key of kind n8n (its keys: kind, url, api_key, owner, poll)",
                        "sources.d.repos[0]: a repository is written owner/name, found 'reports'");
    }

    @Test
    void an_evaluation_interval_no_date_can_be_added_to_is_refused() throws Exception {
        assertThat(problems("evaluate_every: 99999999999999d\n", Map.of()))
                .containsExactly("evaluate_every: '99999999999999d' is too long: at most 1d");
    }

    @Test
    void a_database_that_keeps_nothing_on_disk_is_refused_with_the_reason() throws Exception {
        assertThat(problems("database: { url: \"jdbc:h2:mem:vigil\" }\n", Map.of()))
                .containsExactly("database.url: jdbc:h2:mem: keeps nothing on disk, so a ping answered OK would be"
                        + " lost at the next restart; use jdbc:h2:file:PATH or jdbc:postgresql://HOST/DB");
        assertThat(problems("database: { url: \"jdbc:h2:tcp://db.example.com/vigil\" }\n", Map.of()))
                .containsExactly("database.url: jdbc:h2:tcp: is not supported: use jdbc:h2:file:PATH or"
                        + " jdbc:postgresql://HOST/DB");
        assertThat(problems("database: { url: \"jdbc:h2:file:/var/lib/vigil/vigil\" }\n", Map.of()))
                .isEmpty();
    }
}
