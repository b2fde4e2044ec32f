package vigil.watchdog.directory.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** A resource as stored: its body (no meta), when it was created and last changed, its version. */
record StoredResource(ResourceType type, String id, ObjectNode body, Instant created, Instant modified, long version) {}
