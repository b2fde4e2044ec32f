package vigil.watchdog.summary;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vigil.inventory.audit.AuditEvidence;
import vigil.watchdog.runs.Run;

/**
 * What the store knows about one week: each workflow's runs (from a day before the week to its
 * end), its last report before the week, its last success by the week's end, when it entered the
 * inventory; the stray pings of the week, the addresses the mail server rejected for good, and
 * each workflow's anomalies of the week.
 */
public record WeekEvidence(
        Map<String, List<Run>> runs,
        Map<String, Instant> lastBefore,
        Map<String, Instant> lastSuccess,
        Map<String, Instant> firstSeen,
        List<AuditEvidence.Stray> strays,
        Set<String> rejected,
        Map<String, List<vigil.watchdog.baseline.Anomaly>> anomalies) {

    public WeekEvidence(
            Map<String, List<Run>> runs,
            Map<String, Instant> lastBefore,
            Map<String, Instant> lastSuccess,
            Map<String, Instant> firstSeen,
            List<AuditEvidence.Stray> strays,
            Set<String> rejected) {
        this(runs, lastBefore, lastSuccess, firstSeen, strays, rejected, Map.of());
    }
}
