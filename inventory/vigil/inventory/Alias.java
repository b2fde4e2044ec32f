package vigil.inventory;

import java.util.List;

/** A team mailbox, distribution list or group; members are people or other aliases. */
public record Alias(String email, String name, List<String> members) {
    public Alias {
        members = List.copyOf(members);
    }
}
