package vigil.watchdog.directory.ldap;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import vigil.watchdog.config.Config;

/**
 * Reads people and groups from one LDAP directory, whole: each search is paged (the Simple Paged
 * Results control, RFC 2696 — Active Directory answers a plain search with at most MaxPageSize,
 * 1000, entries and an error), and any failure — of the connection, the bind, a page, a ranged
 * member list — fails the whole read, so that nothing is stored from half a directory.
 */
public final class LdapDirectory {
    /** Below Active Directory's default MaxPageSize (1000), so that no page is cut short. */
    public static final int PAGE_SIZE = 500;

    static final String GROUP_FILTER =
            "(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)(objectClass=group))";
    static final String USER_ACCOUNT_CONTROL = "userAccountControl";
    /** ACCOUNTDISABLE in userAccountControl ("UserAccountControl property flags", Microsoft Learn). */
    static final int ACCOUNTDISABLE = 0x2;

    private final Config.Ldap config;
    private final int pageSize;

    public LdapDirectory(Config.Ldap config) {
        this(config, PAGE_SIZE);
    }

    public LdapDirectory(Config.Ldap config, int pageSize) {
        this.config = config;
        this.pageSize = pageSize;
    }

    /** Reads everything, or throws saying why not. */
    public LdapRead read() throws LdapReadException {
        Filter disabled = disabledFilter();
        try (LDAPConnection connection = Connector.open(config)) {
            ServerKind kind = ServerKind.of(rootDse(connection));
            String userFilter = config.userFilter() != null ? config.userFilter() : kind.defaultUserFilter;
            Set<String> personAttributes = new LinkedHashSet<>(List.of("mail", "displayName", "cn", "manager"));
            if (kind == ServerKind.ACTIVE_DIRECTORY) {
                personAttributes.add(USER_ACCOUNT_CONTROL);
            }
            if (disabled != null) {
                Filters.attributes(disabled, personAttributes);
            }
            Paged people = search(connection, config.users(), userFilter, personAttributes);
            Paged groups = config.groups() == null
                    ? new Paged(List.of(), 0)
                    : search(
                            connection,
                            config.groups(),
                            config.groupFilter() != null ? config.groupFilter() : GROUP_FILTER,
                            List.of("cn", "mail", "member", "uniqueMember"));
            Mapping mapping = new Mapping(kind, disabled);
            mapping.people(people.entries());
            mapping.groups(groups.entries(), new RangedMembers(connection));
            return new LdapRead(
                    kind, mapping.people(), mapping.groups(), mapping.withoutMail(), people.pages() + groups.pages());
        }
    }

    private Filter disabledFilter() throws LdapReadException {
        if (config.disabledFilter() == null) {
            return null;
        }
        try {
            return Filters.matchable(config.disabledFilter());
        } catch (IllegalArgumentException e) {
            throw new LdapReadException("disabled_filter: " + e.getMessage());
        }
    }

    private static com.unboundid.ldap.sdk.RootDSE rootDse(LDAPConnection connection) {
        try {
            return connection.getRootDSE();
        } catch (LDAPException e) {
            return null; // not readable by this user: a standard directory
        }
    }

    record Paged(List<SearchResultEntry> entries, int pages) {}

    /** Every entry under {@code base} matching {@code filter}, page by page; fails on any page's failure. */
    private Paged search(LDAPConnection connection, String base, String filter, Iterable<String> attributes)
            throws LdapReadException {
        Filter parsed;
        try {
            parsed = Filter.create(filter);
        } catch (LDAPException e) {
            throw new LdapReadException("the filter " + filter + " is not an LDAP filter: " + e.getDiagnosticMessage());
        }
        List<String> names = new ArrayList<>();
        attributes.forEach(names::add);
        List<SearchResultEntry> entries = new ArrayList<>();
        ASN1OctetString cookie = null;
        int pages = 0;
        try {
            do {
                SearchRequest request = new SearchRequest(base, SearchScope.SUB, parsed, names.toArray(String[]::new));
                // not critical: a server without paging answers whole, or fails on its size limit
                request.addControl(new SimplePagedResultsControl(pageSize, cookie, false));
                SearchResult result = connection.search(request);
                pages++;
                entries.addAll(result.getSearchEntries());
                SimplePagedResultsControl paging = SimplePagedResultsControl.get(result);
                cookie = paging == null ? null : paging.getCookie();
            } while (cookie != null && cookie.getValueLength() > 0);
        } catch (LDAPSearchException e) {
            // the entries of the page that failed are not kept either: a part is not the directory
            throw new LdapReadException("searching " + base + " for " + filter + " failed after "
                    + (entries.size() + e.getEntryCount()) + " entries: " + Connector.reason(e));
        } catch (LDAPException e) {
            throw new LdapReadException("searching " + base + " for " + filter + " failed: " + Connector.reason(e));
        }
        return new Paged(entries, pages);
    }

    /** Follows Active Directory's ranged attribute values for one connection. */
    static final class RangedMembers {
        private final LDAPConnection connection;

        RangedMembers(LDAPConnection connection) {
            this.connection = connection;
        }

        /** The remaining values of {@code attribute} of {@code dn} from {@code from} on. */
        SearchResultEntry next(String dn, String attribute, int from) throws LdapReadException {
            String ranged = attribute + ";range=" + from + "-*";
            try {
                SearchResultEntry entry = connection.getEntry(dn, ranged);
                if (entry == null) {
                    throw new LdapReadException(dn + " went away while its " + attribute + " values were read");
                }
                return entry;
            } catch (LDAPException e) {
                throw new LdapReadException("reading " + ranged + " of " + dn + " failed: " + Connector.reason(e));
            }
        }
    }
}
