package vigil.watchdog.cli;

import org.slf4j.LoggerFactory;

/** SIGHUP handling through {@code sun.misc.Signal}; where unavailable, reload stays reachable over the API. */
final class Signals {
    private Signals() {}

    @SuppressWarnings("removal")
    static void onHangup(Runnable action) {
        try {
            ClassLoader loader = Signals.class.getClassLoader();
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
                Thread reload = new Thread(action, "vigil-reload");
                // the JVM's signal thread has no context class loader, and the scheduler's JDBC
                // store makes its connection proxies through it: give the reload the daemon's
                reload.setContextClassLoader(loader);
                reload.start();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LoggerFactory.getLogger(Signals.class).warn("SIGHUP cannot be handled here; use 'vigil reload'");
        }
    }
}
