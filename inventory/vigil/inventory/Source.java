package vigil.inventory;

/** Where a workflow's run history can be pulled from: a configured server and the workflow's id there. */
public record Source(String kind, String server, String ref) {}
