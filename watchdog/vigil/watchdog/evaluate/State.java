package vigil.watchdog.evaluate;

import java.util.Locale;

/** The states of docs/states.md. */
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
