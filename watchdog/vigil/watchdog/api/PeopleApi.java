package vigil.watchdog.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import vigil.inventory.Alias;
import vigil.inventory.Credential;
import vigil.inventory.Inventory;
import vigil.inventory.Person;
import vigil.inventory.Route;
import vigil.inventory.Workflow;
import vigil.inventory.load.Suggest;
import vigil.watchdog.directory.DirectoryStore;
import vigil.watchdog.http.ApiServer;
import vigil.watchdog.http.HttpError;

/**
 * {@code GET /api/v1/people/{email}}: a person as Vigil sees them now (docs/directory.md) — active
 * or not, since when and from which directory, their changes of state, and what they own or
 * receive: workflows, credentials, aliases they are in, routes that reach their mailbox.
 */
public final class PeopleApi {
    private final Supplier<Inventory> inventory;
    private final DirectoryStore directory;

    public PeopleApi(Supplier<Inventory> inventory, DirectoryStore directory) {
        this.inventory = inventory;
        this.directory = directory;
    }

    public ApiServer.Response person(ApiServer.Request request) {
        String path = request.path();
        String email = java.net.URLDecoder.decode(
                        path.substring(path.lastIndexOf('/') + 1), java.nio.charset.StandardCharsets.UTF_8)
                .trim()
                .toLowerCase(Locale.ROOT);
        Inventory inv = inventory.get();
        Person person = inv.person(email)
                .orElseThrow(() -> new HttpError(
                        404,
                        "unknown person '" + email + "'"
                                + Suggest.hint(
                                        email,
                                        inv.people().stream().map(Person::email).toList())));
        List<DirectoryStore.Stored> entries = directory.entries(email);
        List<DirectoryStore.Event> history = directory.history(email);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("name", person.name());
        body.put("manager", person.manager());
        body.put("active", person.active());
        body.put(
                "since",
                history.isEmpty() ? null : history.get(history.size() - 1).at());
        body.put(
                "source",
                person.written().contains("active") || entries.isEmpty()
                        ? "inventory"
                        : entries.get(0).entry().source());
        List<Map<String, Object>> directories = new ArrayList<>();
        for (DirectoryStore.Stored s : entries) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("source", s.entry().source());
            d.put("key", s.entry().key());
            d.put("active", s.entry().active() && !s.removed());
            d.put("removed", s.removed());
            d.put("since", s.since());
            directories.add(d);
        }
        body.put("directories", directories);
        body.put(
                "history",
                history.stream()
                        .map(e -> Map.of("at", e.at(), "active", e.active(), "source", e.source()))
                        .toList());
        body.put(
                "owns",
                Map.of(
                        "workflows",
                        inv.workflows().stream()
                                .filter(w -> email.equals(w.owner()))
                                .map(Workflow::id)
                                .toList(),
                        "credentials",
                        inv.credentials().stream()
                                .filter(c -> email.equals(c.owner()))
                                .map(Credential::id)
                                .toList()));
        body.put(
                "member_of",
                inv.aliases().stream()
                        .filter(a -> a.members().contains(email))
                        .map(Alias::email)
                        .toList());
        body.put(
                "routes",
                inv.workflows().stream()
                        .filter(w -> w.routes().stream().map(Route::target).anyMatch(email::equals))
                        .map(Workflow::id)
                        .toList());
        return ApiServer.Response.json(200, body);
    }
}
