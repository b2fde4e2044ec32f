package vigil.inventory;

/** Where a workflow's error notifications go: a mailbox or a configured channel. */
public sealed interface Route {

    /** The route as written in the inventory: an address, or {@code channel:NAME}. */
    String target();

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
