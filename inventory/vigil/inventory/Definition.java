package vigil.inventory;

import java.util.List;

/**
 * A workflow as its platform defines it, read from the platform rather than typed into the
 * inventory (docs/discovery.md): where it lives ({@code source} = the configured server's name,
 * {@code ref} = the platform's id for it, as an inventory {@code source.ref} names it), its
 * name, when it runs, whether it is paused, the credentials it uses and where its errors really
 * go. {@code problems} says, in words, what in the definition was not understood — a definition
 * is never dropped for it.
 *
 * @param schedules each as the inventory writes a schedule: a 5-field cron ({@code 0 6 * * *})
 *     or {@code every 15m}; empty when the platform runs it on no schedule (webhook, manual)
 * @param timezone the IANA zone its crons are read in, or null when the platform leaves it to
 *     the server's default
 * @param owner a mail address the platform names as its owner (a Kubernetes {@code vigil.dev/owner}
 *     annotation, an Airflow owner written as an address), or null
 * @param credentials the platform's handles for the credentials it uses
 * @param routes where the platform itself sends its errors
 */
public record Definition(
        String source,
        String ref,
        String name,
        List<String> schedules,
        String timezone,
        boolean paused,
        String owner,
        List<Handle> credentials,
        List<PlatformRoute> routes,
        List<String> problems) {

    public Definition {
        schedules = List.copyOf(schedules);
        credentials = List.copyOf(credentials);
        routes = List.copyOf(routes);
        problems = List.copyOf(problems);
    }

    /** Whether the platform runs it by itself: scheduled and not paused. */
    public boolean scheduled() {
        return !schedules.isEmpty() && !paused;
    }

    /**
     * A credential as the platform names it: {@code id} is what an inventory credential's {@code
     * refs} writes after {@code SERVER:} (n8n credential id, GitHub secret name, Jenkins
     * credentialsId, Kubernetes {@code namespace/secret}); {@code label} says what it is in words
     * (its name and type on the platform), or null.
     */
    public record Handle(String id, String label) {}

    /**
     * A destination the platform sends the workflow's errors to: {@code target} is a mail address,
     * or {@code slack:#channel}, {@code teams:NAME}, {@code webhook:HOST} for the platform's own
     * chat and webhook nodes; {@code where} says where on the platform it is set (e.g. "error
     * workflow 'Mail on error', node 'Send Email'").
     */
    public record PlatformRoute(String target, String where) {
        /** Whether the target is a mail address (then the audit can follow it to people and aliases). */
        public boolean mail() {
            return target.indexOf('@') > 0 && target.indexOf(':') < 0;
        }
    }
}
