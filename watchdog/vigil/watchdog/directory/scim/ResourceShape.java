package vigil.watchdog.directory.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Brings a resource to the form it is stored in, or refuses it: what the server owns ({@code id},
 * {@code meta}) is set or dropped, a {@code password} is dropped before anything is stored (Vigil
 * never authenticates anyone with it), booleans sent as strings are made booleans (Entra ID sends
 * {@code "active": "False"} without the {@code aadOptscim062020} flag), members are made unique.
 * Errors name the attribute, never its value.
 */
final class ResourceShape {
    private ResourceShape() {}

    static ObjectNode of(ResourceType type, String id, ObjectNode body) {
        ObjectNode r = body.deepCopy();
        r.remove("meta");
        r.remove("password");
        r.put("id", id);
        schemas(type, r);
        String unique = ScimJson.string(r, type.uniqueAttribute);
        if (unique == null) {
            throw ScimError.invalidValue(type.name + " needs a non-empty string '" + type.uniqueAttribute + "'");
        }
        if (unique.length() > 500) {
            throw ScimError.invalidValue("'" + type.uniqueAttribute + "' is longer than 500 characters");
        }
        string(r, "externalId");
        string(r, "displayName");
        if (type == ResourceType.USER) {
            user(r);
        } else {
            members(r);
        }
        return r;
    }

    private static void schemas(ResourceType type, ObjectNode r) {
        JsonNode schemas = r.get("schemas");
        ArrayNode list = r.arrayNode();
        if (schemas != null && schemas.isArray()) {
            schemas.forEach(s -> {
                if (s.isTextual()) {
                    list.add(s.textValue());
                }
            });
        }
        boolean hasCore = false;
        for (JsonNode s : list) {
            hasCore |= s.textValue().equalsIgnoreCase(type.schema);
        }
        if (!hasCore) {
            list.insert(0, type.schema);
        }
        r.set("schemas", list);
    }

    private static void user(ObjectNode r) {
        JsonNode active = r.get("active");
        if (active != null && !active.isNull()) {
            r.set("active", bool(active, "active"));
        }
        JsonNode name = r.get("name");
        if (name != null && !name.isNull() && !name.isObject()) {
            throw ScimError.invalidValue("'name' must be an object");
        }
        for (Map.Entry<String, JsonNode> field : iterable(r.fields())) {
            if (field.getValue().isArray()) {
                for (JsonNode value : field.getValue()) {
                    if (value.isObject()
                            && value.has("primary")
                            && !value.get("primary").isNull()) {
                        ((ObjectNode) value).set("primary", bool(value.get("primary"), field.getKey() + ".primary"));
                    }
                }
            }
        }
        JsonNode emails = r.get("emails");
        if (emails != null && !emails.isNull()) {
            if (!emails.isArray()) {
                throw ScimError.invalidValue("'emails' must be an array");
            }
            for (JsonNode email : emails) {
                if (!email.isObject()
                        || (email.has("value") && !email.get("value").isTextual())) {
                    throw ScimError.invalidValue("each of 'emails' must be an object with a string 'value'");
                }
            }
        }
        JsonNode enterprise = r.get(ResourceType.ENTERPRISE_USER);
        if (enterprise != null && !enterprise.isNull() && !enterprise.isObject()) {
            throw ScimError.invalidValue("the enterprise extension must be an object");
        }
    }

    /** Members as a list of {value, display?, type?} with each value once; a member needs a value. */
    private static void members(ObjectNode r) {
        JsonNode members = r.get("members");
        if (members == null || members.isNull()) {
            r.remove("members");
            return;
        }
        if (!members.isArray()) {
            throw ScimError.invalidValue("'members' must be an array");
        }
        ArrayNode unique = r.arrayNode();
        Set<String> seen = new HashSet<>();
        for (JsonNode m : members) {
            String value = m.isObject() ? ScimJson.string(m, "value") : null;
            if (value == null) {
                throw ScimError.invalidValue("each of 'members' must be an object with a string 'value'");
            }
            if (seen.add(value)) {
                unique.add(m);
            }
        }
        r.set("members", unique);
    }

    private static void string(ObjectNode r, String field) {
        JsonNode value = r.get(field);
        if (value != null && !value.isNull() && !value.isTextual()) {
            throw ScimError.invalidValue("'" + field + "' must be a string");
        }
    }

    /** A boolean, or the strings "true"/"false" in any case as Entra ID sends them. */
    static BooleanNode bool(JsonNode value, String attribute) {
        if (value.isBoolean()) {
            return (BooleanNode) value;
        }
        if (value.isTextual()) {
            switch (value.textValue().trim().toLowerCase(Locale.ROOT)) {
                case "true":
                    return BooleanNode.TRUE;
                case "false":
                    return BooleanNode.FALSE;
                default:
                    break;
            }
        }
        throw ScimError.invalidValue("'" + attribute + "' must be true or false");
    }

    private static <T> Iterable<T> iterable(Iterator<T> iterator) {
        return () -> iterator;
    }
}
