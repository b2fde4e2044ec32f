package vigil.inventory.audit;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import vigil.inventory.Definition;
import vigil.inventory.DirectoryOverlay;

/**
 * What the audit learns from operation rather than from the inventory: addresses the mail server
 * rejected permanently, pings for ids nobody inventoried, and destinations notifications have not
 * reached for a long time, sources Vigil cannot read, and the workflows as the platforms define
 * them (their real routes and credentials count beside the inventory's, docs/discovery.md), and
 * where the inventory's explicit values disagree with a directory's (docs/directory.md).
 */
public record AuditEvidence(
        Set<String> rejectedAddresses,
        List<Stray> strays,
        List<Failing> failing,
        List<Blind> blind,
        List<Definition> definitions,
        List<DirectoryOverlay.Conflict> conflicts) {
    public AuditEvidence {
        rejectedAddresses = Set.copyOf(rejectedAddresses);
        strays = List.copyOf(strays);
        failing = List.copyOf(failing);
        blind = List.copyOf(blind);
        definitions = List.copyOf(definitions);
        conflicts = List.copyOf(conflicts);
    }

    public AuditEvidence(
            Set<String> rejectedAddresses,
            List<Stray> strays,
            List<Failing> failing,
            List<Blind> blind,
            List<Definition> definitions) {
        this(rejectedAddresses, strays, failing, blind, definitions, List.of());
    }

    public AuditEvidence(Set<String> rejectedAddresses, List<Stray> strays, List<Failing> failing, List<Blind> blind) {
        this(rejectedAddresses, strays, failing, blind, List.of(), List.of());
    }

    public AuditEvidence(Set<String> rejectedAddresses, List<Stray> strays) {
        this(rejectedAddresses, strays, List.of(), List.of());
    }

    public AuditEvidence(Set<String> rejectedAddresses, List<Stray> strays, List<Failing> failing) {
        this(rejectedAddresses, strays, failing, List.of());
    }

    /**
     * A source Vigil cannot read: its last {@code failures} polls failed, the last because Vigil's
     * own key was refused ({@code auth}) or for another reason; {@code error} says which in words.
     */
    public record Blind(String source, boolean auth, int failures, Instant since, String error) {}

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
