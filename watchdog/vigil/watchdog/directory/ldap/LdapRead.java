package vigil.watchdog.directory.ldap;

import java.util.List;
import vigil.watchdog.directory.DirectoryStore.GroupEntry;
import vigil.watchdog.directory.DirectoryStore.PersonEntry;

/**
 * One complete read of the directory: the people (with an address) and the groups, ready for
 * {@code DirectoryStore.replace}; the DNs of people left out for having no {@code mail}; how many
 * pages the searches took.
 */
public record LdapRead(
        ServerKind kind, List<PersonEntry> people, List<GroupEntry> groups, List<String> withoutMail, int pages) {
    public LdapRead {
        people = List.copyOf(people);
        groups = List.copyOf(groups);
        withoutMail = List.copyOf(withoutMail);
    }
}
