package vigil.inventory;

/**
 * Where a workflow's run history can be pulled from: a configured server and the workflow's id there;
 * {@code kind} as the inventory wrote it, or null (the server's kind is the one used).
 */
public record Source(String kind, String server, String ref) {}
