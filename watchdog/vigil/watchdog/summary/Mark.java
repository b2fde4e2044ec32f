package vigil.watchdog.summary;

/**
 * How one day of one workflow looked, as a symbol that reads without colour (plain text, colour
 * blindness) and a colour for the HTML grid.
 */
public enum Mark {
    FAILED("✗", "failed", "#b42318", "#fee4e2"),
    MISSED("!", "missed", "#b54708", "#fef0c7"),
    OK("✓", "ran", "#067647", "#dcfae6"),
    UPCOMING("…", "not yet due", "#475467", "#f2f4f7"),
    NONE("·", "nothing due", "#98a2b3", "#ffffff"),
    PAUSED("‖", "paused", "#475467", "#f2f4f7");

    final String symbol;
    final String meaning;
    final String ink;
    final String paper;

    Mark(String symbol, String meaning, String ink, String paper) {
        this.symbol = symbol;
        this.meaning = meaning;
        this.ink = ink;
        this.paper = paper;
    }

    public String symbol() {
        return symbol;
    }
}
