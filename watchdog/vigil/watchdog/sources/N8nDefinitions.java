package vigil.watchdog.sources;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vigil.inventory.Definition;
import vigil.inventory.Definition.Handle;
import vigil.inventory.Definition.PlatformRoute;

/**
 * n8n's workflows (public API v1, docs.n8n.io/api/api-reference "Workflow") as {@link
 * Definition}s. An active workflow runs its {@code activeVersion} (n8n 1.123 keeps the version it
 * activated apart from later edits), so its nodes are read from there; an inactive one from {@code
 * nodes}, which it runs once activated. Archived workflows are n8n's bin and give no definition,
 * though one may still serve as another's error workflow, which n8n runs as saved ({@code nodes}).
 *
 * <ul>
 *   <li>ref, name: the workflow's {@code id} and {@code name}; paused: not {@code active}; owner:
 *       null, as the public API names none.
 *   <li>schedules: from the enabled Schedule Trigger, Cron and Interval nodes ({@link
 *       N8nSchedules}); a node with {@code disabled: true} does nothing.
 *   <li>timezone: {@code settings.timezone}; absent or {@code DEFAULT} is the server's own.
 *   <li>credentials: each enabled node's {@code credentials} ({@code {type: {id, name}}}) as
 *       {@code Handle(id, "NAME (type)")}, once each, in node order.
 *   <li>routes: the mail and chat nodes of {@code settings.errorWorkflow} reached from its Error
 *       Trigger, and those reached from the error output of a node set to {@code onError:
 *       continueErrorOutput} — the last of its {@code main} outputs ({@link N8nRoutes}).
 * </ul>
 */
final class N8nDefinitions {
    static final String ERROR_TRIGGER = "n8n-nodes-base.errorTrigger";

    private final List<JsonNode> workflows;
    private final Map<String, JsonNode> byId = new LinkedHashMap<>();

    /** @param workflows every workflow n8n listed, so that error workflows are found among them */
    N8nDefinitions(List<JsonNode> workflows) {
        this.workflows = workflows;
        for (JsonNode workflow : workflows) {
            byId.put(workflow.path("id").asText(), workflow);
        }
    }

    List<Definition> read(String source) {
        List<Definition> definitions = new ArrayList<>();
        for (JsonNode workflow : workflows) {
            if (!workflow.path("isArchived").asBoolean(false)) {
                definitions.add(definition(source, workflow));
            }
        }
        return definitions;
    }

    private Definition definition(String source, JsonNode workflow) {
        boolean active = workflow.path("active").asBoolean(false);
        JsonNode runs = active && workflow.path("activeVersion").isObject() ? workflow.path("activeVersion") : workflow;
        Set<String> schedules = new LinkedHashSet<>();
        Map<String, Handle> credentials = new LinkedHashMap<>();
        List<PlatformRoute> routes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        N8nSchedules triggers = new N8nSchedules(schedules, problems);
        N8nRoutes own = new N8nRoutes(runs.path("nodes"), runs.path("connections"));
        for (JsonNode node : runs.path("nodes")) {
            if (node.path("disabled").asBoolean(false)) {
                continue;
            }
            String name = node.path("name").asText();
            if (N8nSchedules.trigger(node.path("type").asText())) {
                triggers.read(node);
            }
            credentials(node, credentials, problems);
            JsonNode outputs = runs.path("connections").path(name).path("main");
            if (node.path("onError").asText().equals("continueErrorOutput") && outputs.size() > 1) {
                own.from(name, outputs.size() - 1, "error output of node '" + name + "'", routes, problems);
            }
        }
        errorWorkflow(workflow, routes, problems);
        return new Definition(
                source,
                workflow.path("id").asText(),
                workflow.path("name").asText(),
                List.copyOf(schedules),
                timezone(workflow.path("settings"), problems),
                !active,
                null,
                List.copyOf(credentials.values()),
                routes,
                problems);
    }

    private static void credentials(JsonNode node, Map<String, Handle> credentials, List<String> problems) {
        node.path("credentials").fields().forEachRemaining(entry -> {
            String type = entry.getKey();
            JsonNode credential = entry.getValue();
            String name = credential.isTextual()
                    ? credential.asText()
                    : credential.path("name").asText("");
            String id = credential.path("id").asText("");
            if (id.isBlank()) {
                problems.add("node '" + node.path("name").asText() + "' names its " + type + " credential '" + name
                        + "' without an id: Vigil cannot name it");
            } else {
                credentials.putIfAbsent(id, new Handle(id, name.isBlank() ? type : name + " (" + type + ")"));
            }
        });
    }

    /** {@code settings.errorWorkflow}: the workflow n8n runs, from its Error Trigger, when this one fails. */
    private void errorWorkflow(JsonNode workflow, List<PlatformRoute> routes, List<String> problems) {
        String id = workflow.path("settings").path("errorWorkflow").asText("");
        if (id.isBlank() || id.equals("DEFAULT")) {
            return;
        }
        JsonNode handler = byId.get(id);
        if (handler == null) {
            problems.add("its error workflow " + id + " is not among the workflows n8n listed (deleted, or beyond"
                    + " what Vigil's API key may read): Vigil cannot tell where its errors go");
            return;
        }
        String place = "error workflow '" + handler.path("name").asText() + "'";
        String trigger = null;
        for (JsonNode node : handler.path("nodes")) {
            if (node.path("type").asText().equals(ERROR_TRIGGER)) {
                trigger = node.path("name").asText(); // the last one, as n8n picks it
            }
        }
        if (trigger == null) {
            problems.add(place + " has no Error Trigger node, so n8n runs none of it when this one fails");
        } else if (!mayCall(workflow, handler)) {
            problems.add(place + " does not let this workflow call it (its callerPolicy '"
                    + handler.path("settings").path("callerPolicy").asText() + "'), so n8n refuses to run it");
        } else {
            new N8nRoutes(handler.path("nodes"), handler.path("connections")).from(trigger, 0, place, routes, problems);
        }
    }

    /**
     * Whether the error workflow's {@code callerPolicy} lets this workflow call it: {@code any};
     * {@code workflowsFromAList} naming it in {@code callerIds}; {@code workflowsFromSameOwner}
     * when both are owned by one project (unknown owners taken as one). Without a policy, n8n
     * applies its {@code N8N_WORKFLOW_CALLER_POLICY_DEFAULT_OPTION}, taken to be its default,
     * {@code workflowsFromSameOwner}.
     */
    private static boolean mayCall(JsonNode caller, JsonNode handler) {
        JsonNode settings = handler.path("settings");
        String policy = settings.path("callerPolicy").asText("workflowsFromSameOwner");
        return switch (policy) {
            case "any" -> true;
            case "workflowsFromAList" ->
                List.of(settings.path("callerIds").asText("").split(",")).stream()
                        .map(String::strip)
                        .anyMatch(caller.path("id").asText()::equals);
            case "workflowsFromSameOwner" -> sameProject(caller, handler);
            default -> false; // "none"
        };
    }

    private static boolean sameProject(JsonNode a, JsonNode b) {
        String one = ownerProject(a);
        String other = ownerProject(b);
        return one == null || other == null || one.equals(other);
    }

    private static String ownerProject(JsonNode workflow) {
        for (JsonNode share : workflow.path("shared")) {
            if (share.path("role").asText().equals("workflow:owner")) {
                return share.path("projectId").asText(null);
            }
        }
        return null;
    }

    private static String timezone(JsonNode settings, List<String> problems) {
        String zone = settings.path("timezone").asText("");
        if (zone.isBlank() || zone.equals("DEFAULT")) {
            return null;
        }
        try {
            return ZoneId.of(zone).getId();
        } catch (DateTimeException e) {
            problems.add("its time zone '" + N8nParameters.shorten(zone) + "' is not one Vigil knows: read in the"
                    + " server's own");
            return null;
        }
    }
}
