package vigil.watchdog.cli;

import org.slf4j.LoggerFactory;

/** SIGHUP handling through {@code sun.misc.Signal}; where unavailable, reload stays reachable over the API. */
final class Signals {
    private Signals() {}

    @SuppressWarnings("removal")
    static void onHangup(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> new Thread(action, "vigil-reload").start());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LoggerFactory.getLogger(Signals.class).warn("SIGHUP cannot be handled here; use 'vigil reload'");
        }
    }
}
