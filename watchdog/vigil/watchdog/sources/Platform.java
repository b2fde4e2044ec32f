package vigil.watchdog.sources;

import java.util.List;

/** What a platform adapter does: fetch one workflow's runs newer than a watermark. */
public interface Platform {
    /**
     * The runs of {@code ref} (the platform's id for the workflow) after {@code watermark} (null:
     * from the start of what the platform keeps), and the watermark to ask from next time. A run
     * still running must come back again until it finishes.
     */
    Pull pull(String ref, String watermark) throws SourceException;

    /**
     * Every workflow the platform defines within this source's scope (all n8n workflows, the DAGs,
     * the watched repositories' workflow files, the jobs, the CronJobs of the watched namespaces),
     * as {@link Definition}s of source {@code source}. A definition the adapter cannot fully read
     * is still returned, with what was not understood in its {@code problems}; only the platform's
     * own failure (unreachable, refused) throws.
     */
    default List<vigil.inventory.Definition> definitions(String source) throws SourceException {
        return List.of();
    }

    /** Requests sent so far by this adapter (an adapter is made for one poll round); -1 if unknown. */
    default int requests() {
        return -1;
    }

    /** The platform's request allowance per hour for Vigil's credentials, or 0 when it sets none. */
    default int hourlyLimit() {
        return 0;
    }

    record Pull(List<PulledRun> runs, String watermark) {}
}
