package vigil.inventory.impact;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** What breaks if {@code people} are deactivated together; {@code verdict} is "blocked" or "clear". */
public record ImpactReport(
        List<String> people,
        String verdict,
        List<CredentialImpact> credentials,
        List<WorkflowImpact> workflows,
        List<RouteImpact> routes,
        List<AliasImpact> aliases,
        List<Suggestion> suggestedOwners) {

    public static final String BLOCKED = "blocked";
    public static final String CLEAR = "clear";

    public boolean blocked() {
        return BLOCKED.equals(verdict);
    }

    /**
     * A credential that loses its owner. {@code reason} is "owned" (a leaver owns it) or
     * "owned-through-alias" ({@code via} names the alias left without active members).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CredentialImpact(String id, String reason, String via, List<String> workflows) {}

    public record WorkflowImpact(String id, List<String> reasons) {}

    /** {@code effect}: "goes dark" (reaches nobody active) or "no longer durable". */
    public record RouteImpact(String workflow, String target, String effect) {}

    public record AliasImpact(String email, int activeMembersAfter) {}

    public record Suggestion(@JsonProperty("for") String forId, List<String> candidates) {}
}
