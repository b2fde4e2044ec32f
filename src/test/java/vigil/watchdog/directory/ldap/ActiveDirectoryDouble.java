package vigil.watchdog.directory.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * UnboundID's in-memory server made to answer as Active Directory does where Vigil depends on it,
 * after Microsoft's documentation — there is no real AD here:
 * <ul>
 *   <li>the root DSE lists LDAP_CAP_ACTIVE_DIRECTORY_OID in {@code supportedCapabilities}
 *       ([MS-ADTS] 3.1.1.3.4.3 "LDAP Capabilities");
 *   <li>{@code (objectCategory=person)} matches the class's defaultObjectCategory DN, {@code
 *       CN=Person,CN=Schema,CN=Configuration,…} ("Object-Category attribute"; "Active Directory:
 *       filtering on objectCategory");
 *   <li>a search returns at most {@code maxPageSize} entries, else fails with sizeLimitExceeded,
 *       unless paged ("How to view and set LDAP policy in Active Directory by using Ntdsutil.exe",
 *       MaxPageSize, 1000 by default; here smaller);
 *   <li>past {@code maxValRange} values, {@code member} comes as {@code member;range=0-(n-1)} and the
 *       rest on request of {@code member;range=n-*} ("Searching Using Range Retrieval"; [MS-ADTS]
 *       3.1.1.3.1.3.3 "Range Retrieval of Attribute Values"; MaxValRange 1500 by default).
 * </ul>
 * No schema is checked: the entries are written with AD's attribute names as they are.
 */
final class ActiveDirectoryDouble implements AutoCloseable {
    static final String DOMAIN = "DC=corp,DC=example,DC=com";
    static final String SCHEMA = "CN=Schema,CN=Configuration," + DOMAIN;
    static final String BIND_DN = "CN=svc-vigil,OU=Service Accounts," + DOMAIN;
    static final String BIND_PASSWORD = "Svc-Vigil-Pw-1";

    final InMemoryDirectoryServer server;
    private final int maxValRange;
    /** The members of groups too big for one answer, served range by range. */
    private final Map<DN, List<String>> ranged = new ConcurrentHashMap<>();

    ActiveDirectoryDouble(int maxPageSize, int maxValRange) throws LDAPException {
        this.maxValRange = maxValRange;
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(DOMAIN);
        config.setSchema(null);
        config.setMaxSizeLimit(maxPageSize);
        config.setListenerConfigs(
                InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
        config.setCustomRootDSEAttributes(List.of(new Attribute(
                "supportedCapabilities",
                ServerKind.AD_CAPABILITY, // LDAP_CAP_ACTIVE_DIRECTORY_OID
                "1.2.840.113556.1.4.1670", // LDAP_CAP_ACTIVE_DIRECTORY_V51_OID
                "1.2.840.113556.1.4.1791"))); // LDAP_CAP_ACTIVE_DIRECTORY_LDAP_INTEG_OID
        config.addAdditionalBindCredentials(BIND_DN, BIND_PASSWORD);
        config.addInMemoryOperationInterceptor(new AdBehaviour());
        server = new InMemoryDirectoryServer(config);
        add(DOMAIN, "objectClass: top", "objectClass: domain", "dc: corp");
        server.startListening();
    }

    String url() {
        return "ldap://127.0.0.1:" + server.getListenPort();
    }

    void add(String dn, String... lines) throws LDAPException {
        String[] ldif = new String[lines.length + 1];
        ldif[0] = "dn: " + dn;
        System.arraycopy(lines, 0, ldif, 1, lines.length);
        try {
            Entry entry = new Entry(ldif);
            String[] members = entry.getAttributeValues("member");
            if (members != null && members.length > maxValRange) {
                ranged.put(entry.getParsedDN(), List.of(members));
            }
            server.add(entry);
        } catch (com.unboundid.ldif.LDIFException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * A user as Active Directory Users and Computers creates one: objectClass user, objectCategory
     * Person, {@code userAccountControl} NORMAL_ACCOUNT (0x200) with whatever flags are given.
     */
    void user(String ou, String cn, String mail, String manager, int userAccountControl) throws LDAPException {
        List<String> lines = new ArrayList<>(List.of(
                "objectClass: top",
                "objectClass: person",
                "objectClass: organizationalPerson",
                "objectClass: user",
                "objectCategory: CN=Person," + SCHEMA,
                "cn: " + cn,
                "displayName: " + cn,
                "sAMAccountName: " + cn.toLowerCase(java.util.Locale.ROOT).replace(' ', '.'),
                "userAccountControl: " + userAccountControl));
        if (mail != null) {
            lines.add("mail: " + mail);
        }
        if (manager != null) {
            lines.add("manager: " + manager);
        }
        add("CN=" + cn + "," + ou, lines.toArray(String[]::new));
    }

    @Override
    public void close() {
        server.shutDown(true);
    }

    private final class AdBehaviour extends InMemoryOperationInterceptor {
        @Override
        public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
            SearchRequest r = request.getRequest().duplicate();
            r.setFilter(expandObjectCategory(r.getFilter()));
            request.setRequest(r);
        }

        @Override
        public void processSearchEntry(InMemoryInterceptedSearchEntry result) {
            Entry entry = result.getSearchEntry();
            List<String> members;
            try {
                members = ranged.get(entry.getParsedDN());
            } catch (LDAPException e) {
                return;
            }
            if (members == null) {
                return;
            }
            Entry answer = entry.duplicate();
            answer.removeAttribute("member");
            for (String asked : result.getRequest().getAttributeList()) {
                int from;
                if (asked.equalsIgnoreCase("member")) {
                    from = 0;
                } else if (asked.toLowerCase(java.util.Locale.ROOT).startsWith("member;range=")
                        && asked.endsWith("-*")) {
                    from = Integer.parseInt(asked.substring("member;range=".length(), asked.length() - 2));
                } else {
                    continue;
                }
                int to = Math.min(from + maxValRange, members.size());
                String end = to == members.size() ? "*" : Integer.toString(to - 1);
                answer.addAttribute(new Attribute("member;range=" + from + "-" + end, members.subList(from, to)));
            }
            result.setSearchEntry(answer);
        }
    }

    /** {@code (objectCategory=person)} as AD reads it: the category's DN in the schema. */
    private static Filter expandObjectCategory(Filter f) {
        return switch (f.getFilterType()) {
            case Filter.FILTER_TYPE_AND ->
                Filter.createANDFilter(java.util.Arrays.stream(f.getComponents())
                        .map(ActiveDirectoryDouble::expandObjectCategory)
                        .toList());
            case Filter.FILTER_TYPE_OR ->
                Filter.createORFilter(java.util.Arrays.stream(f.getComponents())
                        .map(ActiveDirectoryDouble::expandObjectCategory)
                        .toList());
            case Filter.FILTER_TYPE_NOT -> Filter.createNOTFilter(expandObjectCategory(f.getNOTComponent()));
            case Filter.FILTER_TYPE_EQUALITY ->
                f.getAttributeName().equalsIgnoreCase("objectCategory")
                                && !f.getAssertionValue().contains("=")
                        ? Filter.createEqualityFilter("objectCategory", "CN=" + f.getAssertionValue() + "," + SCHEMA)
                        : f;
            default -> f;
        };
    }
}
