package vigil.inventory;

import java.util.Objects;

/**
 * A value that must never be printed: its {@code toString} is {@code <secret>}, so it cannot leak
 * through a log line, an exception message or a JSON dump by accident. Read it with {@link #reveal()}.
 */
public final class Secret {
    public static final String MASK = "<secret>";

    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value);
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return MASK;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && java.security.MessageDigest.isEqual(s.value.getBytes(), value.getBytes());
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
