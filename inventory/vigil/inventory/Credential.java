package vigil.inventory;

import java.time.LocalDate;
import java.util.List;

/**
 * Metadata about a credential: what it is, what it opens, who owns it. {@code expires} may be null.
 * {@code refs} are its handles on the platforms, each {@code SERVER:HANDLE} (a configured source and
 * the platform's own name or id for it, docs/discovery.md), so that a platform's reference to a
 * credential maps to this one.
 */
public record Credential(
        String id, CredentialKind kind, String system, String owner, LocalDate expires, List<String> refs) {
    public Credential {
        refs = List.copyOf(refs);
    }

    public Credential(String id, CredentialKind kind, String system, String owner, LocalDate expires) {
        this(id, kind, system, owner, expires, List.of());
    }
}
