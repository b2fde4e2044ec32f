package vigil.inventory;

import java.util.Set;

/**
 * Who a route really reaches, classified by how long it will keep working: a durable alias (two or
 * more distinct active people), one person, nobody active, or an address nobody can vouch for.
 */
public record Reach(Kind kind, String address, int activePeople) {

    public enum Kind {
        /** An alias (directly or as a channel's owner) with at least two distinct active people. */
        DURABLE,
        /** One active person's mailbox (or a channel owned by one person). */
        PERSON,
        /** A deactivated person: mail goes nowhere anyone reads. */
        INACTIVE_PERSON,
        /** Mail to the address was rejected permanently (5xx), or the channel's webhook is gone (404/410). */
        REJECTED,
        /** An alias with fewer than two active people. */
        FRAGILE_ALIAS,
        /** In no people or alias list, or a channel without an owner: cannot be verified. */
        UNKNOWN
    }

    /** True while the route still reaches at least one active person. */
    public boolean live() {
        return activePeople > 0 && kind != Kind.REJECTED;
    }

    /**
     * Classifies {@code route} as the {@code directory} sees people; {@code rejected} holds
     * addresses the mail server refused permanently.
     */
    public static Reach of(Route route, Directory directory, Set<String> rejected) {
        Inventory inventory = directory.inventory();
        String address = route instanceof Route.Channel channel
                ? inventory.channelOwner(channel.name()).orElse(null)
                : route.target();
        if (route instanceof Route.Channel && rejected.contains(route.target())) {
            return new Reach(Kind.REJECTED, route.target(), 0);
        }
        if (address == null) {
            return new Reach(Kind.UNKNOWN, route.target(), 0);
        }
        if (route instanceof Route.Email && rejected.contains(address)) {
            return new Reach(Kind.REJECTED, address, 0);
        }
        int active = directory.activePeopleBehind(address).size();
        if (inventory.person(address).isPresent()) {
            return new Reach(active > 0 ? Kind.PERSON : Kind.INACTIVE_PERSON, address, active);
        }
        if (inventory.alias(address).isPresent()) {
            return new Reach(active >= Directory.DURABLE_MEMBERS ? Kind.DURABLE : Kind.FRAGILE_ALIAS, address, active);
        }
        return new Reach(Kind.UNKNOWN, address, 0);
    }
}
