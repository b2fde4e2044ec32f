package vigil.watchdog.directory.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static vigil.watchdog.directory.scim.OktaProvisioningTest.group;
import static vigil.watchdog.directory.scim.OktaProvisioningTest.person;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Microsoft Entra ID's requests, replayed in the order its provisioning service sends them,
 * through the real daemon and a real HTTP client. The fixtures are the bodies of Microsoft's
 * "Tutorial: Develop and plan provisioning for a SCIM endpoint in Microsoft Entra ID"
 * (learn.microsoft.com/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups,
 * "User Operations" and "Group Operations"), and of "Known issues and resolutions with SCIM 2.0
 * protocol compliance of the Microsoft Entra user provisioning service"
 * (…/application-provisioning-config-problem-scim-compatibility): both shapes — without the {@code
 * aadOptscim062020} flag ({@code "op": "Replace"}, {@code "value": "False"}, members removed with a
 * value list) and with it (lower-case ops, a value object whose keys are paths, {@code
 * members[value eq "…"]}). The manager is sent as a bare id, as the tutorial's schema example
 * shows for the enterprise extension.
 */
class EntraProvisioningTest {
    static final String USER_NAME = "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee";
    static final String MAIL = "test_user_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com";

    static final String CREATE = """
            {
                "schemas": [
                    "urn:ietf:params:scim:schemas:core:2.0:User",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
                "userName": "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
                "active": true,
                "emails": [{
                    "primary": true,
                    "type": "work",
                    "value": "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com"
                }],
                "meta": { "resourceType": "User" },
                "name": {
                    "formatted": "givenName familyName",
                    "familyName": "familyName",
                    "givenName": "givenName"
                },
                "roles": []
            }""";

    static String patch(String operations) {
        return """
                { "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": %s }""".formatted(operations);
    }

    static String query(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void a_user_is_queried_created_updated_disabled_and_deleted(String kind, @TempDir Path dir) throws Exception {
        try (ScimDaemon scim = ScimDaemon.start(kind, dir)) {
            String byName = "/Users?filter=" + query("userName eq \"" + USER_NAME + "\"");
            JsonNode none = ScimDaemon.json(scim.send("GET", byName, null));
            assertThat(none.path("totalResults").asInt()).isZero();
            assertThat(none.path("Resources").isArray()).isTrue();

            HttpResponse<String> created = scim.send("POST", "/Users", CREATE);
            assertThat(created.statusCode()).isEqualTo(201);
            String id = ScimDaemon.json(created).path("id").asText();
            assertThat(person(scim, MAIL).name()).isEqualTo("givenName familyName");

            assertThat(ScimDaemon.json(scim.send("GET", "/Users/" + id, null))
                            .path("externalId")
                            .asText())
                    .isEqualTo("0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef");
            assertThat(ScimDaemon.json(scim.send("GET", byName, null))
                            .path("totalResults")
                            .asInt())
                    .isEqualTo(1);
            String byWorkMail = "/Users?filter=" + query("emails[type eq \"work\"].value eq \"" + MAIL + "\"");
            assertThat(ScimDaemon.json(scim.send("GET", byWorkMail, null))
                            .path("totalResults")
                            .asInt())
                    .isEqualTo(1);
            String byExternalId = "/Users?filter=" + query("externalId eq \"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef\"");
            assertThat(ScimDaemon.json(scim.send("GET", byExternalId, null))
                            .path("totalResults")
                            .asInt())
                    .isEqualTo(1);

            // Update User [Multi-valued properties]
            HttpResponse<String> multi = scim.send("PATCH", "/Users/" + id, patch("""
                    [{ "op": "Replace", "path": "emails[type eq \\"work\\"].value", "value": "updatedEmail@microsoft.com" },
                     { "op": "Replace", "path": "name.familyName", "value": "updatedFamilyName" }]"""));
            assertThat(multi.statusCode()).isEqualTo(200);
            assertThat(ScimDaemon.json(multi)
                            .path("emails")
                            .get(0)
                            .path("value")
                            .asText())
                    .isEqualTo("updatedEmail@microsoft.com");
            assertThat(person(scim, "updatedemail@microsoft.com").activeNow()).isTrue();
            assertThat(scim.facts().people()).extracting(p -> p.email()).doesNotContain(MAIL);

            // Update User [Single-valued properties]
            assertThat(scim.send("PATCH", "/Users/" + id, patch("""
                                            [{ "op": "Replace", "path": "userName",
                                               "value": "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com" }]""")).statusCode())
                    .isEqualTo(200);

            // the manager: another user, named by id in the enterprise extension
            String boss = ScimDaemon.json(scim.send(
                            "POST",
                            "/Users",
                            CREATE.replace(USER_NAME, "boss@testuser.com")
                                    .replace(
                                            "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com",
                                            "boss@testuser.com")))
                    .path("id")
                    .asText();
            assertThat(scim.send("PATCH", "/Users/" + id, patch("""
                            [{ "op": "Add",
                               "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
                               "value": "%s" }]""".formatted(boss)))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(person(scim, "updatedemail@microsoft.com").manager()).isEqualTo("boss@testuser.com");

            // with aadOptscim062020: several attributes in one value object whose keys are paths
            HttpResponse<String> several = scim.send("PATCH", "/Users/" + id, patch("""
                    [{ "op": "replace", "path": "emails[type eq \\"work\\"].value", "value": "TestMhvaes@test.microsoft.com" },
                     { "op": "replace", "value": {
                         "displayName": "Bjfe",
                         "name.givenName": "Kkom",
                         "name.familyName": "Unua",
                         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "Aklq" } }]"""));
            assertThat(several.statusCode()).isEqualTo(200);
            JsonNode after = ScimDaemon.json(scim.send("GET", "/Users/" + id, null));
            assertThat(after.path("name").path("givenName").asText()).isEqualTo("Kkom");
            assertThat(after.path("name").path("familyName").asText()).isEqualTo("Unua");
            assertThat(after.path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
                            .path("employeeNumber")
                            .asText())
                    .isEqualTo("Aklq");
            assertThat(person(scim, "testmhvaes@test.microsoft.com").name()).isEqualTo("Bjfe");

            // Disable, without the flag: "Replace" and the string "False"
            String disable = patch("""
                    [{ "op": "Replace", "path": "active", "value": "False" }]""");
            HttpResponse<String> disabled = scim.send("PATCH", "/Users/" + id, disable);
            assertThat(disabled.statusCode()).isEqualTo(200);
            assertThat(ScimDaemon.json(disabled).path("active").isBoolean()).isTrue();
            assertThat(person(scim, "testmhvaes@test.microsoft.com").activeNow())
                    .isFalse();
            assertThat(scim.history("testmhvaes@test.microsoft.com"))
                    .extracting(e -> e.active())
                    .containsExactly(false);
            // with the flag: the boolean; disabling again writes no second event
            assertThat(scim.send("PATCH", "/Users/" + id, patch("""
                            [{ "op": "replace", "path": "active", "value": false }]""")).statusCode())
                    .isEqualTo(200);
            assertThat(scim.history("testmhvaes@test.microsoft.com")).hasSize(1);

            assertThat(scim.send("PATCH", "/Users/" + id, patch("""
                            [{ "op": "Replace", "path": "active", "value": "True" }]""")).statusCode())
                    .isEqualTo(200);
            assertThat(scim.history("testmhvaes@test.microsoft.com"))
                    .extracting(e -> e.active())
                    .containsExactly(false, true);

            // Delete User: the person is gone from the directory, so no longer active
            assertThat(scim.send("DELETE", "/Users/" + id, null).statusCode()).isEqualTo(204);
            HttpResponse<String> gone = scim.send("GET", "/Users/" + id, null);
            assertThat(gone.statusCode()).isEqualTo(404);
            assertThat(ScimDaemon.json(gone).path("schemas").get(0).asText())
                    .isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
            assertThat(person(scim, "testmhvaes@test.microsoft.com").activeNow())
                    .isFalse();
            assertThat(scim.history("testmhvaes@test.microsoft.com"))
                    .extracting(e -> e.active())
                    .containsExactly(false, true, false);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void a_group_is_created_queried_given_and_rid_of_members_renamed_and_deleted(String kind, @TempDir Path dir)
            throws Exception {
        try (ScimDaemon scim = ScimDaemon.start(kind, dir)) {
            String user = ScimDaemon.json(scim.send("POST", "/Users", CREATE))
                    .path("id")
                    .asText();

            HttpResponse<String> created = scim.send("POST", "/Groups", """
                    {
                        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group",
                                    "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
                        "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
                        "displayName": "displayName",
                        "meta": { "resourceType": "Group" }
                    }""");
            assertThat(created.statusCode()).isEqualTo(201);
            String id = ScimDaemon.json(created).path("id").asText();

            JsonNode read = ScimDaemon.json(scim.send("GET", "/Groups/" + id + "?excludedAttributes=members", null));
            assertThat(read.path("displayName").asText()).isEqualTo("displayName");
            assertThat(read.has("members")).isFalse();
            JsonNode byName = ScimDaemon.json(scim.send(
                    "GET",
                    "/Groups?excludedAttributes=members&filter=" + query("displayName eq \"displayName\""),
                    null));
            assertThat(byName.path("totalResults").asInt()).isEqualTo(1);
            assertThat(byName.path("Resources").get(0).path("id").asText()).isEqualTo(id);

            String add = patch("""
                    [{ "op": "Add", "path": "members", "value": [{ "$ref": null, "value": "%s" }] }]""".formatted(user));
            assertThat(scim.send("PATCH", "/Groups/" + id, add).statusCode()).isEqualTo(204);
            assertThat(group(scim, id).members()).containsExactly(MAIL);
            // Entra ID adds again what it is not sure of: still one member
            assertThat(scim.send("PATCH", "/Groups/" + id, add).statusCode()).isEqualTo(204);
            assertThat(group(scim, id).members()).containsExactly(MAIL);

            // without the flag: remove with a value list
            assertThat(scim.send("PATCH", "/Groups/" + id, patch("""
                            [{ "op": "Remove", "path": "members", "value": [{ "$ref": null, "value": "%s" }] }]""".formatted(user)))
                            .statusCode())
                    .isEqualTo(204);
            assertThat(group(scim, id).members()).isEmpty();

            // with the flag: remove by a value filter
            assertThat(scim.send("PATCH", "/Groups/" + id, add).statusCode()).isEqualTo(204);
            assertThat(scim.send("PATCH", "/Groups/" + id, patch("""
                            [{ "op": "remove", "path": "members[value eq \\"%s\\"]" }]""".formatted(user)))
                            .statusCode())
                    .isEqualTo(204);
            assertThat(group(scim, id).members()).isEmpty();

            // Update Group [Non-member attributes]
            assertThat(scim.send("PATCH", "/Groups/" + id, patch("""
                            [{ "op": "Replace", "path": "displayName",
                               "value": "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName" }]""")).statusCode())
                    .isEqualTo(204);
            assertThat(group(scim, id).name()).isEqualTo("1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName");

            // a member user that is deleted leaves the group
            assertThat(scim.send("PATCH", "/Groups/" + id, add).statusCode()).isEqualTo(204);
            assertThat(scim.send("DELETE", "/Users/" + user, null).statusCode()).isEqualTo(204);
            assertThat(group(scim, id).members()).isEmpty();

            assertThat(scim.send("DELETE", "/Groups/" + id, null).statusCode()).isEqualTo(204);
            assertThat(scim.facts().groups()).isEmpty();
        }
    }
}
