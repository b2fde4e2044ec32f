package vigil.watchdog.evaluate;

import java.util.Locale;

/** SPEC §6 states. */
public enum State {
    NEW,
    UP,
    RUNNING,
    LATE,
    MISSED,
    FAILED,
    PAUSED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static State of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return label();
    }
}
