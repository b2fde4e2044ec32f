package vigil.watchdog.directory.ldap;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.Set;

/**
 * {@code disabled_filter} is matched by Vigil against each person's entry (the SDK's {@code
 * Filter.matchesEntry}), not sent to the server: one search reads everyone, and each person's
 * disabled state comes with them. So the filter may use only what can be matched without the
 * server's help, and the attributes it names must be read with the person.
 */
final class Filters {
    private Filters() {}

    /** Parses {@code filter}, refusing what cannot be matched here: extensible and approximate matches. */
    static Filter matchable(String filter) {
        Filter parsed;
        try {
            parsed = Filter.create(filter);
        } catch (LDAPException e) {
            throw new IllegalArgumentException("'" + filter + "' is not an LDAP filter: " + e.getDiagnosticMessage());
        }
        check(parsed, filter);
        return parsed;
    }

    private static void check(Filter f, String whole) {
        switch (f.getFilterType()) {
            case Filter.FILTER_TYPE_EXTENSIBLE_MATCH, Filter.FILTER_TYPE_APPROXIMATE_MATCH ->
                throw new IllegalArgumentException("'" + whole + "' uses " + f
                        + ", which only the server can match; Active Directory's disabled bit"
                        + " (userAccountControl 0x2) is read without a filter");
            case Filter.FILTER_TYPE_AND, Filter.FILTER_TYPE_OR -> {
                for (Filter c : f.getComponents()) {
                    check(c, whole);
                }
            }
            case Filter.FILTER_TYPE_NOT -> check(f.getNOTComponent(), whole);
            default -> {
                // equality, substring, presence, ordering: matched here
            }
        }
    }

    /** Adds the attributes {@code f} names to {@code into}, so that they are read with each person. */
    static void attributes(Filter f, Set<String> into) {
        if (f.getAttributeName() != null) {
            into.add(f.getAttributeName());
        }
        for (Filter c : f.getComponents()) {
            attributes(c, into);
        }
        if (f.getNOTComponent() != null) {
            attributes(f.getNOTComponent(), into);
        }
    }

    /** Whether {@code entry} matches a filter {@link #matchable} accepted. */
    static boolean matches(Filter f, com.unboundid.ldap.sdk.Entry entry) {
        try {
            return f.matchesEntry(entry);
        } catch (LDAPException e) {
            throw new IllegalStateException("a checked filter could not be matched: " + e.getMessage(), e);
        }
    }
}
