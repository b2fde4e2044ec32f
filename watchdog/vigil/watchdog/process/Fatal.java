package vigil.watchdog.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link Error} anywhere in the daemon (out of memory, a linkage error) ends the process: a
 * half-alive daemon — a dead ping writer or scheduler behind a healthy /health — is worse than a
 * restart by systemd ({@code Restart=on-failure}). Libraries that catch everything (Quartz's job
 * runner, Jetty's thread pool) hand their Errors here.
 */
public final class Fatal {
    private static final Logger LOG = LoggerFactory.getLogger(Fatal.class);
    /** The exit status after an Error: EX_SOFTWARE, "an internal software error". */
    public static final int EXIT = 70;

    private Fatal() {}

    /** Makes every thread's uncaught Error fatal: call once, from the process's entry point. */
    public static void install() {
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof Error) {
                exit(thread, e);
            } else {
                LOG.error("thread {} ended with an uncaught exception", thread.getName(), e);
            }
        });
    }

    /** If {@code e} is an Error, hands it to the process's handler (which ends a serving daemon). */
    public static void ifError(Throwable e) {
        if (e instanceof Error) {
            Thread.UncaughtExceptionHandler handler = Thread.getDefaultUncaughtExceptionHandler();
            if (handler != null) {
                handler.uncaughtException(Thread.currentThread(), e);
            }
        }
    }

    private static void exit(Thread thread, Throwable e) {
        try {
            LOG.error(
                    "fatal: {} in thread {}; exiting with status {} so the service manager restarts vigil",
                    e,
                    thread.getName(),
                    EXIT,
                    e);
            System.err.println("vigil: fatal: " + e + " in thread " + thread.getName() + "; exiting");
        } finally {
            // halt, not exit: shutdown hooks would wait on the very threads that failed
            Runtime.getRuntime().halt(EXIT);
        }
    }
}
