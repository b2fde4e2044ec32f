package vigil.watchdog.render;

/**
 * HTML for mail: a centred card on a grey page, built from tables with inline styles, which is
 * what renders the same in Outlook, Gmail and Apple Mail. The preheader is the line clients show
 * next to the subject in the inbox.
 */
public final class Html {
    public static final String FONT = "-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
    public static final String MONO = "Menlo,Consolas,'DejaVu Sans Mono',monospace";
    public static final String MUTED = "#667085";
    public static final String INK = "#101828";
    public static final String RULE = "#e4e7ec";

    private Html() {}

    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A whole page: {@code title} for the document, {@code preheader} hidden, {@code body} inside the card. */
    public static String page(String title, String preheader, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + "</title></head>\n"
                + "<body style=\"margin:0;padding:0;background:#f2f4f7;\">\n"
                + "<div style=\"display:none;max-height:0;overflow:hidden;\">" + escape(preheader) + "</div>\n"
                + "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\""
                + " style=\"background:#f2f4f7;\"><tr><td align=\"center\" style=\"padding:24px 8px;\">\n"
                + "<table role=\"presentation\" width=\"720\" cellpadding=\"0\" cellspacing=\"0\" style=\"width:100%;"
                + "max-width:720px;background:#ffffff;border:1px solid " + RULE + ";border-radius:8px;"
                + "font-family:" + FONT + ";color:" + INK + ";font-size:14px;line-height:1.45;\">\n"
                + body
                + "</table>\n</td></tr></table>\n</body></html>\n";
    }

    /** One padded row of the card. */
    public static String section(String content) {
        return "<tr><td style=\"padding:16px 20px;overflow-wrap:anywhere;\">" + content + "</td></tr>\n";
    }

    /** A small grey line of text. */
    public static String muted(String escaped) {
        return "<div style=\"font-size:12px;color:" + MUTED + ";\">" + escaped + "</div>";
    }

    /** A box with a coloured left border: a notice the reader must not miss. */
    public static String notice(String escaped, String border, String background) {
        return "<div style=\"border-left:4px solid " + border + ";background:" + background
                + ";padding:10px 14px;border-radius:4px;\">" + escaped + "</div>";
    }

    /** A small coloured label, e.g. a severity. */
    public static String badge(String text, String ink, String paper) {
        return "<span style=\"display:inline-block;padding:0 6px;border-radius:3px;font-size:11px;font-weight:600;"
                + "color:" + ink + ";background:" + paper + ";\">" + escape(text) + "</span>";
    }
}
