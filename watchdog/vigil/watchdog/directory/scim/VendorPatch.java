package vigil.watchdog.directory.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.PatchOpType;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.utils.JsonUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A PATCH request (RFC 7644 §3.5.2) as Okta and Entra ID send it, turned into operations the SCIM
 * SDK applies as the RFC says. Mended before the SDK sees them:
 *
 * <ul>
 *   <li>{@code op} in any case ({@code "Replace"}, Entra ID);
 *   <li>an add or replace without a path whose value object's keys are attributes or paths —
 *       {@code {"active": false}} (Okta's deactivation), {@code "name.givenName"} and full
 *       extension URNs (Entra ID with {@code aadOptscim062020}) — becomes one operation per key;
 *       {@code id}, {@code meta} and {@code schemas} in it are the server's and are ignored (Okta's
 *       group rename sends the id);
 *   <li>a remove of {@code members} with a value list (Entra ID without the flag) becomes one
 *       remove per member, {@code members[value eq "…"]};
 *   <li>a replace whose value filter matches nothing ({@code emails[type eq "work"].value} on a
 *       user without a work address) adds instead, as §3.5.2.3 does for a missing attribute.
 * </ul>
 */
final class VendorPatch {
    private static final Set<String> SERVER_OWNED = Set.of("id", "meta", "schemas");

    private VendorPatch() {}

    /** The operations of a PatchOp body; a malformed one is refused before anything is applied. */
    static List<PatchOperation> operations(ObjectNode body) {
        JsonNode ops = body.get("Operations");
        if (ops == null || !ops.isArray() || ops.isEmpty()) {
            throw ScimError.invalidSyntax("a PatchOp needs a non-empty 'Operations' array");
        }
        List<PatchOperation> operations = new ArrayList<>();
        for (JsonNode op : ops) {
            if (!op.isObject() || ScimJson.string(op, "op") == null) {
                throw ScimError.invalidSyntax("each operation needs an 'op'");
            }
            ObjectNode o = ((ObjectNode) op).deepCopy();
            String kind = o.get("op").textValue().trim().toLowerCase(Locale.ROOT);
            o.put("op", kind);
            JsonNode path = o.get("path");
            JsonNode value = o.get("value");
            boolean noPath = path == null
                    || path.isNull()
                    || (path.isTextual() && path.textValue().isBlank());
            if (noPath) {
                o.remove("path");
            }
            if (!kind.equals("remove") && noPath && value != null && value.isObject()) {
                perKey(kind, (ObjectNode) value, operations);
            } else if (kind.equals("remove") && !noPath && value != null && value.isArray() && isMembers(path)) {
                for (JsonNode member : value) {
                    String id = ScimJson.string(member, "value");
                    if (id == null) {
                        throw ScimError.invalidSyntax("a member to remove needs a 'value'");
                    }
                    operations.add(parse(removeMember(id)));
                }
            } else {
                if (kind.equals("remove")) {
                    o.remove("value");
                }
                operations.add(parse(o));
            }
        }
        return operations;
    }

    /** Applies the operations to {@code resource} in order; the first that fails fails them all. */
    static void apply(List<PatchOperation> operations, ObjectNode resource) {
        for (PatchOperation op : operations) {
            try {
                op.apply(resource);
            } catch (BadRequestException e) {
                if (BadRequestException.NO_TARGET.equals(e.getScimError().getScimType())
                        && op.getOpType() == PatchOpType.REPLACE
                        && hasValueFilter(op.getPath())) {
                    try {
                        PatchOperation.add(op.getPath(), op.getJsonNode()).apply(resource);
                        continue;
                    } catch (ScimException again) {
                        throw ScimError.of(again);
                    }
                }
                throw ScimError.of(e);
            } catch (ScimException e) {
                throw ScimError.of(e);
            }
        }
    }

    private static void perKey(String kind, ObjectNode value, List<PatchOperation> operations) {
        for (Map.Entry<String, JsonNode> field : iterable(value)) {
            String key = field.getKey();
            if (SERVER_OWNED.contains(key.toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (key.toLowerCase(Locale.ROOT).startsWith("urn:")
                    && field.getValue().isObject()) {
                // an extension's attributes as one object: {"urn:…:enterprise:2.0:User": {"manager": …}}
                for (Map.Entry<String, JsonNode> sub : iterable((ObjectNode) field.getValue())) {
                    operations.add(parse(op(kind, key + ":" + sub.getKey(), sub.getValue())));
                }
                continue;
            }
            operations.add(parse(op(kind, key, field.getValue())));
        }
    }

    private static ObjectNode op(String kind, String path, JsonNode value) {
        ObjectNode o = ScimJson.newObject();
        o.put("op", kind);
        o.set("path", TextNode.valueOf(path));
        o.set("value", value);
        return o;
    }

    private static ObjectNode removeMember(String id) {
        ObjectNode o = ScimJson.newObject();
        o.put("op", "remove");
        o.put("path", "members[value eq \"" + id.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]");
        return o;
    }

    private static boolean isMembers(JsonNode path) {
        return path.isTextual() && path.textValue().trim().equalsIgnoreCase("members");
    }

    private static boolean hasValueFilter(Path path) {
        return path != null && path.size() > 0 && path.getElement(0).getValueFilter() != null;
    }

    /** The SDK's reading of one operation; its refusals (a bad path, a missing value) become 400s. */
    private static PatchOperation parse(ObjectNode op) {
        try {
            return JsonUtils.getObjectReader().forType(PatchOperation.class).readValue(op);
        } catch (java.io.IOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ScimException scim) {
                    throw ScimError.of(scim);
                }
            }
            throw ScimError.invalidSyntax("an operation is not a valid PATCH operation (op add, replace or remove;"
                    + " a path; a value for add and replace)");
        } catch (IllegalArgumentException e) {
            throw ScimError.invalidSyntax("an operation is not a valid PATCH operation");
        }
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(ObjectNode node) {
        return node::fields;
    }
}
