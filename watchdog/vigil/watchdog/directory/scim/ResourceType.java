package vigil.watchdog.directory.scim;

import java.util.Locale;
import java.util.Optional;

/** The two resource types served: their endpoint, core schema and the attribute unique per type. */
enum ResourceType {
    USER("User", "Users", "urn:ietf:params:scim:schemas:core:2.0:User", "userName"),
    GROUP("Group", "Groups", "urn:ietf:params:scim:schemas:core:2.0:Group", "displayName");

    static final String ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    final String name;
    final String endpoint;
    final String schema;
    /** userName for Users, displayName for Groups: required, unique, compared ignoring case. */
    final String uniqueAttribute;

    ResourceType(String name, String endpoint, String schema, String uniqueAttribute) {
        this.name = name;
        this.endpoint = endpoint;
        this.schema = schema;
        this.uniqueAttribute = uniqueAttribute;
    }

    static Optional<ResourceType> ofEndpoint(String segment) {
        for (ResourceType t : values()) {
            if (t.endpoint.equalsIgnoreCase(segment)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    static ResourceType ofName(String name) {
        for (ResourceType t : values()) {
            if (t.name.equals(name)) {
                return t;
            }
        }
        throw new IllegalStateException("unknown SCIM resource type " + name);
    }

    /** The stored form of the unique attribute's value. */
    static String key(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }
}
