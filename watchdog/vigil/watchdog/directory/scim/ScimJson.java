package vigil.watchdog.directory.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;
import java.io.IOException;

/**
 * JSON as the SCIM SDK reads it: objects whose attribute names match case-insensitively, as RFC
 * 7643 §2.1 wants ({@code "UserName"} is {@code userName}). Stored bodies are read the same way.
 */
final class ScimJson {
    private ScimJson() {}

    /** A request body that must be one JSON object; anything else is the client's syntax error. */
    static ObjectNode object(byte[] body) {
        if (body.length == 0) {
            throw ScimError.invalidSyntax("the request has no body; a JSON object was expected");
        }
        try {
            JsonNode node = JsonUtils.getObjectReader().readTree(body);
            if (node == null || !node.isObject()) {
                throw ScimError.invalidSyntax("the body is not a JSON object");
            }
            return (ObjectNode) node;
        } catch (IOException e) {
            throw ScimError.invalidSyntax("the body is not valid JSON");
        }
    }

    /** A body this endpoint stored itself. */
    static ObjectNode stored(String json) {
        try {
            return (ObjectNode) JsonUtils.getObjectReader().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("a stored SCIM resource is not JSON", e);
        }
    }

    static String text(JsonNode node) {
        try {
            return JsonUtils.getObjectWriter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static byte[] bytes(Object value) {
        try {
            return JsonUtils.getObjectWriter().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** The string at {@code field}, or null when absent, null or blank. */
    static String string(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() && !value.textValue().isBlank() ? value.textValue() : null;
    }

    static ObjectNode newObject() {
        return JsonUtils.getJsonNodeFactory().objectNode();
    }
}
