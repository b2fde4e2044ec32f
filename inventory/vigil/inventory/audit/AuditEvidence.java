package vigil.inventory.audit;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What the audit learns from operation rather than from the inventory: addresses the mail server
 * rejected permanently, pings for ids nobody inventoried, and destinations notifications have not
 * reached for a long time.
 */
public record AuditEvidence(Set<String> rejectedAddresses, List<Stray> strays, List<Failing> failing) {
    public AuditEvidence {
        rejectedAddresses = Set.copyOf(rejectedAddresses);
        strays = List.copyOf(strays);
        failing = List.copyOf(failing);
    }

    public AuditEvidence(Set<String> rejectedAddresses, List<Stray> strays) {
        this(rejectedAddresses, strays, List.of());
    }

    public static AuditEvidence none() {
        return new AuditEvidence(Set.of(), List.of());
    }

    /**
     * Notifications to {@code destination} still undelivered: the oldest failed first at
     * {@code since}; {@code reason} is the last attempt's (never a secret).
     */
    public record Failing(String destination, int pending, Instant since, String reason) {}

    /** Pings received for an id that is not in the inventory. */
    public record Stray(String id, long count, Instant lastSeen) {}
}
