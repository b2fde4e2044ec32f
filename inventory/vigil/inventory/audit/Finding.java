package vigil.inventory.audit;

/** One audit result. {@code workflow} is null for findings about a credential or alias alone. */
public record Finding(String rule, Severity severity, String workflow, String target, String message) {}
