package vigil.inventory.audit;

import java.util.Locale;

/** How bad a finding is: an error makes {@code vigil audit} exit 3. */
public enum Severity {
    ERROR,
    WARNING;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
