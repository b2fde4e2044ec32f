package vigil.inventory;

/** A person, identified by their mailbox. {@code manager} may be null. */
public record Person(String email, String name, String manager, boolean active) {}
