package vigil.watchdog.sources;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vigil.inventory.Definition.PlatformRoute;

/**
 * Where n8n's mail and chat nodes send, followed along a workflow's {@code main} connections from
 * one output of one node: an error workflow's Error Trigger, or a node's error output. The
 * recipients' parameters are those of the nodes as n8n 1.123 creates them (Send Email 2.1: {@code
 * toEmail}, {@code options.ccEmail}/{@code bccEmail}; Gmail 2.x: {@code sendTo}, {@code
 * options.ccList}/{@code bccList}; Microsoft Outlook 2: {@code toRecipients}, {@code
 * additionalFields.ccRecipients}/{@code bccRecipients}; Slack 2.x: {@code channelId} or, with
 * {@code select: user}, {@code user}, each a resource locator; Microsoft Teams 2: {@code channelId}
 * of a channel message, {@code chatId} of a chat message), and the older versions' names where
 * they differ (Send Email 1 {@code ccEmail}, Gmail 1 {@code toList}, Slack 1 {@code channel}).
 * Only the operations that send are read (send, post, create, and "send and wait").
 */
final class N8nRoutes {
    private static final Set<String> MAIL =
            Set.of("n8n-nodes-base.emailSend", "n8n-nodes-base.gmail", "n8n-nodes-base.microsoftOutlook");

    private final Map<String, JsonNode> nodes = new HashMap<>();
    private final JsonNode connections;

    /** A workflow's nodes and connections (the version n8n runs). */
    N8nRoutes(JsonNode nodes, JsonNode connections) {
        for (JsonNode node : nodes) {
            this.nodes.put(node.path("name").asText(), node);
        }
        this.connections = connections;
    }

    /**
     * The routes of the enabled mail and chat nodes reached from {@code output} of {@code start}
     * (and on through all outputs of what follows), each {@code where} = {@code place} + ", node
     * 'NAME'"; a recipient written as an expression becomes a problem.
     */
    void from(String start, int output, String place, List<PlatformRoute> routes, List<String> problems) {
        for (JsonNode node : reached(start, output)) {
            if (node.path("disabled").asBoolean(false)) {
                continue; // n8n passes the items on past a disabled node, which itself sends nothing
            }
            String name = node.path("name").asText();
            String where = place + ", node '" + name + "'";
            try {
                for (String target : targets(node)) {
                    if (N8nParameters.expression(target)) {
                        problems.add("recipient of node '" + name + "' (" + place + ") is an expression ("
                                + N8nParameters.shorten(target) + "): Vigil cannot tell where it "
                                + (MAIL.contains(node.path("type").asText()) ? "mails" : "posts"));
                    } else {
                        routes.add(new PlatformRoute(target, where));
                    }
                }
            } catch (N8nParameters.Unreadable e) {
                problems.add(where + ": " + e.getMessage());
            }
        }
    }

    /** The nodes reached from one output of {@code start}, breadth first, each once. */
    private List<JsonNode> reached(String start, int output) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> next = new ArrayDeque<>();
        JsonNode outputs = connections.path(start).path("main");
        followed(outputs.path(output), seen, next);
        while (!next.isEmpty()) {
            for (JsonNode targets : connections.path(next.poll()).path("main")) {
                followed(targets, seen, next);
            }
        }
        List<JsonNode> reached = new ArrayList<>();
        for (String name : seen) {
            if (nodes.containsKey(name)) {
                reached.add(nodes.get(name));
            }
        }
        return reached;
    }

    private static void followed(JsonNode targets, Set<String> seen, Deque<String> next) {
        for (JsonNode target : targets) {
            String name = target.path("node").asText();
            if (seen.add(name)) {
                next.add(name);
            }
        }
    }

    /** The targets a node sends to, as routes name them; an expression kept as written (starting with '='). */
    private static List<String> targets(JsonNode node) throws N8nParameters.Unreadable {
        JsonNode p = node.path("parameters");
        String resource = p.path("resource").asText("");
        String operation = p.path("operation").asText("");
        return switch (node.path("type").asText()) {
            case "n8n-nodes-base.emailSend" ->
                sends(operation, "send")
                        ? mails(
                                p.path("toEmail"),
                                p.path("ccEmail"),
                                p.path("bccEmail"),
                                p.path("options").path("ccEmail"),
                                p.path("options").path("bccEmail"))
                        : List.of();
            case "n8n-nodes-base.gmail" ->
                (resource.isEmpty() || resource.equals("message")) && sends(operation, "send")
                        ? mails(
                                p.path("sendTo"), p.path("toList"),
                                p.path("options").path("ccList"),
                                        p.path("options").path("bccList"))
                        : List.of();
            case "n8n-nodes-base.microsoftOutlook" ->
                (resource.isEmpty() || resource.equals("message")) && sends(operation, "send")
                        ? mails(
                                p.path("toRecipients"),
                                p.path("additionalFields").path("ccRecipients"),
                                p.path("additionalFields").path("bccRecipients"))
                        : List.of();
            case "n8n-nodes-base.slack" ->
                (resource.isEmpty() || resource.equals("message")) && sends(operation, "post")
                        ? slack(node.path("typeVersion").asDouble(1), p)
                        : List.of();
            case "n8n-nodes-base.microsoftTeams" -> teams(resource, operation, p);
            default -> List.of();
        };
    }

    /** Whether {@code operation} (absent: n8n's default {@code sending}) sends a message. */
    private static boolean sends(String operation, String sending) {
        return operation.isEmpty() || operation.equals(sending) || operation.equals("sendAndWait");
    }

    /**
     * The addresses of mail parameters, each a list split at commas and semicolons ({@code Name
     * <a@b>} gives {@code a@b}); an expression is kept whole.
     */
    private static List<String> mails(JsonNode... parameters) throws N8nParameters.Unreadable {
        List<String> addresses = new ArrayList<>();
        for (JsonNode parameter : parameters) {
            List<String> texts = new ArrayList<>();
            if (parameter.isArray()) {
                parameter.forEach(v -> texts.add(v.asText()));
            } else if (parameter.isValueNode() && !parameter.isNull()) {
                texts.add(parameter.asText());
            } else if (!N8nParameters.absent(parameter)) {
                throw new N8nParameters.Unreadable("a recipient is " + N8nParameters.quoted(parameter));
            }
            for (String text : texts) {
                if (N8nParameters.expression(text)) {
                    addresses.add(text);
                    continue;
                }
                for (String part : N8nParameters.literal(text).split("[,;]")) {
                    String address = part.strip();
                    int open = address.lastIndexOf('<');
                    if (open >= 0 && address.endsWith(">")) {
                        address = address.substring(open + 1, address.length() - 1)
                                .strip();
                    }
                    if (!address.isEmpty()) {
                        addresses.add(address);
                    }
                }
            }
        }
        return addresses;
    }

    /** Slack 2.x: a channel or a user, each a resource locator; Slack 1: {@code channel}, a text. */
    private static List<String> slack(double version, JsonNode p) {
        if (version < 2) {
            return target("slack:#", p.path("channel"));
        }
        return p.path("select").asText("").equals("user")
                ? target("slack:@", p.path("user"))
                : target("slack:#", p.path("channelId"));
    }

    private static List<String> teams(String resource, String operation, JsonNode p) {
        if (resource.equals("channelMessage") && (operation.isEmpty() || operation.equals("create"))) {
            return target("teams:", p.path("channelId"));
        }
        if (resource.equals("chatMessage") && sends(operation, "create")) {
            return target("teams:", p.path("chatId"));
        }
        return List.of();
    }

    /**
     * A chat target from a text or a resource locator ({@code {__rl, value, mode,
     * cachedResultName}}): the name n8n's editor cached if there is one, else the value (a name, an
     * id, or the last part of a URL), without a leading {@code #} or {@code @}.
     */
    private static List<String> target(String prefix, JsonNode locator) {
        JsonNode value = locator.isObject() ? locator.path("value") : locator;
        String text = value.asText("");
        if (N8nParameters.expression(text)) {
            return List.of(text);
        }
        String name = locator.path("cachedResultName").asText("");
        if (name.isBlank()) {
            name = N8nParameters.literal(text).strip();
            if (locator.path("mode").asText("").equals("url")) {
                String path = name.replaceAll("[?#].*$", "").replaceAll("/+$", "");
                name = path.substring(path.lastIndexOf('/') + 1);
            }
        }
        name = name.strip().replaceFirst("^[#@]", "");
        return name.isEmpty() ? List.of() : List.of(prefix + name);
    }
}
