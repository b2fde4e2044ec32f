package vigil.inventory;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A ping UUID as written: 8-4-4-4-12 hex digits, either case — the one shape that ping URLs,
 * {@code rid} and the inventory's {@code ping:} accept ({@link UUID#fromString} alone also takes
 * shorter groups).
 */
public final class PingUuid {
    private static final Pattern TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private PingUuid() {}

    public static boolean matches(CharSequence text) {
        return TEXT.matcher(text).matches();
    }

    /** The UUID, or empty when {@code text} is not in the canonical shape. */
    public static Optional<UUID> parse(String text) {
        return matches(text) ? Optional.of(UUID.fromString(text.toLowerCase(Locale.ROOT))) : Optional.empty();
    }
}
