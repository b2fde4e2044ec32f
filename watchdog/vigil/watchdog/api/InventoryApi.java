package vigil.watchdog.api;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import vigil.inventory.Inventory;
import vigil.inventory.audit.Audit;
import vigil.inventory.audit.AuditEvidence;
import vigil.inventory.audit.Finding;
import vigil.inventory.impact.Impact;
import vigil.inventory.impact.ImpactReport;
import vigil.inventory.impact.UnknownPersonException;
import vigil.watchdog.http.ApiServer;
import vigil.watchdog.http.HttpError;

/** {@code GET /api/v1/audit} and {@code GET /api/v1/impact}: questions answered from the current inventory. */
public final class InventoryApi {
    private final Supplier<Inventory> inventory;
    private final Supplier<AuditEvidence> evidence;
    private final Supplier<java.time.ZoneId> zone;
    private final Clock clock;

    public InventoryApi(
            Supplier<Inventory> inventory,
            Supplier<AuditEvidence> evidence,
            Supplier<java.time.ZoneId> zone,
            Clock clock) {
        this.inventory = inventory;
        this.evidence = evidence;
        this.zone = zone;
        this.clock = clock;
    }

    public ApiServer.Response audit(ApiServer.Request request) {
        List<Finding> findings = Audit.run(inventory.get(), evidence.get(), LocalDate.now(clock.withZone(zone.get())));
        return ApiServer.Response.json(200, Map.of("findings", findings));
    }

    public ApiServer.Response impact(ApiServer.Request request) {
        List<String> people = request.params("person");
        if (people.isEmpty()) {
            throw new HttpError(400, "name at least one person: ?person=EMAIL[&person=EMAIL…]");
        }
        try {
            AuditEvidence known = evidence.get();
            ImpactReport report = Impact.of(inventory.get(), people, known.rejectedAddresses(), known.definitions());
            return ApiServer.Response.json(200, report);
        } catch (UnknownPersonException e) {
            throw new HttpError(404, e.getMessage());
        }
    }
}
