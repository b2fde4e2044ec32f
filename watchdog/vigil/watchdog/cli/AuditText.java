package vigil.watchdog.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** Audit findings as text: grouped by rule (errors first, as the daemon orders them), each with its fix. */
final class AuditText {
    private AuditText() {}

    static String render(JsonNode findings) {
        if (findings.isEmpty()) {
            return "No findings: every workflow reports to a durable team alias.\n";
        }
        StringBuilder b = new StringBuilder();
        String rule = null;
        int errors = 0;
        for (JsonNode f : findings) {
            String severity = f.path("severity").asText();
            if ("error".equals(severity)) {
                errors++;
            }
            if (!f.path("rule").asText().equals(rule)) {
                rule = f.path("rule").asText();
                b.append(b.length() == 0 ? "" : "\n")
                        .append(rule)
                        .append(" (")
                        .append(severity)
                        .append(")\n");
            }
            String subject = f.path("workflow").isNull() || f.path("workflow").isMissingNode()
                    ? f.path("target").asText()
                    : f.path("workflow").asText();
            b.append(String.format("  %-28s %s%n", subject, f.path("message").asText()));
        }
        b.append('\n')
                .append(findings.size())
                .append(findings.size() == 1 ? " finding: " : " findings: ")
                .append(errors)
                .append(errors == 1 ? " error, " : " errors, ")
                .append(findings.size() - errors)
                .append(findings.size() - errors == 1 ? " warning" : " warnings")
                .append('\n');
        return b.toString();
    }
}
