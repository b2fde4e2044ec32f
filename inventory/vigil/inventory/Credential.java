package vigil.inventory;

import java.time.LocalDate;

/** Metadata about a credential: what it is, what it opens, who owns it. {@code expires} may be null. */
public record Credential(String id, CredentialKind kind, String system, String owner, LocalDate expires) {}
