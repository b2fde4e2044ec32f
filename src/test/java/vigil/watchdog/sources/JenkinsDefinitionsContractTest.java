package vigil.watchdog.sources;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vigil.inventory.Definition;

/**
 * Jenkins jobs read as definitions, against WireMock answering as Jenkins does. The listing is the
 * remote access API's {@code tree} (https://www.jenkins.io/doc/book/using/remote-access-api/,
 * hudson/model/Api/index.jelly): {@code jobs} of {@code hudson.model.Hudson} and of every {@code
 * ItemGroup} (Folder, multibranch project), each with {@code name}, {@code displayName} and the
 * {@code _class} Jenkins adds to every object. A job's {@code GET …/config.xml} (same page:
 * "config.xml" is the job's configuration, read with Job/ExtendedRead) is written field by field
 * in the XStream form of the classes that make it, as in Jenkins' own sources and plugins:
 * core's {@code hudson.model.FreeStyleProject}/{@code AbstractProject} (root {@code project};
 * actions, description, keepDependencies, properties, scm, canRoam, disabled,
 * blockBuildWhenDownstreamBuilding, blockBuildWhenUpstreamBuilding, triggers, concurrentBuild,
 * builders, publishers, buildWrappers), {@code hudson.triggers.TimerTrigger} (spec), {@code
 * hudson.tasks.Shell} (command, configuredLocalRules); workflow-job's {@code WorkflowJob} (root
 * {@code flow-definition}; actions, description, keepDependencies, properties, definition,
 * triggers, disabled) and {@code PipelineTriggersJobProperty} (triggers); workflow-cps's {@code
 * CpsFlowDefinition} (script, sandbox) and {@code CpsScmFlowDefinition} (scm, scriptPath,
 * lightweight); workflow-multibranch's {@code SCMBinder} (scriptPath) and {@code BranchJobProperty}
 * (branch); git's {@code GitSCM} (configVersion, userRemoteConfigs, branches,
 * doGenerateSubmoduleConfigurations, submoduleCfg, extensions) and {@code UserRemoteConfig} (url,
 * credentialsId); credentials-binding's {@code SecretBuildWrapper} (bindings), {@code
 * UsernamePasswordMultiBinding} (credentialsId, usernameVariable, passwordVariable) and {@code
 * StringBinding} (credentialsId, variable); mailer's {@code hudson.tasks.Mailer} (recipients,
 * dontNotifyEveryUnstableBuild, sendToIndividuals); email-ext's {@code ExtendedEmailPublisher}
 * (recipientList, configuredTriggers, contentType, defaultSubject, defaultContent,
 * attachmentsPattern, presendScript, postsendScript, attachBuildLog, compressBuildLog, replyTo,
 * from, saveOutput, disabled) with its triggers' {@code email} (recipientList, subject, body,
 * recipientProviders, attachmentsPattern, attachBuildLog, compressBuildLog, replyTo, contentType).
 * Pipeline scripts use the steps of https://www.jenkins.io/doc/pipeline/steps/ ({@code mail},
 * {@code emailext}, {@code withCredentials}, {@code git}) and the declarative {@code
 * credentials()} helper and {@code post} conditions
 * (https://www.jenkins.io/doc/book/pipeline/syntax/).
 *
 * <p>The H values expected are Jenkins' own: core/src/test/java/hudson/scheduler/CronTabTest.java
 * ({@code hashedMinute}: {@code H * * * *} for the seed "stuff" fires at :56, {@code @hourly} for
 * "junk" at :20, {@code H H(12-13) * * *} for "stuff" at 13:56; {@code hashSkips}: {@code H/15}
 * for "stuff" at :11, :26, :41, :56, {@code H(0-15)/3} and {@code H(0-3)/4} for "junk" first at
 * :02; {@code repeatedHash}: two lines {@code H * * * *} for "seed" at :35 and :56), where the seed
 * is what Jenkins passes for a job: its full name ({@code Trigger.start}, {@code
 * Hash.from(project.getFullName())}).
 */
class JenkinsDefinitionsContractTest {
    static final String TOKEN = "11c2e5a0d4f3b9e8a7c6d5e4f3a2b1c0d9";
    static final String TREE = "jobs[name,displayName,jobs[name,displayName,jobs[name,displayName,jobs[name]]]]";

    @RegisterExtension
    static WireMockExtension jenkins = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @AfterEach
    void reset() {
        jenkins.resetAll();
    }

    Jenkins adapter() {
        return new Jenkins(
                new PlatformHttp(
                        "Jenkins",
                        jenkins.baseUrl(),
                        HttpClient.newHttpClient(),
                        Duration.ofSeconds(10),
                        Duration.ofMillis(10),
                        () -> Jenkins.headers("vigil", TOKEN)),
                false);
    }

    /** The listing of the folder at {@code path} ("" for the root). */
    static void listing(String path, String json) {
        jenkins.stubFor(get(urlPathEqualTo(path + "/api/json"))
                .withQueryParam("tree", equalTo(TREE))
                .willReturn(okJson(json)));
    }

    static String job(String kind, String name) {
        return "{ \"_class\": \"" + kind + "\", \"name\": \"" + name + "\", \"displayName\": \"" + name + "\" }";
    }

    static final String FREESTYLE = "hudson.model.FreeStyleProject";
    static final String PIPELINE = "org.jenkinsci.plugins.workflow.job.WorkflowJob";

    static String root(String... items) {
        return "{ \"_class\": \"hudson.model.Hudson\", \"jobs\": [" + String.join(",", items) + "] }";
    }

    static void config(String jobPath, String xml) {
        jenkins.stubFor(get(urlPathEqualTo(jobPath + "/config.xml"))
                .withHeader("Accept", equalTo("application/xml"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/xml")
                        .withBody(xml)));
    }

    /** XML text as XStream writes it: {@code & < > " '} escaped. */
    static String xml(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&apos;");
    }

    static String timer(String spec) {
        return """
                    <hudson.triggers.TimerTrigger>
                      <spec>%s</spec>
                    </hudson.triggers.TimerTrigger>
                """.formatted(xml(spec));
    }

    /** A freestyle job's config.xml; {@code triggers}, {@code publishers}, {@code wrappers} as XML. */
    static String freestyle(boolean disabled, String triggers, String publishers, String wrappers) {
        return """
                <?xml version='1.1' encoding='UTF-8'?>
                <project>
                  <actions/>
                  <description>Monthly invoices for every customer</description>
                  <keepDependencies>false</keepDependencies>
                  <properties/>
                  <scm class="hudson.plugins.git.GitSCM" plugin="git@5.2.2">
                    <configVersion>2</configVersion>
                    <userRemoteConfigs>
                      <hudson.plugins.git.UserRemoteConfig>
                        <url>https://git.example.com/billing/invoices.git</url>
                        <credentialsId>git-deploy-key</credentialsId>
                      </hudson.plugins.git.UserRemoteConfig>
                    </userRemoteConfigs>
                    <branches>
                      <hudson.plugins.git.BranchSpec>
                        <name>*/main</name>
                      </hudson.plugins.git.BranchSpec>
                    </branches>
                    <doGenerateSubmoduleConfigurations>false</doGenerateSubmoduleConfigurations>
                    <submoduleCfg class="empty-list"/>
                    <extensions/>
                  </scm>
                  <canRoam>true</canRoam>
                  <disabled>%s</disabled>
                  <blockBuildWhenDownstreamBuilding>false</blockBuildWhenDownstreamBuilding>
                  <blockBuildWhenUpstreamBuilding>false</blockBuildWhenUpstreamBuilding>
                  <triggers>
                %s  </triggers>
                  <concurrentBuild>false</concurrentBuild>
                  <builders>
                    <hudson.tasks.Shell>
                      <command>./bin/invoices --month &quot;$(date +%%Y-%%m)&quot;</command>
                      <configuredLocalRules/>
                    </hudson.tasks.Shell>
                  </builders>
                  <publishers>
                %s  </publishers>
                  <buildWrappers>
                %s  </buildWrappers>
                </project>
                """.formatted(disabled, triggers, publishers, wrappers);
    }

    /** A Pipeline job's config.xml with an inline script; {@code triggers} as XML. */
    static String pipeline(boolean disabled, String triggers, String script) {
        return """
                <?xml version='1.1' encoding='UTF-8'?>
                <flow-definition plugin="workflow-job@1400.v7fd111b_ec82f">
                  <actions/>
                  <description></description>
                  <keepDependencies>false</keepDependencies>
                  <properties>
                    <org.jenkinsci.plugins.workflow.job.properties.PipelineTriggersJobProperty>
                      <triggers>
                %s      </triggers>
                    </org.jenkinsci.plugins.workflow.job.properties.PipelineTriggersJobProperty>
                  </properties>
                  <definition class="org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition" plugin="workflow-cps@3894.vd0f0248b_a_fc4">
                    <script>%s</script>
                    <sandbox>true</sandbox>
                  </definition>
                  <triggers/>
                  <disabled>%s</disabled>
                </flow-definition>
                """.formatted(triggers, xml(script), disabled);
    }

    static Map<String, Definition> byRef(List<Definition> definitions) {
        Map<String, Definition> m = new LinkedHashMap<>();
        definitions.forEach(d -> m.put(d.ref(), d));
        return m;
    }

    @Test
    void jobs_are_found_through_folders_and_read_from_their_config() throws Exception {
        listing("", """
                { "_class": "hudson.model.Hudson", "jobs": [
                  { "_class": "com.cloudbees.hudson.plugins.folder.Folder", "name": "billing", "displayName": "Billing",
                    "jobs": [
                      { "_class": "com.cloudbees.hudson.plugins.folder.Folder", "name": "eu west", "displayName": "EU West",
                        "jobs": [
                          { "_class": "com.cloudbees.hudson.plugins.folder.Folder", "name": "archive",
                            "displayName": "archive", "jobs": [ { "_class": "hudson.model.FreeStyleProject",
                            "name": "yearly-report" } ] },
                          { "_class": "com.cloudbees.hudson.plugins.folder.Folder", "name": "empty",
                            "displayName": "empty", "jobs": [] },
                          { "_class": "hudson.model.FreeStyleProject", "name": "vat-export", "displayName": "VAT export" } ] },
                      { "_class": "org.jenkinsci.plugins.workflow.job.WorkflowJob", "name": "nightly-invoices",
                        "displayName": "nightly-invoices" } ] },
                  { "_class": "org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject", "name": "shop",
                    "displayName": "Shop", "jobs": [ { "_class": "org.jenkinsci.plugins.workflow.job.WorkflowJob",
                    "name": "feature%2Fcart", "displayName": "feature/cart" } ] } ] }""");
        listing("/job/billing/job/eu%20west/job/archive", """
                { "_class": "com.cloudbees.hudson.plugins.folder.Folder", "jobs": [
                  { "_class": "hudson.model.FreeStyleProject", "name": "yearly-report", "displayName": "Yearly report" } ] }""");
        config("/job/billing/job/eu%20west/job/archive/job/yearly-report", freestyle(true, timer("@yearly"), "", ""));
        config("/job/billing/job/eu%20west/job/vat-export", freestyle(false, "", "", ""));
        config(
                "/job/billing/job/nightly-invoices",
                pipeline(
                        false,
                        timer("@daily"),
                        "pipeline { agent any\n stages { stage('x') { steps { sh 'make' } } } }"));
        config("/job/shop/job/feature%252Fcart", """
                <?xml version='1.1' encoding='UTF-8'?>
                <flow-definition plugin="workflow-job@1400.v7fd111b_ec82f">
                  <actions/>
                  <description></description>
                  <keepDependencies>false</keepDependencies>
                  <properties>
                    <org.jenkinsci.plugins.workflow.multibranch.BranchJobProperty plugin="workflow-multibranch@795.ve0cb_1f45ca_9a_">
                      <branch plugin="branch-api@2.1163.va_f1064e4a_a_f3">
                        <sourceId>e1b6c2a0-4d3f-4a55-9a1e-5f1c2d3b4a59</sourceId>
                        <head class="jenkins.plugins.git.GitBranchSCMHead" plugin="git@5.2.2">
                          <name>feature/cart</name>
                        </head>
                        <scm class="hudson.plugins.git.GitSCM" plugin="git@5.2.2">
                          <configVersion>2</configVersion>
                          <userRemoteConfigs>
                            <hudson.plugins.git.UserRemoteConfig>
                              <url>https://github.com/example/shop.git</url>
                              <credentialsId>github-app</credentialsId>
                            </hudson.plugins.git.UserRemoteConfig>
                          </userRemoteConfigs>
                          <branches class="empty-list"/>
                          <doGenerateSubmoduleConfigurations>false</doGenerateSubmoduleConfigurations>
                          <submoduleCfg class="empty-list"/>
                          <extensions/>
                        </scm>
                        <actions/>
                      </branch>
                    </org.jenkinsci.plugins.workflow.multibranch.BranchJobProperty>
                    <org.jenkinsci.plugins.workflow.job.properties.PipelineTriggersJobProperty>
                      <triggers>
                        <hudson.triggers.TimerTrigger>
                          <spec>H H(0-5) * * 1-5</spec>
                        </hudson.triggers.TimerTrigger>
                      </triggers>
                    </org.jenkinsci.plugins.workflow.job.properties.PipelineTriggersJobProperty>
                  </properties>
                  <definition class="org.jenkinsci.plugins.workflow.multibranch.SCMBinder" plugin="workflow-multibranch@795.ve0cb_1f45ca_9a_">
                    <scriptPath>Jenkinsfile</scriptPath>
                  </definition>
                  <triggers/>
                  <disabled>false</disabled>
                </flow-definition>
                """);

        Map<String, Definition> defs = byRef(adapter().definitions("ci"));

        assertThat(defs.values())
                .extracting(Definition::ref, Definition::name, Definition::paused)
                .containsExactly(
                        tuple(
                                "billing/eu west/archive/yearly-report",
                                "Billing » EU West » archive » Yearly report",
                                true),
                        tuple("billing/eu west/vat-export", "Billing » EU West » VAT export", false),
                        tuple("billing/nightly-invoices", "Billing » nightly-invoices", false),
                        tuple("shop/feature%2Fcart", "Shop » feature/cart", false));
        assertThat(defs.values()).extracting(Definition::source).containsOnly("ci");
        assertThat(defs.values()).extracting(Definition::owner).containsOnly((String) null);
        assertThat(defs.get("billing/eu west/archive/yearly-report").schedules())
                .singleElement()
                .asString()
                .as("@yearly is H H H H *: day of month hashed within 1-28")
                .matches("([0-9]|[1-5][0-9]) ([0-9]|1[0-9]|2[0-3]) ([1-9]|1[0-9]|2[0-8]) ([1-9]|1[0-2]) \\*");
        assertThat(defs.get("billing/eu west/vat-export").schedules()).isEmpty();
        assertThat(defs.get("billing/nightly-invoices").schedules())
                .as("@daily for this job, computed apart from Vigil (see hashOf)")
                .containsExactly("9 21 * * *");
        assertThat(defs.get("billing/nightly-invoices").timezone()).isNull();
        Definition branch = defs.get("shop/feature%2Fcart");
        assertThat(branch.schedules()).singleElement().asString().matches("\\d{1,2} [0-5] \\* \\* 1-5");
        assertThat(branch.credentials()).extracting(Definition.Handle::id).containsExactly("github-app");
        assertThat(branch.problems()).singleElement().asString().contains("from SCM (Jenkinsfile)");
        jenkins.verify(2, getRequestedFor(urlPathMatching(".*/api/json")));
        jenkins.verify(4, getRequestedFor(urlPathMatching(".*/config.xml")));
        jenkins.verify(0, getRequestedFor(urlPathMatching("/job/billing/config.xml|/job/shop/config.xml|.*/empty/.*")));
    }

    /**
     * Jenkins' hash for a job, computed here without Vigil's code: MD5 of the full name, the
     * second eight bytes XOR-ed onto the first, read big-endian as a java.util.Random seed. The
     * same in Python, which gives 9 then 21 for "billing/nightly-invoices" ({@code @daily} = {@code
     * H H * * *}: minute nextInt(60), hour nextInt(24)):
     *
     * <pre>
     * import hashlib
     * d = bytearray(hashlib.md5(b"billing/nightly-invoices").digest())
     * for i in range(8, 16): d[i % 8] ^= d[i]
     * s = (int.from_bytes(d[:8], "big") ^ 0x5DEECE66D) &amp; (1 &lt;&lt; 48) - 1   # java.util.Random(seed)
     * def nxt(bits):
     *     global s; s = (s * 0x5DEECE66D + 0xB) &amp; (1 &lt;&lt; 48) - 1; return s &gt;&gt; (48 - bits)
     * def next_int(n):   # nextInt(n), n not a power of two
     *     while True:
     *         b = nxt(31); v = b % n
     *         if b - v + n - 1 &lt; 1 &lt;&lt; 31: return v
     * print(next_int(60), next_int(24))   # 9 21
     * </pre>
     */
    static Random hashOf(String fullName) throws Exception {
        byte[] d = MessageDigest.getInstance("MD5").digest(fullName.getBytes(StandardCharsets.UTF_8));
        long seed = 0;
        for (int i = 0; i < 8; i++) {
            seed = seed * 256 + ((d[i] ^ d[i + 8]) & 0xFF);
        }
        return new Random(seed);
    }

    @Test
    void the_independent_hash_agrees_with_the_python_figures() throws Exception {
        Random r = hashOf("billing/nightly-invoices");
        assertThat(List.of(r.nextInt(60), r.nextInt(24))).containsExactly(9, 21);
        Random s = hashOf("stuff");
        assertThat(s.nextInt(60)).as("CronTabTest.hashedMinute").isEqualTo(56);
    }

    @Test
    void h_is_resolved_as_jenkins_resolves_it_for_the_job_s_full_name() throws Exception {
        listing(
                "",
                root(
                        job(FREESTYLE, "stuff"),
                        job(FREESTYLE, "junk"),
                        job(PIPELINE, "seed"),
                        "{ \"_class\": \"com.cloudbees.hudson.plugins.folder.Folder\", \"name\": \"ops\","
                                + " \"displayName\": \"ops\", \"jobs\": [" + job(FREESTYLE, "stuff") + "] }"));
        config("/job/stuff", freestyle(false, timer("H * * * *"), "", ""));
        config("/job/junk", freestyle(false, timer("@hourly\nH(0-15)/3 * * * *\nH(0-3)/4 * * * *"), "", ""));
        config("/job/seed", pipeline(false, timer("H * * * *\nH * * * *"), "node { sh 'true' }"));
        config("/job/ops/job/stuff", freestyle(false, timer("H/15 * * * *"), "", ""));

        Map<String, Definition> defs = byRef(adapter().definitions("ci"));

        assertThat(defs.get("stuff").schedules()).containsExactly("56 * * * *");
        assertThat(defs.get("junk").schedules())
                .as("one hash for the spec, drawn line by line: @hourly :20 first")
                .startsWith("20 * * * *")
                .hasSize(3);
        assertThat(defs.get("seed").schedules()).containsExactly("35 * * * *", "56 * * * *");
        assertThat(defs.get("ops/stuff").schedules())
                .as("the seed is the full name: 'ops/stuff' is not 'stuff'")
                .singleElement()
                .isNotEqualTo("11-56/15 * * * *");
    }

    @Test
    void jenkins_own_figures_for_its_test_seeds() {
        assertThat(JenkinsCron.read("H * * * *", "stuff").schedules()).containsExactly("56 * * * *");
        assertThat(JenkinsCron.read("H 17 * * *", "stuff").schedules()).containsExactly("56 17 * * *");
        assertThat(JenkinsCron.read("@hourly", "stuff").schedules()).containsExactly("56 * * * *");
        assertThat(JenkinsCron.read("@hourly", "junk").schedules()).containsExactly("20 * * * *");
        assertThat(JenkinsCron.read("H H(12-13) * * *", "stuff").schedules()).containsExactly("56 13 * * *");
        assertThat(JenkinsCron.read("H/15 * * * *", "stuff").schedules())
                .as(":11, :26, :41, :56")
                .containsExactly("11-56/15 * * * *");
        assertThat(JenkinsCron.read("H(0-15)/3 * * * *", "junk").schedules()).containsExactly("2-14/3 * * * *");
        assertThat(JenkinsCron.read("H(0-3)/4 * * * *", "junk").schedules()).containsExactly("2 * * * *");
        assertThat(JenkinsCron.read("H * * * *\nH * * * *", "seed").schedules())
                .containsExactly("35 * * * *", "56 * * * *");
        JenkinsCron.Read sydney = JenkinsCron.read("TZ=Australia/Sydney\nH * * * *\nH * * * *", "seed");
        assertThat(sydney.schedules()).as("CronTabTest.testTimezone").containsExactly("35 * * * *", "56 * * * *");
        assertThat(sydney.timezone()).isEqualTo("Australia/Sydney");
        JenkinsCron.Read refused = JenkinsCron.read("H(0-3)/15 * * * *", "junk");
        assertThat(refused.schedules()).isEmpty();
        assertThat(refused.problems()).singleElement().asString().contains("'H(0-3)/15 * * * *'");
    }

    @Test
    void h_forms_keep_to_their_ranges_and_steps_and_spread_jobs() throws Exception {
        Set<String> minutes = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String name = "team-" + i + "/job";
            assertThat(JenkinsCron.read("H 2 * * *", name))
                    .as("deterministic")
                    .isEqualTo(JenkinsCron.read("H 2 * * *", name));

            String daily = JenkinsCron.read("H 2 * * *", name).schedules().get(0);
            assertThat(daily).matches("([0-9]|[1-5][0-9]) 2 \\* \\* \\*");
            minutes.add(daily.split(" ")[0]);

            String quarter =
                    JenkinsCron.read("H/15 * * * *", name).schedules().get(0).split(" ")[0];
            List<Integer> q = expand(quarter, 59);
            assertThat(q).hasSize(4);
            assertThat(q.get(0)).isBetween(0, 14);
            assertThat(List.of(q.get(1) - q.get(0), q.get(2) - q.get(1), q.get(3) - q.get(2)))
                    .containsOnly(15);

            String[] weekdays = JenkinsCron.read("H(0-29) 3 * * 1-5", name)
                    .schedules()
                    .get(0)
                    .split(" ");
            assertThat(Integer.parseInt(weekdays[0])).isBetween(0, 29);
            assertThat(String.join(" ", List.of(weekdays).subList(1, 5))).isEqualTo("3 * * 1-5");

            String[] midnight =
                    JenkinsCron.read("@midnight", name).schedules().get(0).split(" ");
            assertThat(Integer.parseInt(midnight[1]))
                    .as("@midnight is H H(0-2)")
                    .isBetween(0, 2);
            assertThat(JenkinsCron.read("@daily", name).schedules().get(0)).matches("\\d+ \\d+ \\* \\* \\*");

            Random r = hashOf(name);
            int m = r.nextInt(60);
            int h = r.nextInt(24);
            assertThat(JenkinsCron.read("@daily", name).schedules())
                    .as("@daily is H H * * *, for %s", name)
                    .containsExactly(m + " " + h + " * * *");
        }
        assertThat(minutes.size()).as("200 jobs spread over the hour").isGreaterThan(40);
    }

    /** The values of a cron field written as Vigil writes them ({@code a-b/s}, lists, {@code *}). */
    static List<Integer> expand(String field, int high) {
        List<Integer> values = new ArrayList<>();
        for (String part : field.split(",")) {
            String[] stepped = part.split("/");
            int step = stepped.length > 1 ? Integer.parseInt(stepped[1]) : 1;
            String[] range =
                    stepped[0].equals("*") ? new String[] {"0", Integer.toString(high)} : stepped[0].split("-");
            int from = Integer.parseInt(range[0]);
            int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
            for (int v = from; v <= to; v += step) {
                values.add(v);
            }
        }
        return values;
    }

    @Test
    void a_spec_s_zone_comments_blank_lines_and_what_jenkins_refuses() throws Exception {
        listing(
                "",
                root(
                        job(PIPELINE, "zoned"),
                        job(PIPELINE, "late-zone"),
                        job(PIPELINE, "no-such-zone"),
                        job(PIPELINE, "bad-line"),
                        job(PIPELINE, "both-days"),
                        job(PIPELINE, "never"),
                        job(PIPELINE, "plain")));
        String node = "node { sh 'true' }";
        config(
                "/job/zoned",
                pipeline(
                        false,
                        timer(
                                "TZ=Europe/Berlin\n# invoices before the office opens\n\n30 5 * * 1-5\n  # and at noon\n0 12 * * *\n"),
                        node));
        config("/job/late-zone", pipeline(false, timer("# zone below\nTZ=Europe/Berlin\n0 5 * * *"), node));
        config("/job/no-such-zone", pipeline(false, timer("TZ=Mars/Olympus\n0 5 * * *"), node));
        config("/job/bad-line", pipeline(false, timer("0 5 * * *\n0 25 * * *"), node));
        config("/job/both-days", pipeline(false, timer("0 6 1 * 1\n15 6 * * 1"), node));
        config("/job/never", pipeline(false, timer("0 0 31 2 *"), node));
        config("/job/plain", pipeline(false, timer("*/10 8-18 * * 1-5\n0 0 1,15 * *"), node));

        Map<String, Definition> defs = byRef(adapter().definitions("ci"));

        assertThat(defs.get("zoned").schedules()).containsExactly("30 5 * * 1-5", "0 12 * * *");
        assertThat(defs.get("zoned").timezone()).isEqualTo("Europe/Berlin");
        assertThat(defs.get("zoned").problems()).isEmpty();
        for (String refused : List.of("late-zone", "no-such-zone", "bad-line")) {
            assertThat(defs.get(refused).schedules()).as(refused).isEmpty();
            assertThat(defs.get(refused).timezone()).as(refused).isNull();
            assertThat(defs.get(refused).problems())
                    .as(refused)
                    .singleElement()
                    .asString()
                    .contains("Jenkins refuses the timer trigger's spec");
        }
        assertThat(defs.get("late-zone").problems().get(0)).contains("line 2 'TZ=Europe/Berlin'");
        assertThat(defs.get("no-such-zone").problems().get(0)).contains("'TZ=Mars/Olympus'");
        assertThat(defs.get("bad-line").problems().get(0))
                .contains("line 2 '0 25 * * *'")
                .contains("hour");
        assertThat(defs.get("both-days").schedules())
                .as("the line Vigil can write")
                .containsExactly("15 6 * * 1");
        assertThat(defs.get("both-days").problems())
                .singleElement()
                .asString()
                .contains("'0 6 1 * 1'")
                .contains("both");
        assertThat(defs.get("never").schedules()).isEmpty();
        assertThat(defs.get("never").problems()).singleElement().asString().contains("'0 0 31 2 *'");
        assertThat(defs.get("plain").schedules()).containsExactly("0-50/10 8-18 * * 1-5", "0 0 1,15 * *");
    }

    @Test
    void a_freestyle_job_s_credentials_and_mail() throws Exception {
        listing("", root(job(FREESTYLE, "invoices")));
        config("/job/invoices", freestyle(false, timer("H 2 * * *"), """
                            <hudson.tasks.Mailer plugin="mailer@472.vf7c289a_4b_420">
                              <recipients>ops@example.com, Alice@Example.com bob@example.com</recipients>
                              <dontNotifyEveryUnstableBuild>false</dontNotifyEveryUnstableBuild>
                              <sendToIndividuals>false</sendToIndividuals>
                            </hudson.tasks.Mailer>
                            <hudson.plugins.emailext.ExtendedEmailPublisher plugin="email-ext@2.105">
                              <recipientList>$DEFAULT_RECIPIENTS, team@example.com</recipientList>
                              <configuredTriggers>
                                <hudson.plugins.emailext.plugins.trigger.FailureTrigger>
                                  <email>
                                    <recipientList></recipientList>
                                    <subject>$PROJECT_DEFAULT_SUBJECT</subject>
                                    <body>$PROJECT_DEFAULT_CONTENT</body>
                                    <recipientProviders>
                                      <hudson.plugins.emailext.plugins.recipients.ListRecipientProvider/>
                                      <hudson.plugins.emailext.plugins.recipients.DevelopersRecipientProvider/>
                                    </recipientProviders>
                                    <attachmentsPattern></attachmentsPattern>
                                    <attachBuildLog>false</attachBuildLog>
                                    <compressBuildLog>false</compressBuildLog>
                                    <replyTo>$PROJECT_DEFAULT_REPLYTO</replyTo>
                                    <contentType>project</contentType>
                                  </email>
                                </hudson.plugins.emailext.plugins.trigger.FailureTrigger>
                                <hudson.plugins.emailext.plugins.trigger.FixedTrigger>
                                  <email>
                                    <recipientList>fixed-only@example.com</recipientList>
                                    <subject>$PROJECT_DEFAULT_SUBJECT</subject>
                                    <body>$PROJECT_DEFAULT_CONTENT</body>
                                    <recipientProviders>
                                      <hudson.plugins.emailext.plugins.recipients.ListRecipientProvider/>
                                    </recipientProviders>
                                    <attachmentsPattern></attachmentsPattern>
                                    <attachBuildLog>false</attachBuildLog>
                                    <compressBuildLog>false</compressBuildLog>
                                    <replyTo>$PROJECT_DEFAULT_REPLYTO</replyTo>
                                    <contentType>project</contentType>
                                  </email>
                                </hudson.plugins.emailext.plugins.trigger.FixedTrigger>
                              </configuredTriggers>
                              <contentType>default</contentType>
                              <defaultSubject>$DEFAULT_SUBJECT</defaultSubject>
                              <defaultContent>$DEFAULT_CONTENT</defaultContent>
                              <attachmentsPattern></attachmentsPattern>
                              <presendScript>$DEFAULT_PRESEND_SCRIPT</presendScript>
                              <postsendScript>$DEFAULT_POSTSEND_SCRIPT</postsendScript>
                              <attachBuildLog>false</attachBuildLog>
                              <compressBuildLog>false</compressBuildLog>
                              <replyTo>$DEFAULT_REPLYTO</replyTo>
                              <from></from>
                              <saveOutput>false</saveOutput>
                              <disabled>false</disabled>
                            </hudson.plugins.emailext.ExtendedEmailPublisher>
                        """, """
                            <org.jenkinsci.plugins.credentialsbinding.impl.SecretBuildWrapper plugin="credentials-binding@681.vf91669a_32e45">
                              <bindings>
                                <org.jenkinsci.plugins.credentialsbinding.impl.UsernamePasswordMultiBinding>
                                  <credentialsId>billing-db</credentialsId>
                                  <usernameVariable>DB_USER</usernameVariable>
                                  <passwordVariable>DB_PASSWORD</passwordVariable>
                                </org.jenkinsci.plugins.credentialsbinding.impl.UsernamePasswordMultiBinding>
                                <org.jenkinsci.plugins.credentialsbinding.impl.StringBinding>
                                  <credentialsId>${TOKEN_ID}</credentialsId>
                                  <variable>API_TOKEN</variable>
                                </org.jenkinsci.plugins.credentialsbinding.impl.StringBinding>
                              </bindings>
                            </org.jenkinsci.plugins.credentialsbinding.impl.SecretBuildWrapper>
                        """));

        Definition invoices = adapter().definitions("ci").get(0);

        assertThat(invoices.credentials())
                .containsExactly(
                        new Definition.Handle("git-deploy-key", "config.xml UserRemoteConfig"),
                        new Definition.Handle("billing-db", "config.xml UsernamePasswordMultiBinding"));
        assertThat(invoices.routes())
                .extracting(Definition.PlatformRoute::target, Definition.PlatformRoute::where)
                .as("a success trigger's list is no error route")
                .containsExactly(
                        tuple("ops@example.com", "E-mail Notification (Mailer) publisher"),
                        tuple("alice@example.com", "E-mail Notification (Mailer) publisher"),
                        tuple("bob@example.com", "E-mail Notification (Mailer) publisher"),
                        tuple("team@example.com", "Editable Email Notification (email-ext), FailureTrigger"));
        assertThat(invoices.problems()).hasSize(2);
        assertThat(invoices.problems())
                .anySatisfy(p -> assertThat(p).contains("'${TOKEN_ID}'").contains("StringBinding"))
                .anySatisfy(p -> assertThat(p).contains("'$DEFAULT_RECIPIENTS'").contains("global"));
        assertThat(invoices.schedules()).singleElement().asString().matches("\\d{1,2} 2 \\* \\* \\*");
        assertThat(invoices.toString()).doesNotContain("DB_PASSWORD");
    }

    @Test
    void a_pipeline_script_s_credentials_and_mail_steps() throws Exception {
        listing("", root(job(PIPELINE, "invoices")));
        String script = """
                pipeline {
                  agent any
                  environment {
                    DB = credentials('billing-db')
                  }
                  stages {
                    stage('Invoices') {
                      steps {
                        git url: 'https://git.example.com/billing/invoices.git', credentialsId: params.GIT_CREDENTIALS
                        withCredentials([usernamePassword(credentialsId: "smtp-relay", usernameVariable: 'U', passwordVariable: 'P')]) {
                          sh './bin/invoices'
                        }
                        // mail to: 'commented@example.com', subject: 'x', body: 'y'
                        /* emailext to: 'blocked@example.com', body: 'x' */
                        echo "not a step: mail to: 'in-a-string@example.com' {"
                      }
                    }
                  }
                  post {
                    success {
                      mail to: 'happy@example.com', subject: 'ok', body: 'ok'
                    }
                    failure {
                      mail to: 'billing-oncall@example.com, Dave@Example.com',
                           subject: "Invoices failed: ${env.BUILD_URL}",
                           body: 'see the log'
                      emailext(to: "${env.TEAM_MAIL}", subject: 'failed', body: '${BUILD_LOG}')
                    }
                    unstable {
                      emailext subject: 'unstable', body: 'x',
                        to: 'qa@example.com'
                    }
                  }
                }
                """;
        config("/job/invoices", pipeline(false, timer("H 3 * * *"), script));

        Definition invoices = adapter().definitions("ci").get(0);

        assertThat(invoices.credentials())
                .containsExactly(
                        new Definition.Handle("smtp-relay", "pipeline script line 10"),
                        new Definition.Handle("billing-db", "pipeline script line 4"));
        assertThat(invoices.routes())
                .extracting(Definition.PlatformRoute::target, Definition.PlatformRoute::where)
                .as("not the success mail, nor those in comments or strings")
                .containsExactly(
                        tuple("billing-oncall@example.com", "pipeline script line 24: mail step in post { failure }"),
                        tuple("dave@example.com", "pipeline script line 24: mail step in post { failure }"),
                        tuple("qa@example.com", "pipeline script line 30: emailext step in post { unstable }"));
        assertThat(invoices.problems()).hasSize(2);
        assertThat(invoices.problems())
                .anySatisfy(p -> assertThat(p).contains("line 9").contains("'params.GIT_CREDENTIALS'"))
                .anySatisfy(p -> assertThat(p).contains("line 27").contains("'${env.TEAM_MAIL}'"));
    }

    @Test
    void a_pipeline_from_scm_says_its_script_is_not_read() throws Exception {
        listing("", root(job(PIPELINE, "deploy")));
        config("/job/deploy", """
                <?xml version='1.1' encoding='UTF-8'?>
                <flow-definition plugin="workflow-job@1400.v7fd111b_ec82f">
                  <actions/>
                  <description></description>
                  <keepDependencies>false</keepDependencies>
                  <properties/>
                  <definition class="org.jenkinsci.plugins.workflow.cps.CpsScmFlowDefinition" plugin="workflow-cps@3894.vd0f0248b_a_fc4">
                    <scm class="hudson.plugins.git.GitSCM" plugin="git@5.2.2">
                      <configVersion>2</configVersion>
                      <userRemoteConfigs>
                        <hudson.plugins.git.UserRemoteConfig>
                          <url>https://git.example.com/ops/deploy.git</url>
                          <credentialsId>deploy-key</credentialsId>
                        </hudson.plugins.git.UserRemoteConfig>
                      </userRemoteConfigs>
                      <branches>
                        <hudson.plugins.git.BranchSpec>
                          <name>*/main</name>
                        </hudson.plugins.git.BranchSpec>
                      </branches>
                      <doGenerateSubmoduleConfigurations>false</doGenerateSubmoduleConfigurations>
                      <submoduleCfg class="empty-list"/>
                      <extensions/>
                    </scm>
                    <scriptPath>ci/Jenkinsfile.deploy</scriptPath>
                    <lightweight>true</lightweight>
                  </definition>
                  <triggers/>
                  <disabled>false</disabled>
                </flow-definition>
                """);

        Definition deploy = adapter().definitions("ci").get(0);

        assertThat(deploy.schedules()).isEmpty();
        assertThat(deploy.credentials()).extracting(Definition.Handle::id).containsExactly("deploy-key");
        assertThat(deploy.problems()).singleElement().asString().contains("ci/Jenkinsfile.deploy");
    }

    @Test
    void an_xxe_attempt_is_refused_without_reading_anything(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-7f3a");
        listing("", root(job(FREESTYLE, "file"), job(FREESTYLE, "remote"), job(FREESTYLE, "broken")));
        config("/job/file", """
                <?xml version='1.1' encoding='UTF-8'?>
                <!DOCTYPE project [ <!ENTITY xxe SYSTEM "%s"> ]>
                <project>
                  <description>&xxe;</description>
                  <disabled>false</disabled>
                  <triggers>
                    <hudson.triggers.TimerTrigger>
                      <spec>&xxe;</spec>
                    </hudson.triggers.TimerTrigger>
                  </triggers>
                  <publishers>
                    <hudson.tasks.Mailer plugin="mailer@472.vf7c289a_4b_420">
                      <recipients>&xxe;</recipients>
                    </hudson.tasks.Mailer>
                  </publishers>
                </project>
                """.formatted(secret.toUri()));
        config("/job/remote", """
                <?xml version='1.1' encoding='UTF-8'?>
                <!DOCTYPE project [ <!ENTITY %% remote SYSTEM "%s/xxe.dtd"> %%remote; ]>
                <project>
                  <disabled>false</disabled>
                </project>
                """.formatted(jenkins.baseUrl()));
        config("/job/broken", "<?xml version='1.1' encoding='UTF-8'?>\n<project>\n  <disabled>true</disabled>\n");

        List<Definition> defs = adapter().definitions("ci");

        assertThat(defs).extracting(Definition::ref).containsExactly("file", "remote", "broken");
        for (Definition d : defs) {
            assertThat(d.schedules()).isEmpty();
            assertThat(d.routes()).isEmpty();
            assertThat(d.problems())
                    .as(d.ref())
                    .singleElement()
                    .asString()
                    .contains("config.xml is not XML Vigil reads");
            assertThat(d.toString()).doesNotContain("TOP-SECRET-7f3a");
        }
        assertThat(defs.get(0).problems().get(0)).contains("DOCTYPE");
        jenkins.verify(0, anyRequestedFor(urlPathMatching("/xxe.*")));
    }

    @Test
    void refused_credentials_throw_auth_and_a_refused_config_is_a_problem_on_its_job() throws Exception {
        String basic = Base64.getEncoder().encodeToString(("vigil:" + TOKEN).getBytes(StandardCharsets.UTF_8));
        jenkins.stubFor(get(urlPathEqualTo("/api/json"))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("WWW-Authenticate", "Basic realm=\"Jenkins\"")
                        .withBody("Invalid password/token for user: vigil")));
        SourceException e = catchThrowableOfType(() -> adapter().definitions("ci"), SourceException.class);
        assertThat(e.kind()).isEqualTo(SourceException.Kind.AUTH);
        assertThat(e.getMessage()).contains("HTTP 401").doesNotContain(TOKEN).doesNotContain(basic);

        jenkins.resetAll();
        listing("", root(job(FREESTYLE, "secret-job"), job(FREESTYLE, "gone"), job(FREESTYLE, "open")));
        jenkins.stubFor(get(urlPathEqualTo("/job/secret-job/config.xml"))
                .willReturn(aResponse().withStatus(403).withBody("vigil is missing the Job/ExtendedRead permission")));
        jenkins.stubFor(get(urlPathEqualTo("/job/gone/config.xml"))
                .willReturn(aResponse().withStatus(404)));
        config("/job/open", freestyle(false, timer("0 4 * * *"), "", ""));

        Map<String, Definition> defs = byRef(adapter().definitions("ci"));

        assertThat(defs.get("secret-job").problems()).singleElement().asString().contains("Job/ExtendedRead");
        assertThat(defs.get("gone").problems()).singleElement().asString().contains("HTTP 404");
        assertThat(defs.get("open").schedules()).containsExactly("0 4 * * *");
        assertThat(defs.get("open").problems()).isEmpty();
    }
}
