package vigil.inventory.audit;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What the audit learns from operation rather than from the inventory: addresses the mail server
 * rejected permanently, and pings for ids nobody inventoried.
 */
public record AuditEvidence(Set<String> rejectedAddresses, List<Stray> strays) {
    public AuditEvidence {
        rejectedAddresses = Set.copyOf(rejectedAddresses);
        strays = List.copyOf(strays);
    }

    public static AuditEvidence none() {
        return new AuditEvidence(Set.of(), List.of());
    }

    /** Pings received for an id that is not in the inventory. */
    public record Stray(String id, long count, Instant lastSeen) {}
}
