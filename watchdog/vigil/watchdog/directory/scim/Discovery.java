package vigil.watchdog.directory.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code /ServiceProviderConfig}, {@code /ResourceTypes} and {@code /Schemas} (RFC 7644 §4), from
 * discovery.json beside this class: what this endpoint supports (PATCH and filters, no bulk, no
 * sort, no ETag preconditions) and the attributes it reads. Entra ID reads /Schemas when its
 * provisioning settings are saved.
 */
final class Discovery {
    private static final ObjectNode DOCUMENT = load();

    private Discovery() {}

    /** The answer for a discovery path, if it is one. */
    static Optional<JsonNode> answer(List<String> path) {
        String endpoint = path.get(0);
        if (endpoint.equalsIgnoreCase("ServiceProviderConfig") && path.size() == 1) {
            return Optional.of(DOCUMENT.get("ServiceProviderConfig"));
        }
        for (String listed : List.of("ResourceTypes", "Schemas")) {
            if (!endpoint.equalsIgnoreCase(listed)) {
                continue;
            }
            ArrayNode all = (ArrayNode) DOCUMENT.get(listed);
            if (path.size() == 1) {
                ObjectNode list = ScimJson.newObject();
                list.putArray("schemas").add(ScimQueries.LIST_RESPONSE);
                list.put("totalResults", all.size());
                list.put("startIndex", 1);
                list.put("itemsPerPage", all.size());
                list.set("Resources", all);
                return Optional.of(list);
            }
            if (path.size() == 2) {
                for (JsonNode one : all) {
                    if (one.get("id").textValue().equalsIgnoreCase(path.get(1))) {
                        return Optional.of(one);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static ObjectNode load() {
        try (InputStream in = Discovery.class.getResourceAsStream("discovery.json")) {
            if (in == null) {
                throw new IllegalStateException("discovery.json is missing beside " + Discovery.class.getName());
            }
            return (ObjectNode)
                    com.unboundid.scim2.common.utils.JsonUtils.getObjectReader().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
