package vigil.watchdog.directory.scim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;
import com.unboundid.scim2.common.utils.FilterEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vigil.watchdog.http.ApiServer;

/**
 * GET of one resource and of a list (RFC 7644 §3.4.2): {@code filter} as the SCIM SDK parses and
 * evaluates it (every operator, {@code and}/{@code or}/{@code not}, value paths such as {@code
 * emails[type eq "work"].value eq "…"}), {@code startIndex} (1-based) and {@code count} paging in
 * creation order. An {@code eq} on id, externalId or the unique name — what Okta and Entra ID look
 * up before a create — is answered from an index; other filters are evaluated over the type's rows.
 */
final class ScimQueries {
    static final int MAX_RESULTS = 200;
    static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    private final ScimResources resources;

    ScimQueries(ScimResources resources) {
        this.resources = resources;
    }

    StoredResource get(ResourceType type, String id) {
        return resources
                .read(t -> t.find(type, id, false))
                .orElseThrow(() -> ScimError.notFound("no " + type.name + " with this id"));
    }

    ObjectNode list(ResourceType type, ApiServer.Request request, Rendering rendering) {
        int startIndex = Math.max(1, integer(request, "startIndex", 1));
        int count = Math.min(MAX_RESULTS, Math.max(0, integer(request, "count", 100)));
        Optional<Filter> filter =
                request.param("filter").filter(f -> !f.isBlank()).map(ScimQueries::parse);
        int total;
        List<ObjectNode> page = new ArrayList<>();
        if (filter.isEmpty()) {
            total = resources.read(t -> t.count(type));
            resources.read(t -> t.page(type, startIndex - 1, count)).forEach(r -> page.add(rendering.resource(r)));
        } else {
            Optional<String[]> indexed = indexed(type, filter.get());
            List<StoredResource> candidates = resources.read(t ->
                    indexed.isPresent() ? t.list(type, indexed.get()[0], indexed.get()[1]) : t.list(type, null, null));
            List<ObjectNode> matches = new ArrayList<>();
            for (StoredResource r : candidates) {
                if (matches(filter.get(), rendering.full(r))) {
                    matches.add(rendering.resource(r));
                }
            }
            total = matches.size();
            matches.stream().skip(startIndex - 1L).limit(count).forEach(page::add);
        }
        ObjectNode answer = ScimJson.newObject();
        answer.putArray("schemas").add(LIST_RESPONSE);
        answer.put("totalResults", total);
        answer.put("startIndex", startIndex);
        answer.put("itemsPerPage", page.size());
        ArrayNode list = answer.putArray("Resources");
        page.forEach(list::add);
        return answer;
    }

    /**
     * Entra ID looks users up by {@code emails[type eq "work"].value eq "…"}, which RFC 7644's
     * grammar (and so the SDK) does not have: it is read as {@code emails[type eq "work" and value
     * eq "…"]}, which means the same.
     */
    private static final Pattern SUB_ATTRIBUTE_OF_VALUE_PATH = Pattern.compile(
            "^\\s*([^\\s\\[]+)\\[(.+)]\\.([A-Za-z][\\w$-]*)\\s+(eq|ne|co|sw|ew|gt|ge|lt|le)\\s+(.+?)\\s*$",
            Pattern.CASE_INSENSITIVE);

    static Filter parse(String filter) {
        try {
            return Filter.fromString(filter);
        } catch (ScimException e) {
            Matcher m = SUB_ATTRIBUTE_OF_VALUE_PATH.matcher(filter);
            if (m.matches()) {
                try {
                    return Filter.fromString(m.group(1) + "[(" + m.group(2) + ") and " + m.group(3) + " " + m.group(4)
                            + " " + m.group(5) + "]");
                } catch (ScimException again) {
                    // fall through: the filter is not valid either way
                }
            }
            throw new ScimError(400, "invalidFilter", "the filter is not a valid SCIM filter");
        }
    }

    private static boolean matches(Filter filter, ObjectNode resource) {
        try {
            return FilterEvaluator.evaluate(filter, resource);
        } catch (ScimException e) {
            throw new ScimError(400, "invalidFilter", "the filter cannot be evaluated: " + e.getMessage());
        }
    }

    /** The column and value of an {@code eq} this filter requires, if it requires one the table indexes. */
    private static Optional<String[]> indexed(ResourceType type, Filter filter) {
        if (filter.getFilterType() == FilterType.AND) {
            for (Filter f : filter.getCombinedFilters()) {
                Optional<String[]> one = indexed(type, f);
                if (one.isPresent()) {
                    return one;
                }
            }
            return Optional.empty();
        }
        if (filter.getFilterType() != FilterType.EQUAL
                || !filter.getComparisonValue().isTextual()) {
            return Optional.empty();
        }
        Path path = filter.getAttributePath();
        if (path == null
                || path.size() != 1
                || path.getElement(0).getValueFilter() != null
                || (path.getSchemaUrn() != null && !path.getSchemaUrn().equalsIgnoreCase(type.schema))) {
            return Optional.empty();
        }
        String attribute = path.getElement(0).getAttribute().toLowerCase(Locale.ROOT);
        String value = filter.getComparisonValue().textValue();
        if (attribute.equals("id")) {
            return Optional.of(new String[] {"id", value});
        }
        if (attribute.equals("externalid")) {
            return Optional.of(new String[] {"external_id", value});
        }
        if (attribute.equals(type.uniqueAttribute.toLowerCase(Locale.ROOT))) {
            return Optional.of(new String[] {"name", ResourceType.key(value)});
        }
        return Optional.empty();
    }

    private static int integer(ApiServer.Request request, String name, int fallback) {
        Optional<String> value = request.param(name);
        if (value.isEmpty() || value.get().isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.get().trim());
        } catch (NumberFormatException e) {
            throw ScimError.invalidValue("'" + name + "' must be an integer");
        }
    }
}
