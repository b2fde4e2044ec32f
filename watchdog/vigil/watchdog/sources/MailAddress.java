package vigil.watchdog.sources;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mail address as a platform writes it in a definition — bare ({@code ops@example.com}) or with
 * a display name ({@code Ops <ops@example.com>}) — in the inventory's form: the address alone, in
 * lower case, as the inventory keeps addresses.
 */
final class MailAddress {
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
    private static final Pattern NAMED = Pattern.compile("[^<>]*<([^<>]+)>\\s*");

    private MailAddress() {}

    /** The address in {@code text}, or empty when it is not one. */
    static Optional<String> of(String text) {
        String t = text.trim();
        Matcher named = NAMED.matcher(t);
        if (named.matches()) {
            t = named.group(1).trim();
        }
        return ADDRESS.matcher(t).matches() ? Optional.of(t.toLowerCase(Locale.ROOT)) : Optional.empty();
    }
}
