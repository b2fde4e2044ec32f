package vigil.watchdog.directory.scim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vigil.inventory.DirectoryFacts;

/**
 * Okta's requests, replayed in the order Okta sends them, through the real daemon and a real HTTP
 * client. The fixtures are the request bodies of Okta's "SCIM 2.0 Protocol Reference"
 * (developer.okta.com/docs/reference/scim/scim-20/): the look-up by {@code userName} before a
 * create ({@code startIndex=1&count=100}), the create with a {@code password}, the GET and the PUT
 * of a profile update, the deactivation {@code {"op":"replace","value":{"active":false}}} (OIN
 * integrations; integrations built with the App Integration Wizard send a PUT with {@code "active":
 * false} instead), group push: create, rename (a value object that carries the id), membership
 * add/remove, the full replace of members, delete. Okta never DELETEs a user. The connection test
 * ({@code GET /Users?startIndex=1&count=2}) is as Okta's SCIM test suite for Runscope sends it.
 */
class OktaProvisioningTest {
    static final String LOOKUP = "/Users?filter=userName%20eq%20%22test.user%40okta.local%22&startIndex=1&count=100";

    static final String CREATE = """
            {
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                "userName": "test.user@okta.local",
                "name": { "givenName": "Test", "familyName": "User" },
                "emails": [{ "primary": true, "value": "test.user@okta.local", "type": "work" }],
                "displayName": "Test User",
                "locale": "en-US",
                "externalId": "00ujl29u0le5T6Aj10h7",
                "groups": [],
                "password": "1mz050nq",
                "active": true
            }""";

    static String put(String id) {
        return """
                {
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                    "id": "%s",
                    "userName": "test.user@okta.local",
                    "name": { "givenName": "Another", "middleName": "Excited", "familyName": "User" },
                    "emails": [{ "primary": true, "value": "test.user@okta.local", "type": "work",
                                 "display": "test.user@okta.local" }],
                    "active": true,
                    "groups": [],
                    "meta": { "resourceType": "User" }
                }""".formatted(id);
    }

    static final String DEACTIVATE = """
            {
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [{ "op": "replace", "value": { "active": false } }]
            }""";

    static final String REACTIVATE = """
            {
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [{ "op": "replace", "value": { "active": true } }]
            }""";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void a_user_is_looked_up_created_read_updated_deactivated_and_reactivated(String kind, @TempDir Path dir)
            throws Exception {
        try (ScimDaemon scim = ScimDaemon.start(kind, dir)) {
            HttpResponse<String> test = scim.send("GET", "/Users?startIndex=1&count=2", null);
            assertThat(test.statusCode()).isEqualTo(200);
            assertThat(test.headers().firstValue("Content-Type")).hasValue("application/scim+json");
            assertThat(ScimDaemon.json(test).path("totalResults").isInt()).isTrue();

            JsonNode none = ScimDaemon.json(scim.send("GET", LOOKUP, null));
            assertThat(none.path("schemas").get(0).asText())
                    .isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
            assertThat(none.path("totalResults").asInt()).isZero();
            assertThat(none.path("Resources").size()).isZero();

            HttpResponse<String> created = scim.send("POST", "/Users", CREATE);
            assertThat(created.statusCode()).isEqualTo(201);
            JsonNode user = ScimDaemon.json(created);
            String id = user.path("id").asText();
            assertThat(id).isNotBlank();
            assertThat(user.has("password")).isFalse();
            assertThat(user.path("meta").path("resourceType").asText()).isEqualTo("User");
            assertThat(user.path("meta").path("location").asText()).endsWith("/scim/v2/Users/" + id);
            assertThat(created.headers().firstValue("Location"))
                    .hasValue(user.path("meta").path("location").asText());
            assertThat(scim.storedBodies()).noneMatch(b -> b.contains("1mz050nq") || b.contains("password"));
            assertThat(person(scim, "test.user@okta.local"))
                    .extracting(DirectoryFacts.PersonFact::name, DirectoryFacts.PersonFact::active)
                    .containsExactly("Test User", true);

            JsonNode found = ScimDaemon.json(scim.send("GET", LOOKUP, null));
            assertThat(found.path("totalResults").asInt()).isEqualTo(1);
            assertThat(found.path("Resources").get(0).path("id").asText()).isEqualTo(id);

            JsonNode read = ScimDaemon.json(scim.send("GET", "/Users/" + id, null));
            assertThat(read.path("userName").asText()).isEqualTo("test.user@okta.local");

            HttpResponse<String> updated = scim.send("PUT", "/Users/" + id, put(id));
            assertThat(updated.statusCode()).isEqualTo(200);
            assertThat(ScimDaemon.json(updated).path("name").path("middleName").asText())
                    .isEqualTo("Excited");
            // the PUT carries no displayName: the name is made of given and family name
            assertThat(person(scim, "test.user@okta.local").name()).isEqualTo("Another User");
            assertThat(scim.history("test.user@okta.local")).isEmpty();

            HttpResponse<String> deactivated = scim.send("PATCH", "/Users/" + id, DEACTIVATE);
            assertThat(deactivated.statusCode()).isEqualTo(200);
            assertThat(ScimDaemon.json(deactivated).path("active").asBoolean(true))
                    .isFalse();
            assertThat(person(scim, "test.user@okta.local").activeNow()).isFalse();
            assertThat(scim.history("test.user@okta.local"))
                    .extracting(e -> e.active())
                    .containsExactly(false);

            assertThat(scim.send("PATCH", "/Users/" + id, DEACTIVATE).statusCode())
                    .isEqualTo(200);
            assertThat(scim.history("test.user@okta.local")).hasSize(1);

            assertThat(scim.send("PATCH", "/Users/" + id, REACTIVATE).statusCode())
                    .isEqualTo(200);
            assertThat(person(scim, "test.user@okta.local").activeNow()).isTrue();
            assertThat(scim.history("test.user@okta.local"))
                    .extracting(e -> e.active())
                    .containsExactly(false, true);
        }
    }

    /** App Integration Wizard integrations deactivate with a PUT of the whole user, "active": false. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void a_custom_integration_deactivates_with_a_put(String kind, @TempDir Path dir) throws Exception {
        try (ScimDaemon scim = ScimDaemon.start(kind, dir)) {
            String id = ScimDaemon.json(scim.send("POST", "/Users", CREATE))
                    .path("id")
                    .asText();
            String inactive = put(id).replace("\"active\": true", "\"active\": false");
            assertThat(scim.send("PUT", "/Users/" + id, inactive).statusCode()).isEqualTo(200);
            assertThat(scim.send("PUT", "/Users/" + id, inactive).statusCode()).isEqualTo(200);
            assertThat(person(scim, "test.user@okta.local").activeNow()).isFalse();
            assertThat(scim.history("test.user@okta.local")).hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void a_pushed_group_is_created_renamed_given_members_and_deleted(String kind, @TempDir Path dir) throws Exception {
        try (ScimDaemon scim = ScimDaemon.start(kind, dir)) {
            String test = ScimDaemon.json(scim.send("POST", "/Users", CREATE))
                    .path("id")
                    .asText();
            String other = ScimDaemon.json(scim.send(
                            "POST",
                            "/Users",
                            CREATE.replace("test.user@okta.local", "other.user@okta.local")
                                    .replace("00ujl29u0le5T6Aj10h7", "00ujl29u0le5T6Aj10h8")))
                    .path("id")
                    .asText();
            assertThat(scim.send("GET", "/Groups?startIndex=1&count=100", null).statusCode())
                    .isEqualTo(200);

            HttpResponse<String> created = scim.send("POST", "/Groups", """
                    {
                        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                        "displayName": "Test SCIMv2",
                        "members": []
                    }""");
            assertThat(created.statusCode()).isEqualTo(201);
            String group = ScimDaemon.json(created).path("id").asText();
            assertThat(group(scim, group).members()).isEmpty();

            HttpResponse<String> membership = scim.send("PATCH", "/Groups/" + group, """
                    {
                        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                        "Operations": [{
                              "op": "remove",
                              "path": "members[value eq \\"%s\\"]"
                            },
                            {
                              "op": "add",
                              "path": "members",
                              "value": [{ "value": "%s", "display": "test.user@okta.local" }]
                        }]
                    }""".formatted(other, test));
            assertThat(membership.statusCode()).isEqualTo(204);
            assertThat(group(scim, group).members()).containsExactly("test.user@okta.local");

            HttpResponse<String> renamed = scim.send("PATCH", "/Groups/" + group, """
                    {
                        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                        "Operations": [{
                            "op": "replace",
                            "value": { "id": "%s", "displayName": "Test SCIMv20" }
                        }]
                    }""".formatted(group));
            assertThat(renamed.statusCode()).isEqualTo(204);
            assertThat(group(scim, group).name()).isEqualTo("Test SCIMv20");
            assertThat(ScimDaemon.json(scim.send("GET", "/Groups/" + group, null))
                            .path("id")
                            .asText())
                    .isEqualTo(group);

            assertThat(scim.send("PATCH", "/Groups/" + group, """
                            {
                              "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                              "Operations": [{
                                  "op": "replace",
                                  "path": "members",
                                  "value": [
                                    { "value": "%s", "display": "test.user@okta.local" },
                                    { "value": "%s", "display": "test.user@okta.local" }
                                  ]
                              }]
                            }""".formatted(test, other))
                            .statusCode())
                    .isEqualTo(204);
            assertThat(group(scim, group).members()).containsExactly("test.user@okta.local", "other.user@okta.local");

            assertThat(scim.send("PATCH", "/Groups/" + group, """
                            {
                              "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                              "Operations": [{ "op": "remove", "path": "members[value eq \\"%s\\"]" }]
                            }""".formatted(test))
                            .statusCode())
                    .isEqualTo(204);
            assertThat(group(scim, group).members()).containsExactly("other.user@okta.local");

            assertThat(scim.send("DELETE", "/Groups/" + group, null).statusCode())
                    .isEqualTo(204);
            assertThat(scim.facts().groups()).isEmpty();
            assertThat(scim.send("GET", "/Groups/" + group, null).statusCode()).isEqualTo(404);
        }
    }

    static DirectoryFacts.PersonFact person(ScimDaemon scim, String email) {
        return scim.facts().people().stream()
                .filter(p -> p.email().equals(email))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no person " + email + " in " + scim.facts()));
    }

    static DirectoryFacts.GroupFact group(ScimDaemon scim, String key) {
        return scim.facts().groups().stream()
                .filter(g -> g.key().equals(key))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no group " + key + " in " + scim.facts()));
    }
}
