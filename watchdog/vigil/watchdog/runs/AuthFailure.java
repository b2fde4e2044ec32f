package vigil.watchdog.runs;

import java.util.regex.Pattern;

/**
 * Whether a failed run's evidence — its log, or the platform's error — shows that its credential
 * was refused: HTTP 401/403, "Unauthorized", OAuth's {@code invalid_grant}, GitHub's "Bad
 * credentials", Salesforce's {@code INVALID_SESSION_ID}, "authentication failed", ssh's
 * "Permission denied (publickey)". Such a failure gets {@code reason: auth}.
 */
public final class AuthFailure {
    private static final Pattern SHOWN =
            Pattern.compile("(?i)(?:\\b(?:http|status|code|error)\\b[^0-9\\n]{0,12}\\b(?:401|403)\\b)"
                    + "|\\b(?:401|403)\\s+(?:unauthori[sz]ed|forbidden)"
                    + "|\\bunauthori[sz]ed\\b|\\binvalid_grant\\b|\\bbad credentials\\b|\\binvalid_session_id\\b"
                    + "|\\bauthentication failed\\b|permission denied \\(publickey\\)");

    private AuthFailure() {}

    /** The last 64 KiB of {@code body} are read: that is where a log says why it ended. */
    public static boolean in(String body) {
        if (body == null || body.isEmpty()) {
            return false;
        }
        String tail = body.length() > 65_536 ? body.substring(body.length() - 65_536) : body;
        return SHOWN.matcher(tail).find();
    }
}
