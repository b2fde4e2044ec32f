package vigil.watchdog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The impact report as a readable text table: grouped, each line with its reason. */
final class ImpactText {
    private ImpactText() {}

    static String render(JsonNode r) {
        StringBuilder b = new StringBuilder();
        List<String> people = texts(r.path("people"));
        boolean blocked = "blocked".equals(r.path("verdict").asText());
        b.append("Deactivating ")
                .append(String.join(" and ", people))
                .append(": ")
                .append(blocked ? "BLOCKED" : "clear")
                .append('\n');
        b.append(
                        blocked
                                ? "  " + count(r.path("workflows"), "workflow")
                                        + " would break or lose their error routes; hand over"
                                        + " what is listed below before the account is deleted."
                                : "  Nothing in the inventory depends on "
                                        + (people.size() == 1 ? "this person" : "these people") + ".")
                .append('\n');

        section(b, "Credentials that lose their owner", r.path("credentials"), c -> {
            String why = "owned".equals(c.path("reason").asText())
                    ? "owned by a leaver"
                    : "owned by " + c.path("via").asText() + ", which has no active member left";
            List<String> used = texts(c.path("workflows"));
            return row(
                    c.path("id").asText(),
                    why + "; used by "
                            + (used.isEmpty()
                                    ? "no workflow"
                                    : count(c.path("workflows"), "workflow") + ": " + abbreviate(used)));
        });
        section(b, "Workflows that break", r.path("workflows"), w -> {
            List<String> reasons = texts(w.path("reasons"));
            StringBuilder s = new StringBuilder(row(w.path("id").asText(), reasons.get(0)));
            for (String reason : reasons.subList(1, reasons.size())) {
                s.append('\n').append(row("", reason));
            }
            return s.toString();
        });
        section(
                b,
                "Error routes affected",
                r.path("routes"),
                x -> row(
                        x.path("workflow").asText(),
                        x.path("target").asText() + " " + x.path("effect").asText()));
        section(
                b,
                "Aliases that fall below two active people",
                r.path("aliases"),
                a -> row(
                        a.path("email").asText(),
                        a.path("active_members_after").asInt() + " active "
                                + (a.path("active_members_after").asInt() == 1 ? "member" : "members") + " left"));
        section(
                b,
                "Suggested new owners",
                r.path("suggested_owners"),
                s -> row(
                        s.path("for").asText(),
                        s.path("candidates").isEmpty()
                                ? "nobody obvious: choose a team alias"
                                : String.join(", ", texts(s.path("candidates")))));
        b.append('\n').append("Verdict: ").append(r.path("verdict").asText()).append('\n');
        return b.toString();
    }

    private interface Line {
        String of(JsonNode node);
    }

    private static void section(StringBuilder b, String title, JsonNode items, Line line) {
        if (items.isEmpty()) {
            return;
        }
        b.append('\n').append(title).append(" (").append(items.size()).append(")\n");
        for (JsonNode item : items) {
            b.append(line.of(item)).append('\n');
        }
    }

    private static String row(String key, String text) {
        return String.format("  %-28s %s", key, text);
    }

    private static String count(JsonNode array, String noun) {
        return array.size() + " " + noun + (array.size() == 1 ? "" : "s");
    }

    private static String abbreviate(List<String> items) {
        return items.size() <= 5
                ? String.join(", ", items)
                : String.join(", ", items.subList(0, 5)) + ", … (" + (items.size() - 5) + " more)";
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
