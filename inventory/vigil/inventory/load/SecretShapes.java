package vigil.inventory.load;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises values and keys that look like credentials themselves. The inventory records
 * metadata about credentials; a private key or token pasted into it is refused, and the message
 * names the shape, never the value.
 */
public final class SecretShapes {
    private record Shape(String name, Pattern pattern) {}

    private static final List<Shape> VALUE_SHAPES = List.of(
            new Shape("a private key", Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----")),
            new Shape("an AWS access key id", Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b")),
            new Shape(
                    "a GitHub token", Pattern.compile("\\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})")),
            new Shape("a Slack token", Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{10,}")),
            new Shape(
                    "a Slack webhook URL",
                    Pattern.compile("hooks\\.slack\\.com/(services|workflows)/[A-Za-z0-9/_-]{10,}")),
            // 40 characters of base64 with upper and lower case and a digit: git's hex ids and
            // lower-case names do not match
            new Shape(
                    "an AWS secret access key",
                    Pattern.compile("(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])"
                            + "(?=[A-Za-z0-9/+]{0,39}[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")),
            new Shape("a JSON web token", Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.")),
            new Shape("a URL with a password", Pattern.compile("://[^/\\s:@]+:[^/\\s@]+@")));

    private static final Pattern SECRET_KEY = Pattern.compile(
            "(^|[_-])(password|passwd|pwd|passphrase|secret|client[_-]?secret|token|api[_-]?key|private[_-]?key"
                    + "|access[_-]?key|secret[_-]?key)$");

    private SecretShapes() {}

    /** The kind of secret the value looks like, if it looks like one. */
    public static Optional<String> valueShape(String value) {
        for (Shape shape : VALUE_SHAPES) {
            if (shape.pattern.matcher(value).find()) {
                return Optional.of(shape.name);
            }
        }
        return Optional.empty();
    }

    /** True for keys like {@code password}, {@code api_key}, {@code client-secret}. */
    public static boolean isSecretKey(String key) {
        return SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).find();
    }
}
