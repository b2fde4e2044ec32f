package vigil.watchdog.directory.scim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * What a SCIM User says about a person (docs/directory-scim.md, "What is mapped how"): the address
 * is the primary email, else the work email, else the userName when it is an address, else the
 * first email; the name is displayName, else name.formatted, else given and family name; the
 * manager is the enterprise extension's {@code manager} (an id of another User, as an object's
 * {@code value} or — Entra ID — a bare string); absent {@code active} means active.
 */
final class Mapping {
    private Mapping() {}

    static Optional<String> email(JsonNode user) {
        JsonNode emails = user.get("emails");
        if (emails != null && emails.isArray()) {
            for (JsonNode e : emails) {
                if (e.path("primary").asBoolean(false) && address(ScimJson.string(e, "value"))) {
                    return Optional.of(ScimJson.string(e, "value"));
                }
            }
            for (JsonNode e : emails) {
                if ("work".equalsIgnoreCase(ScimJson.string(e, "type")) && address(ScimJson.string(e, "value"))) {
                    return Optional.of(ScimJson.string(e, "value"));
                }
            }
        }
        String userName = ScimJson.string(user, "userName");
        if (address(userName)) {
            return Optional.of(userName);
        }
        if (emails != null && emails.isArray()) {
            for (JsonNode e : emails) {
                if (address(ScimJson.string(e, "value"))) {
                    return Optional.of(ScimJson.string(e, "value"));
                }
            }
        }
        return Optional.empty();
    }

    static String name(JsonNode user) {
        String display = ScimJson.string(user, "displayName");
        if (display != null) {
            return display.trim();
        }
        JsonNode name = user.get("name");
        String formatted = ScimJson.string(name, "formatted");
        if (formatted != null) {
            return formatted.trim();
        }
        String given = ScimJson.string(name, "givenName");
        String family = ScimJson.string(name, "familyName");
        String joined = ((given == null ? "" : given.trim()) + " " + (family == null ? "" : family.trim())).trim();
        return joined.isEmpty() ? null : joined;
    }

    /** The SCIM id of the user's manager, if the enterprise extension names one. */
    static Optional<String> managerId(JsonNode user) {
        JsonNode enterprise = user.get(ResourceType.ENTERPRISE_USER);
        JsonNode manager = enterprise == null ? null : enterprise.get("manager");
        if (manager == null || manager.isNull()) {
            return Optional.empty();
        }
        if (manager.isTextual()) {
            return Optional.ofNullable(ScimJson.string(enterprise, "manager"));
        }
        return Optional.ofNullable(ScimJson.string(manager, "value"));
    }

    static boolean active(JsonNode user) {
        JsonNode active = user.get("active");
        return active == null || active.isNull() || active.asBoolean();
    }

    private static boolean address(String value) {
        if (value == null) {
            return false;
        }
        int at = value.indexOf('@');
        return at > 0 && at == value.lastIndexOf('@') && at < value.length() - 1 && !value.contains(" ");
    }
}
