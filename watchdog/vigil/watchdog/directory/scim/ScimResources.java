package vigil.watchdog.directory.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.messages.PatchOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import vigil.watchdog.directory.DirectoryStore;
import vigil.watchdog.directory.DirectoryStore.GroupEntry;
import vigil.watchdog.directory.DirectoryStore.PersonEntry;

/**
 * Users and Groups kept as SCIM resources, each change written in one directory transaction with
 * what it means for the directory store: a User is a person entry of source {@code scim} (none while
 * it has no address), a Group a group entry whose members are the member users' addresses or
 * {@code group:ID}. The transaction commits before the caller answers, so a 2xx is never lost to
 * a crash; a refused request leaves resource, person and events as they were.
 */
public final class ScimResources {
    static final String SOURCE = "scim";

    private final DirectoryStore directory;
    private final Jdbi reads;

    public ScimResources(DirectoryStore directory, DataSource dataSource) {
        this.directory = directory;
        this.reads = Jdbi.create(dataSource);
    }

    /** Runs {@code work} on the table outside any write: a read. */
    <T> T read(Function<ScimTable, T> work) {
        return reads.withHandle((Handle h) -> work.apply(new ScimTable(h)));
    }

    StoredResource create(ResourceType type, ObjectNode body) {
        return directory.write(w -> {
            ScimTable t = new ScimTable(w.handle());
            String id = UUID.randomUUID().toString();
            ObjectNode resource = ResourceShape.of(type, id, body);
            unique(t, type, resource, id);
            t.insert(type, id, resource, w.now());
            sync(w, t, id);
            return t.find(id, false).orElseThrow();
        });
    }

    StoredResource replace(ResourceType type, String id, ObjectNode body) {
        return directory.write(w -> {
            ScimTable t = new ScimTable(w.handle());
            StoredResource before = existing(t, type, id);
            return change(w, t, before, ResourceShape.of(type, id, body));
        });
    }

    StoredResource patch(ResourceType type, String id, List<PatchOperation> operations) {
        return directory.write(w -> {
            ScimTable t = new ScimTable(w.handle());
            StoredResource before = existing(t, type, id);
            ObjectNode patched = before.body().deepCopy();
            VendorPatch.apply(operations, patched);
            return change(w, t, before, ResourceShape.of(type, id, patched));
        });
    }

    void delete(ResourceType type, String id) {
        directory.write(w -> {
            ScimTable t = new ScimTable(w.handle());
            existing(t, type, id);
            if (type == ResourceType.USER) {
                w.removePerson(SOURCE, id);
            } else {
                w.removeGroup(SOURCE, id);
            }
            for (String group : t.groupsOf(id)) {
                StoredResource g = t.find(group, true).orElseThrow();
                ObjectNode body = g.body().deepCopy();
                ArrayNode kept = body.arrayNode();
                body.withArray("members").forEach(m -> {
                    if (!id.equals(ScimJson.string(m, "value"))) {
                        kept.add(m);
                    }
                });
                body.set("members", kept);
                t.update(g, body, w.now());
                syncGroup(w, t, t.find(group, false).orElseThrow());
            }
            List<String> reports = type == ResourceType.USER ? t.reportsOf(id) : List.of();
            t.delete(id);
            reports.forEach(r -> syncUser(w, t, r));
            return null;
        });
    }

    private StoredResource change(DirectoryStore.Writes w, ScimTable t, StoredResource before, ObjectNode after) {
        if (after.equals(before.body())) {
            return before; // nothing changed: no write, no new version (a repeated deactivation)
        }
        unique(t, before.type(), after, before.id());
        t.update(before, after, w.now());
        sync(w, t, before.id());
        return t.find(before.id(), false).orElseThrow();
    }

    private static StoredResource existing(ScimTable t, ResourceType type, String id) {
        return t.find(type, id, true).orElseThrow(() -> ScimError.notFound("no " + type.name + " with this id"));
    }

    private static void unique(ScimTable t, ResourceType type, ObjectNode resource, String id) {
        if (t.nameTaken(type, ScimJson.string(resource, type.uniqueAttribute), id)) {
            throw ScimError.uniqueness("another " + type.name + " has this " + type.uniqueAttribute);
        }
    }

    private void sync(DirectoryStore.Writes w, ScimTable t, String id) {
        StoredResource r = t.find(id, false).orElseThrow();
        if (r.type() == ResourceType.USER) {
            syncUser(w, t, id);
        } else {
            syncGroup(w, t, r);
        }
    }

    /**
     * Puts the user's person entry when it differs from what the store has (a repeated request
     * writes nothing, so no second event); a user without an address has none. When the address
     * changed, the groups listing the user and the people it manages are put again.
     */
    private void syncUser(DirectoryStore.Writes w, ScimTable t, String id) {
        StoredResource user = t.find(id, false).orElseThrow();
        Optional<DirectoryStore.Stored> stored = w.person(SOURCE, id);
        String before =
                stored.filter(s -> !s.removed()).map(s -> s.entry().email()).orElse(null);
        Optional<String> email = Mapping.email(user.body()).map(ScimResources::lower);
        if (email.isEmpty()) {
            if (before != null) {
                w.removePerson(SOURCE, id);
            }
        } else {
            PersonEntry person = new PersonEntry(
                    SOURCE,
                    id,
                    email.get(),
                    Mapping.name(user.body()),
                    managerEmail(t, user),
                    Mapping.active(user.body()));
            if (stored.isEmpty() || stored.get().removed() || !same(stored.get().entry(), person)) {
                w.putPerson(person);
            }
        }
        if (!Objects.equals(before, email.orElse(null))) {
            for (String group : t.groupsOf(id)) {
                syncGroup(w, t, t.find(group, false).orElseThrow());
            }
            for (String report : t.reportsOf(id)) {
                if (!report.equals(id)) {
                    syncUser(w, t, report);
                }
            }
        }
    }

    private static String managerEmail(ScimTable t, StoredResource user) {
        return Mapping.managerId(user.body())
                .flatMap(m -> t.find(ResourceType.USER, m, false))
                .flatMap(m -> Mapping.email(m.body()))
                .map(ScimResources::lower)
                .orElse(null);
    }

    /** Puts the group with its members resolved; a member id that is no resource here is refused. */
    private void syncGroup(DirectoryStore.Writes w, ScimTable t, StoredResource group) {
        List<String> ids = new ArrayList<>();
        List<String> members = new ArrayList<>();
        JsonNode list = group.body().get("members");
        if (list != null) {
            for (JsonNode m : list) {
                String memberId = ScimJson.string(m, "value");
                StoredResource member = t.find(memberId, false)
                        .orElseThrow(() -> ScimError.invalidValue("a member is no User or Group here"));
                ids.add(memberId);
                if (member.type() == ResourceType.GROUP) {
                    members.add("group:" + memberId);
                } else {
                    Mapping.email(member.body()).map(ScimResources::lower).ifPresent(members::add);
                }
            }
        }
        t.members(group.id(), ids);
        w.putGroup(new GroupEntry(
                SOURCE,
                group.id(),
                ScimJson.string(group.body(), "displayName"),
                null,
                members.stream().distinct().toList()));
    }

    private static boolean same(PersonEntry stored, PersonEntry next) {
        return stored.email().equals(next.email())
                && Objects.equals(stored.name(), next.name())
                && Objects.equals(stored.manager(), next.manager())
                && stored.active() == next.active();
    }

    private static String lower(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }
}
