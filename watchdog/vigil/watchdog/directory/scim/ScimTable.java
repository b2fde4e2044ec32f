package vigil.watchdog.directory.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * The {@code scim_resource} and {@code scim_member} rows, always on the handle of a directory
 * transaction. A resource to change is read {@code FOR UPDATE}: two PATCHes of one group at once
 * (Entra ID sends in parallel) apply one after the other, neither loses the other's members.
 */
final class ScimTable {
    private static final String COLUMNS = "type, id, body, created, modified, version";

    private final Handle h;

    ScimTable(Handle h) {
        this.h = h;
    }

    Optional<StoredResource> find(String id, boolean forUpdate) {
        return h.createQuery(
                        "SELECT " + COLUMNS + " FROM scim_resource WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""))
                .bind(0, id)
                .map((rs, ctx) -> row(rs))
                .findOne();
    }

    Optional<StoredResource> find(ResourceType type, String id, boolean forUpdate) {
        return find(id, forUpdate).filter(r -> r.type() == type);
    }

    /** Another resource of the type that has this unique name, if any. */
    boolean nameTaken(ResourceType type, String name, String exceptId) {
        return h.createQuery("SELECT COUNT(*) FROM scim_resource WHERE type = ? AND name = ? AND id <> ?")
                        .bind(0, type.name)
                        .bind(1, ResourceType.key(name))
                        .bind(2, exceptId)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    void insert(ResourceType type, String id, ObjectNode body, Instant now) {
        h.execute(
                "INSERT INTO scim_resource (id, type, name, external_id, manager_id, body, created, modified, version)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)",
                id,
                type.name,
                ResourceType.key(ScimJson.string(body, type.uniqueAttribute)),
                ScimJson.string(body, "externalId"),
                type == ResourceType.USER ? Mapping.managerId(body).orElse(null) : null,
                ScimJson.text(body),
                now.toEpochMilli(),
                now.toEpochMilli());
    }

    void update(StoredResource before, ObjectNode body, Instant now) {
        ResourceType type = before.type();
        h.execute(
                "UPDATE scim_resource SET name = ?, external_id = ?, manager_id = ?, body = ?, modified = ?,"
                        + " version = version + 1 WHERE id = ?",
                ResourceType.key(ScimJson.string(body, type.uniqueAttribute)),
                ScimJson.string(body, "externalId"),
                type == ResourceType.USER ? Mapping.managerId(body).orElse(null) : null,
                ScimJson.text(body),
                now.toEpochMilli(),
                before.id());
    }

    void delete(String id) {
        h.execute("DELETE FROM scim_member WHERE group_id = ?", id);
        h.execute("DELETE FROM scim_resource WHERE id = ?", id);
    }

    void members(String groupId, List<String> memberIds) {
        h.execute("DELETE FROM scim_member WHERE group_id = ?", groupId);
        for (String member : memberIds) {
            h.execute("INSERT INTO scim_member (group_id, member_id) VALUES (?, ?)", groupId, member);
        }
    }

    /** The groups that list {@code memberId} as a member. */
    List<String> groupsOf(String memberId) {
        return h.createQuery("SELECT group_id FROM scim_member WHERE member_id = ? ORDER BY group_id")
                .bind(0, memberId)
                .mapTo(String.class)
                .list();
    }

    /** The users whose manager is {@code userId}. */
    List<String> reportsOf(String userId) {
        return h.createQuery("SELECT id FROM scim_resource WHERE type = 'User' AND manager_id = ? ORDER BY id")
                .bind(0, userId)
                .mapTo(String.class)
                .list();
    }

    /**
     * Resources of {@code type} in the order they were created (the same on every page, as Okta
     * requires):
     * those whose {@code column} equals {@code value} when a column is given, else all.
     */
    List<StoredResource> list(ResourceType type, String column, String value) {
        Query q = h.createQuery("SELECT " + COLUMNS + " FROM scim_resource WHERE type = ?"
                        + (column == null ? "" : " AND " + column + " = ?") + " ORDER BY seq")
                .bind(0, type.name);
        if (column != null) {
            q.bind(1, value);
        }
        return q.map((rs, ctx) -> row(rs)).list();
    }

    int count(ResourceType type) {
        return h.createQuery("SELECT COUNT(*) FROM scim_resource WHERE type = ?")
                .bind(0, type.name)
                .mapTo(Integer.class)
                .one();
    }

    List<StoredResource> page(ResourceType type, int offset, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM scim_resource WHERE type = ? ORDER BY seq LIMIT ? OFFSET ?")
                .bind(0, type.name)
                .bind(1, limit)
                .bind(2, offset)
                .map((rs, ctx) -> row(rs))
                .list();
    }

    private static StoredResource row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new StoredResource(
                ResourceType.ofName(rs.getString(1)),
                rs.getString(2),
                ScimJson.stored(rs.getString(3)),
                Instant.ofEpochMilli(rs.getLong(4)),
                Instant.ofEpochMilli(rs.getLong(5)),
                rs.getLong(6));
    }
}
