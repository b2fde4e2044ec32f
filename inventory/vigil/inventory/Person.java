package vigil.inventory;

import java.util.HashSet;
import java.util.Set;

/**
 * A person, identified by their mailbox. {@code manager} may be null. {@code written} names the
 * keys the inventory sets explicitly ({@code name}, {@code manager}, {@code active}): those win
 * over a directory's values (docs/directory.md); the rest come from the directory when it knows
 * the person.
 */
public record Person(String email, String name, String manager, boolean active, Set<String> written) {
    public Person {
        written = Set.copyOf(written);
    }

    /** A person whose non-default values count as written. */
    public Person(String email, String name, String manager, boolean active) {
        this(email, name, manager, active, defaults(name, manager, active));
    }

    private static Set<String> defaults(String name, String manager, boolean active) {
        Set<String> written = new HashSet<>();
        if (name != null) {
            written.add("name");
        }
        if (manager != null) {
            written.add("manager");
        }
        if (!active) {
            written.add("active");
        }
        return written;
    }
}
