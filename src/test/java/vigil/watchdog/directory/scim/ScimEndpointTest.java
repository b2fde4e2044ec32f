package vigil.watchdog.directory.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static vigil.watchdog.directory.scim.EntraProvisioningTest.patch;
import static vigil.watchdog.directory.scim.EntraProvisioningTest.query;
import static vigil.watchdog.directory.scim.OktaProvisioningTest.CREATE;
import static vigil.watchdog.directory.scim.OktaProvisioningTest.person;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the SCIM endpoint refuses and how (RFC 7644 §3.12 error bodies, with the statuses the RFC
 * names), what it never keeps, its own token, and paging — through the real daemon.
 */
class ScimEndpointTest {
    static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

    @Test
    void without_directory_scim_in_vigil_yaml_every_path_is_404(@TempDir Path dir) throws Exception {
        try (ScimDaemon scim = ScimDaemon.start("h2", dir, "")) {
            HttpResponse<String> answer = scim.send("GET", "/Users", null);
            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(ScimDaemon.json(answer).path("schemas").get(0).asText()).isEqualTo(ERROR);
            assertThat(scim.send("POST", "/Users", CREATE).statusCode()).isEqualTo(404);
            assertThat(scim.storedBodies()).isEmpty();
        }
    }

    @Test
    void a_missing_or_wrong_token_is_401_with_a_scim_error_and_the_token_is_not_echoed(@TempDir Path dir)
            throws Exception {
        try (ScimDaemon scim = ScimDaemon.start("h2", dir)) {
            for (String authorization : new String[] {
                null, "Bearer wrong-token-1234", "Basic " + ScimDaemon.TOKEN, "Bearer " + ScimDaemon.TOKEN + "x"
            }) {
                HttpResponse<String> answer = scim.send("POST", "/Users", CREATE, authorization);
                assertThat(answer.statusCode())
                        .as(String.valueOf(authorization))
                        .isEqualTo(401);
                JsonNode error = ScimDaemon.json(answer);
                assertThat(error.path("schemas").get(0).asText()).isEqualTo(ERROR);
                assertThat(error.path("status").asText()).isEqualTo("401");
                assertThat(answer.body()).doesNotContain("wrong-token-1234").doesNotContain(ScimDaemon.TOKEN);
                assertThat(answer.headers().firstValue("WWW-Authenticate")).isPresent();
            }
            // the daemon's own API tokens are not SCIM tokens
            assertThat(scim.send("GET", "/Users", null, "Bearer admin-token-for-tests")
                            .statusCode())
                    .isEqualTo(401);
            assertThat(scim.storedBodies()).isEmpty();
            assertThat(scim.send("GET", "/Users", null).statusCode()).isEqualTo(200);
        }
    }

    static Stream<Arguments> malformed_patches() {
        return Stream.of(
                Arguments.of("not JSON", "{\"Operations\": [", "invalidSyntax"),
                Arguments.of(
                        "no Operations",
                        "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"]}",
                        "invalidSyntax"),
                Arguments.of(
                        "unknown op",
                        patch("[{\"op\": \"merge\", \"path\": \"active\", \"value\": false}]"),
                        "invalidSyntax"),
                Arguments.of(
                        "active neither true nor false",
                        patch("[{\"op\": \"replace\", \"path\": \"active\", \"value\": \"maybe\"}]"),
                        "invalidValue"),
                Arguments.of(
                        "a bad path",
                        patch("[{\"op\": \"replace\", \"path\": \"emails[type eq\", \"value\": 1}]"),
                        "invalidPath"),
                Arguments.of(
                        "userName removed", patch("[{\"op\": \"remove\", \"path\": \"userName\"}]"), "invalidValue"),
                Arguments.of("a good operation before a bad one", patch("""
                        [{"op": "replace", "path": "active", "value": false},
                         {"op": "replace", "path": "emails", "value": "not-a-list"}]"""), "invalidValue"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed_patches")
    void a_malformed_patch_is_refused_and_changes_nothing(String name, String body, String scimType, @TempDir Path dir)
            throws Exception {
        try (ScimDaemon scim = ScimDaemon.start("h2", dir)) {
            String id = ScimDaemon.json(scim.send("POST", "/Users", CREATE))
                    .path("id")
                    .asText();
            String before = scim.send("GET", "/Users/" + id, null).body();
            List<String> stored = scim.storedBodies();

            HttpResponse<String> answer = scim.send("PATCH", "/Users/" + id, body);

            assertThat(answer.statusCode()).isEqualTo(400);
            JsonNode error = ScimDaemon.json(answer);
            assertThat(error.path("schemas").get(0).asText()).isEqualTo(ERROR);
            assertThat(error.path("scimType").asText()).isEqualTo(scimType);
            assertThat(scim.send("GET", "/Users/" + id, null).body()).isEqualTo(before);
            assertThat(scim.storedBodies()).isEqualTo(stored);
            assertThat(person(scim, "test.user@okta.local").activeNow()).isTrue();
            assertThat(scim.events()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void a_password_is_never_stored_nor_answered(String kind, @TempDir Path dir) throws Exception {
        try (ScimDaemon scim = ScimDaemon.start(kind, dir)) {
            String id = ScimDaemon.json(scim.send("POST", "/Users", CREATE))
                    .path("id")
                    .asText();
            // Okta's password sync
            HttpResponse<String> synced = scim.send("PATCH", "/Users/" + id, patch("""
                    [{"op": "replace", "value": {"password": "s3cret-Pa55"}}]"""));
            assertThat(synced.statusCode()).isEqualTo(200);
            assertThat(synced.body()).doesNotContain("s3cret-Pa55");
            HttpResponse<String> put = scim.send(
                    "PUT",
                    "/Users/" + id,
                    OktaProvisioningTest.put(id)
                            .replace("\"active\": true", "\"active\": true, \"Password\": \"an0ther-Pa55\""));
            assertThat(put.statusCode()).isEqualTo(200);
            assertThat(put.body()).doesNotContainIgnoringCase("password");
            assertThat(scim.storedBodies())
                    .isNotEmpty()
                    .noneMatch(b -> b.toLowerCase(java.util.Locale.ROOT).contains("password")
                            || b.contains("1mz050nq")
                            || b.contains("s3cret-Pa55")
                            || b.contains("an0ther-Pa55"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void a_second_user_name_or_group_name_is_409_whatever_its_case(String kind, @TempDir Path dir) throws Exception {
        try (ScimDaemon scim = ScimDaemon.start(kind, dir)) {
            assertThat(scim.send("POST", "/Users", CREATE).statusCode()).isEqualTo(201);
            HttpResponse<String> again = scim.send(
                    "POST",
                    "/Users",
                    CREATE.replace("\"userName\": \"test.user@okta.local\"", "\"userName\": \"Test.User@Okta.local\""));
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(ScimDaemon.json(again).path("scimType").asText()).isEqualTo("uniqueness");

            String group = "{\"displayName\": \"Ops\", \"members\": []}";
            String first = ScimDaemon.json(scim.send("POST", "/Groups", group))
                    .path("id")
                    .asText();
            String second = ScimDaemon.json(scim.send("POST", "/Groups", "{\"displayName\": \"Dev\"}"))
                    .path("id")
                    .asText();
            assertThat(scim.send("POST", "/Groups", group.replace("Ops", "OPS")).statusCode())
                    .isEqualTo(409);
            assertThat(scim.send("PATCH", "/Groups/" + second, patch("""
                            [{"op": "replace", "path": "displayName", "value": "ops"}]""")).statusCode())
                    .isEqualTo(409);
            assertThat(scim.facts().groups()).extracting(g -> g.name()).containsExactlyInAnyOrder("Ops", "Dev");
            assertThat(first).isNotEqualTo(second);
        }
    }

    @Test
    void a_group_member_that_is_no_resource_here_is_refused_and_nothing_is_stored(@TempDir Path dir) throws Exception {
        try (ScimDaemon scim = ScimDaemon.start("h2", dir)) {
            HttpResponse<String> answer = scim.send("POST", "/Groups", """
                    {"displayName": "Ops", "members": [{"value": "5f1c0000-0000-0000-0000-000000000000"}]}""");
            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(ScimDaemon.json(answer).path("scimType").asText()).isEqualTo("invalidValue");
            assertThat(scim.storedBodies()).isEmpty();
            assertThat(scim.facts().groups()).isEmpty();
        }
    }

    @Test
    /** Entra ID replaces the work address of a user who has none: that adds it (RFC 7644 §3.5.2.3). */
    void a_user_without_any_address_is_kept_but_is_no_person_until_it_gets_one(@TempDir Path dir) throws Exception {
        try (ScimDaemon scim = ScimDaemon.start("h2", dir)) {
            HttpResponse<String> created = scim.send("POST", "/Users", "{\"userName\": \"jdoe\", \"active\": true}");
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(scim.facts().people()).isEmpty();
            String id = ScimDaemon.json(created).path("id").asText();
            assertThat(scim.send("PATCH", "/Users/" + id, patch("""
                            [{"op": "Replace", "path": "emails[type eq \\"work\\"].value", "value": "jdoe@example.com"}]""")).statusCode())
                    .isEqualTo(200);
            assertThat(person(scim, "jdoe@example.com").activeNow()).isTrue();
            assertThat(ScimDaemon.json(scim.send("GET", "/Users/" + id, null))
                            .path("emails")
                            .get(0)
                            .path("type")
                            .asText())
                    .isEqualTo("work");
        }
    }

    @Test
    void filters_paging_and_discovery(@TempDir Path dir) throws Exception {
        try (ScimDaemon scim = ScimDaemon.start("h2", dir)) {
            for (String name : List.of("a", "b", "c")) {
                assertThat(scim.send(
                                        "POST",
                                        "/Users",
                                        "{\"userName\": \"" + name + "@example.com\", \"displayName\": \"User "
                                                + name.toUpperCase(java.util.Locale.ROOT) + "\"}")
                                .statusCode())
                        .isEqualTo(201);
            }
            JsonNode page = ScimDaemon.json(scim.send("GET", "/Users?startIndex=2&count=1", null));
            assertThat(page.path("totalResults").asInt()).isEqualTo(3);
            assertThat(page.path("startIndex").asInt()).isEqualTo(2);
            assertThat(page.path("itemsPerPage").asInt()).isEqualTo(1);
            assertThat(page.path("Resources").get(0).path("userName").asText()).isEqualTo("b@example.com");

            JsonNode either = ScimDaemon.json(scim.send(
                    "GET",
                    "/Users?filter=" + query("displayName eq \"User A\" or userName eq \"C@EXAMPLE.COM\"")
                            + "&attributes=userName",
                    null));
            assertThat(either.path("totalResults").asInt()).isEqualTo(2);
            assertThat(either.path("Resources").get(0).has("displayName")).isFalse();
            assertThat(either.path("Resources").get(0).has("id")).isTrue();

            HttpResponse<String> bad = scim.send("GET", "/Users?filter=" + query("userName eq"), null);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(ScimDaemon.json(bad).path("scimType").asText()).isEqualTo("invalidFilter");

            assertThat(ScimDaemon.json(scim.send("GET", "/ServiceProviderConfig", null))
                            .path("patch")
                            .path("supported")
                            .asBoolean())
                    .isTrue();
            assertThat(ScimDaemon.json(scim.send("GET", "/ResourceTypes", null))
                            .path("totalResults")
                            .asInt())
                    .isEqualTo(2);
            assertThat(ScimDaemon.json(scim.send("GET", "/Schemas", null))
                            .path("Resources")
                            .size())
                    .isEqualTo(3);
            assertThat(scim.send("GET", "/Bulk", null).statusCode()).isEqualTo(404);
            assertThat(scim.send("DELETE", "/Users", null).statusCode()).isEqualTo(405);
        }
    }
}
