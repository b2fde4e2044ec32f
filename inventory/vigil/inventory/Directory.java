package vigil.inventory;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Answers who is really behind an address: the distinct active people an alias reaches through
 * nested aliases. "Active" is a parameter, so impact analysis can ask the same question as if some
 * people had already left. Results are memoised per directory (safe to share between threads: the
 * inventory's own is, {@link Inventory#directory()}); cycles (rejected by validation) are guarded
 * against anyway.
 */
public final class Directory {
    /** Aliases need at least this many distinct active people to be durable (docs/audit.md). */
    public static final int DURABLE_MEMBERS = 2;

    private final Inventory inventory;
    private final Predicate<String> active;
    private final Map<String, Set<String>> peopleBehind = new ConcurrentHashMap<>();
    /** Answers for the addresses outside {@link #reaching}; null when this directory walks every one. */
    private final Directory unchanged;

    private final Set<String> reaching;

    public Directory(Inventory inventory, Predicate<String> active) {
        this(inventory, active, null, Set.of());
    }

    private Directory(Inventory inventory, Predicate<String> active, Directory unchanged, Set<String> reaching) {
        this.inventory = inventory;
        this.active = active;
        this.unchanged = unchanged;
        this.reaching = reaching;
    }

    /** The directory as the inventory stands: a person is active unless marked otherwise. */
    public static Directory of(Inventory inventory) {
        return new Directory(
                inventory, email -> inventory.person(email).map(Person::active).orElse(false));
    }

    /** The directory as it would be once {@code leaving} are deactivated too. */
    public static Directory without(Inventory inventory, Collection<String> leaving) {
        Set<String> gone = Set.copyOf(leaving);
        return new Directory(
                inventory,
                email -> !gone.contains(email)
                        && inventory.person(email).map(Person::active).orElse(false));
    }

    /**
     * As this directory once {@code leaving} are deactivated too. Only the addresses in {@code
     * reaching} are walked again: it must hold every address behind which one of them may be (they
     * themselves and every alias they are in, through nesting); the others are answered by this
     * directory, since nobody behind them changes.
     */
    public Directory without(Collection<String> leaving, Set<String> reaching) {
        Set<String> gone = Set.copyOf(leaving);
        return new Directory(inventory, email -> !gone.contains(email) && active.test(email), this, reaching);
    }

    public Inventory inventory() {
        return inventory;
    }

    public boolean isActive(String personEmail) {
        return active.test(personEmail);
    }

    /** Distinct active people reached by an address: a person (if active) or an alias, followed through. */
    public Set<String> activePeopleBehind(String address) {
        Set<String> cached = peopleBehind.get(address);
        if (cached != null) {
            return cached;
        }
        if (unchanged != null && !reaching.contains(address)) {
            return unchanged.activePeopleBehind(address);
        }
        if (inventory.person(address).isPresent()) {
            // a person is behind their own address only, if active: no walk to set up
            Set<String> alone = active.test(address) ? Set.of(address) : Set.of();
            peopleBehind.put(address, alone);
            return alone;
        }
        Set<String> result = new LinkedHashSet<>();
        Set<String> seen = new java.util.HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.push(address);
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (!seen.add(next)) {
                continue;
            }
            if (inventory.person(next).isPresent()) {
                if (active.test(next)) {
                    result.add(next);
                }
            } else {
                inventory.alias(next).ifPresent(a -> a.members().forEach(todo::push));
            }
        }
        Set<String> frozen = Set.copyOf(result);
        peopleBehind.put(address, frozen);
        return frozen;
    }
}
