package vigil.inventory;

import java.util.Optional;

/** Where a workflow's error notifications go: a mailbox or a configured channel. */
public sealed interface Route {

    /** The route as written in the inventory: an address, or {@code channel:NAME}. */
    String target();

    /**
     * Reads a route as written: {@code channel:NAME} (or {@code chat:NAME}) names a channel, text
     * without a scheme is an address. Empty for any other scheme ({@code sms:…}) or an empty name.
     */
    static Optional<Route> parse(String text) {
        String target = text.trim();
        int colon = target.indexOf(':');
        if (colon <= 0 || target.contains("@")) {
            return target.isEmpty() ? Optional.empty() : Optional.of(new Email(target));
        }
        String scheme = target.substring(0, colon);
        String name = target.substring(colon + 1);
        if ((!scheme.equals("channel") && !scheme.equals("chat")) || name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Channel(name));
    }

    record Email(String address) implements Route {
        @Override
        public String target() {
            return address;
        }
    }

    record Channel(String name) implements Route {
        @Override
        public String target() {
            return "channel:" + name;
        }
    }
}
