package vigil.inventory;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One validated snapshot of everything Vigil knows about: people, aliases, credentials and
 * workflows, plus the channel names the configuration defines (so routes to them resolve).
 * Lookups are by id or normalised (lower-case) email address.
 */
public final class Inventory {
    private final Map<String, Person> people;
    private final Map<String, Alias> aliases;
    private final Map<String, Credential> credentials;
    private final Map<String, Workflow> workflows;
    private final Map<String, String> channelOwners;

    /** Built on first use; see {@link #ownership()}. */
    private volatile OwnershipIndex ownership;

    /** Built on first use; see {@link #directory()}. */
    private volatile Directory directory;

    /** The last answer of {@link Observed#effective(Inventory, Collection)} for this snapshot. */
    volatile Observed.Effective effective;

    /** {@code channelOwners} maps each configured channel name to its owner's address (or to "" for none). */
    public Inventory(
            Collection<Person> people,
            Collection<Alias> aliases,
            Collection<Credential> credentials,
            Collection<Workflow> workflows,
            Map<String, String> channelOwners) {
        this.people = index(people, Person::email);
        this.aliases = index(aliases, Alias::email);
        this.credentials = index(credentials, Credential::id);
        this.workflows = index(workflows, Workflow::id);
        this.channelOwners = Map.copyOf(channelOwners);
    }

    public static Inventory empty() {
        return new Inventory(List.of(), List.of(), List.of(), List.of(), Map.of());
    }

    public Map<String, String> channelOwners() {
        return channelOwners;
    }

    /** The owner of a configured channel; empty when the channel is unknown or has no owner. */
    public Optional<String> channelOwner(String channel) {
        return Optional.ofNullable(channelOwners.get(channel)).filter(o -> !o.isEmpty());
    }

    private static <T> Map<String, T> index(Collection<T> values, Function<T, String> key) {
        Map<String, T> map = new LinkedHashMap<>();
        for (T value : values) {
            map.put(key.apply(value), value);
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    public Collection<Person> people() {
        return people.values();
    }

    public Collection<Alias> aliases() {
        return aliases.values();
    }

    public Collection<Credential> credentials() {
        return credentials.values();
    }

    public Collection<Workflow> workflows() {
        return workflows.values();
    }

    public Optional<Person> person(String email) {
        return Optional.ofNullable(people.get(email));
    }

    public Optional<Alias> alias(String email) {
        return Optional.ofNullable(aliases.get(email));
    }

    public Optional<Credential> credential(String id) {
        return Optional.ofNullable(credentials.get(id));
    }

    public Optional<Workflow> workflow(String id) {
        return Optional.ofNullable(workflows.get(id));
    }

    /**
     * Who owns, uses and receives what in this snapshot, turned around for the offboarding impact.
     * Built on first use and kept with the snapshot, which never changes; two threads asking at once
     * may each build one, and either answer is the same.
     */
    public OwnershipIndex ownership() {
        OwnershipIndex index = ownership;
        if (index == null) {
            index = OwnershipIndex.of(this);
            ownership = index;
        }
        return index;
    }

    /**
     * Who is behind each address as the inventory stands ({@link Directory#of}), kept with the
     * snapshot so that what one question walked the next need not: the offboarding impact asks it
     * about every address its leavers' workflows route to.
     */
    public Directory directory() {
        Directory known = directory;
        if (known == null) {
            known = Directory.of(this);
            directory = known;
        }
        return known;
    }

    @Override
    public String toString() {
        return "Inventory[" + people.size() + " people, " + aliases.size() + " aliases, " + credentials.size()
                + " credentials, " + workflows.size() + " workflows]";
    }
}
