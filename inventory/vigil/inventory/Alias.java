package vigil.inventory;

import java.util.List;

/**
 * A team mailbox, distribution list or group; members are people or other aliases. {@code group}
 * (or null) names the directory group whose members it has, when the group's mail is not the
 * alias's address (docs/directory.md); members written here win over the directory's.
 */
public record Alias(String email, String name, List<String> members, String group) {
    public Alias {
        members = List.copyOf(members);
    }

    public Alias(String email, String name, List<String> members) {
        this(email, name, members, null);
    }
}
