package vigil.watchdog.sources;

import java.time.Instant;

/**
 * One run as a platform records it, mapped to Vigil's terms: {@code status} is {@code started}
 * (running or queued), {@code success} or {@code fail}; {@code body} is the failure's message
 * (the platform's word first), or null.
 */
public record PulledRun(String externalId, String status, Instant started, Instant finished, String body) {
    public static final String STARTED = "started";
    public static final String SUCCESS = "success";
    public static final String FAIL = "fail";

    /** How long a platform id may be where it is stored (pulled_run.external_id). */
    static final int ID_LIMIT = 200;

    /**
     * An id unique on the whole platform for a run numbered within one workflow ({@code ref/id}:
     * Jenkins numbers each job's builds from 1, Airflow repeats run ids across DAGs); past {@link
     * #ID_LIMIT} characters its SHA-256.
     */
    static String scoped(String ref, String id) {
        String scoped = ref + "/" + id;
        if (scoped.length() <= ID_LIMIT) {
            return scoped;
        }
        try {
            return "sha256:"
                    + java.util.HexFormat.of()
                            .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                    .digest(scoped.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean done() {
        return !status.equals(STARTED);
    }
}
