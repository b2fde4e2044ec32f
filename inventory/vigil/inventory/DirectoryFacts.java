package vigil.inventory;

import java.time.Instant;
import java.util.List;

/**
 * People and groups as the directories have them (docs/directory.md): the truth for a person's
 * {@code active}, name and manager and for an alias's members, where the inventory does not say
 * otherwise explicitly. One fact per person (the directory entry updated last decides); a group's
 * members are people's addresses or {@code group:KEY} for a nested group of the same source.
 */
public record DirectoryFacts(List<PersonFact> people, List<GroupFact> groups) {
    public DirectoryFacts {
        people = List.copyOf(people);
        groups = List.copyOf(groups);
    }

    public static DirectoryFacts none() {
        return new DirectoryFacts(List.of(), List.of());
    }

    /**
     * A person as a directory has them; {@code removed}: no longer in the directory (treated as
     * inactive); {@code since}: when their active state last changed there.
     */
    public record PersonFact(
            String email, String name, String manager, boolean active, boolean removed, String source, Instant since) {
        /** Active, as the directory has it: present and not disabled. */
        public boolean activeNow() {
            return active && !removed;
        }
    }

    /** A group: its directory's {@code key}, display {@code name}, {@code mail} (or null), members. */
    public record GroupFact(String source, String key, String name, String mail, List<String> members) {
        public GroupFact {
            members = List.copyOf(members);
        }
    }
}
