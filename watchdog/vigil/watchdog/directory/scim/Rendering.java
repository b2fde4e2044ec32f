package vigil.watchdog.directory.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import vigil.watchdog.http.ApiServer;

/**
 * A stored resource as one request sees it: with {@code meta} (resourceType, created,
 * lastModified, location, version) and cut to {@code attributes} or {@code excludedAttributes}
 * (top-level attributes; {@code name.givenName} keeps or drops all of {@code name}). The location
 * is built from the request's Host (and X-Forwarded-Proto/Host behind a proxy).
 */
final class Rendering {
    private static final Set<String> ALWAYS = Set.of("id", "schemas", "meta");

    private final String base;
    private final Set<String> attributes;
    private final Set<String> excluded;

    Rendering(ApiServer.Request request) {
        String proto = request.header("X-Forwarded-Proto").orElse("http");
        String host = request.header("X-Forwarded-Host")
                .or(() -> request.header("Host"))
                .orElse("localhost");
        this.base = proto + "://" + host + "/scim/v2/";
        this.attributes = names(request.params("attributes"));
        this.excluded = names(request.params("excludedAttributes"));
    }

    /** The resource with meta and every attribute: what a filter is evaluated on. */
    ObjectNode full(StoredResource r) {
        ObjectNode out = r.body().deepCopy();
        ObjectNode meta = out.putObject("meta");
        meta.put("resourceType", r.type().name);
        meta.put("created", r.created().toString());
        meta.put("lastModified", r.modified().toString());
        meta.put("location", location(r));
        meta.put("version", etag(r));
        return out;
    }

    /** The resource as answered: with meta, cut to the requested attributes. */
    ObjectNode resource(StoredResource r) {
        ObjectNode out = full(r);
        if (!attributes.isEmpty() || !excluded.isEmpty()) {
            List<String> drop = new ArrayList<>();
            out.fieldNames().forEachRemaining(field -> {
                String name = field.toLowerCase(Locale.ROOT);
                boolean keep = ALWAYS.contains(name)
                        || ((attributes.isEmpty() || attributes.contains(name)) && !excluded.contains(name));
                if (!keep) {
                    drop.add(field);
                }
            });
            out.remove(drop);
        }
        return out;
    }

    String location(StoredResource r) {
        return base + r.type().endpoint + "/" + r.id();
    }

    static String etag(StoredResource r) {
        return "W/\"" + r.version() + "\"";
    }

    /**
     * Top-level names, lower-cased: {@code emails.value} is {@code emails}; a core schema's URN
     * prefix is dropped; an extension's attribute keeps the whole extension.
     */
    private static Set<String> names(List<String> params) {
        Set<String> names = new LinkedHashSet<>();
        for (String param : params) {
            for (String raw : param.split(",")) {
                String name = raw.trim();
                for (ResourceType t : ResourceType.values()) {
                    if (name.regionMatches(true, 0, t.schema + ":", 0, t.schema.length() + 1)) {
                        name = name.substring(t.schema.length() + 1);
                    }
                }
                if (name.regionMatches(
                        true, 0, ResourceType.ENTERPRISE_USER, 0, ResourceType.ENTERPRISE_USER.length())) {
                    name = ResourceType.ENTERPRISE_USER;
                } else if (name.indexOf('.') > 0) {
                    name = name.substring(0, name.indexOf('.'));
                }
                if (!name.isEmpty()) {
                    names.add(name.toLowerCase(Locale.ROOT));
                }
            }
        }
        return names;
    }
}
