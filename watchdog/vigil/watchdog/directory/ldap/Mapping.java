package vigil.watchdog.directory.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import vigil.watchdog.directory.DirectoryStore.GroupEntry;
import vigil.watchdog.directory.DirectoryStore.PersonEntry;

/**
 * Turns the entries read into the store's people and groups. A person is keyed by their DN and
 * known by {@code mail} (one without is left out), named by {@code displayName} else {@code cn};
 * their {@code manager} DN becomes that person's address; disabled is Active Directory's
 * ACCOUNTDISABLE bit, or {@code disabled_filter} matching. A group's members ({@code member},
 * {@code uniqueMember}) are DNs: a person's becomes their address, another group's {@code
 * group:DN}, and one that is neither (outside {@code users}, without mail) is left out.
 */
final class Mapping {
    static final String SOURCE = "ldap";
    /** groupOfUniqueNames' NameAndOptionalUID: a DN, then optionally {@code #'0101'B} (RFC 4517 3.3.21). */
    private static final Pattern OPTIONAL_UID = Pattern.compile("#'[01]*'B$");

    private final ServerKind kind;
    private final Filter disabled;
    private final Map<DN, String> mailByDn = new HashMap<>();
    private final Map<DN, String> groupKeyByDn = new HashMap<>();
    private final List<PersonEntry> people = new ArrayList<>();
    private final List<GroupEntry> groups = new ArrayList<>();
    private final List<String> withoutMail = new ArrayList<>();

    Mapping(ServerKind kind, Filter disabled) {
        this.kind = kind;
        this.disabled = disabled;
    }

    void people(List<SearchResultEntry> entries) {
        record Read(SearchResultEntry entry, String mail) {}
        List<Read> read = new ArrayList<>();
        for (SearchResultEntry e : entries) {
            String mail = first(e, "mail");
            if (mail == null) {
                withoutMail.add(e.getDN());
                continue;
            }
            dn(e.getDN()).ifPresent(dn -> mailByDn.put(dn, mail));
            read.add(new Read(e, mail));
        }
        for (Read r : read) {
            SearchResultEntry e = r.entry();
            String name = first(e, "displayName") != null ? first(e, "displayName") : first(e, "cn");
            String manager = first(e, "manager");
            String managerMail =
                    manager == null ? null : dn(manager).map(mailByDn::get).orElse(null);
            people.add(new PersonEntry(SOURCE, e.getDN(), r.mail(), name, managerMail, !disabled(e)));
        }
    }

    void groups(List<SearchResultEntry> entries, LdapDirectory.RangedMembers ranged) throws LdapReadException {
        for (SearchResultEntry e : entries) {
            dn(e.getDN()).ifPresent(dn -> groupKeyByDn.put(dn, e.getDN()));
        }
        for (SearchResultEntry e : entries) {
            Set<String> members = new LinkedHashSet<>();
            for (String attribute : List.of("member", "uniqueMember")) {
                for (String value : values(e, attribute, ranged)) {
                    member(OPTIONAL_UID.matcher(value).replaceFirst("")).ifPresent(members::add);
                }
            }
            String name = first(e, "cn");
            if (name == null) {
                name = dn(e.getDN())
                        .map(dn -> dn.getRDN().getAttributeValues()[0])
                        .orElse(e.getDN());
            }
            groups.add(new GroupEntry(SOURCE, e.getDN(), name, first(e, "mail"), List.copyOf(members)));
        }
    }

    List<PersonEntry> people() {
        return people;
    }

    List<GroupEntry> groups() {
        return groups;
    }

    List<String> withoutMail() {
        return withoutMail;
    }

    private boolean disabled(SearchResultEntry e) {
        if (kind == ServerKind.ACTIVE_DIRECTORY) {
            Integer flags = e.getAttributeValueAsInteger(LdapDirectory.USER_ACCOUNT_CONTROL);
            if (flags != null && (flags & LdapDirectory.ACCOUNTDISABLE) != 0) {
                return true;
            }
        }
        return disabled != null && Filters.matches(disabled, e);
    }

    private java.util.Optional<String> member(String value) {
        return dn(value).flatMap(dn -> {
            if (mailByDn.containsKey(dn)) {
                return java.util.Optional.of(mailByDn.get(dn));
            }
            return java.util.Optional.ofNullable(groupKeyByDn.get(dn)).map(key -> "group:" + key);
        });
    }

    /**
     * Every value of {@code attribute}, following Active Directory's range retrieval: past
     * MaxValRange (1500) values it answers {@code member;range=0-1499} and the rest is asked for
     * range by range until one ends in {@code *} ("Searching Using Range Retrieval", Microsoft Learn).
     */
    private static List<String> values(SearchResultEntry e, String attribute, LdapDirectory.RangedMembers ranged)
            throws LdapReadException {
        List<String> values = new ArrayList<>();
        for (Attribute a : e.getAttributes()) {
            if (!a.getBaseName().equalsIgnoreCase(attribute)) {
                continue;
            }
            values.addAll(List.of(a.getValues()));
            String end = rangeEnd(a);
            while (end != null && !end.equals("*")) {
                int from;
                try {
                    from = Integer.parseInt(end) + 1;
                } catch (NumberFormatException bad) {
                    throw new LdapReadException(e.getDN() + ": unreadable range in " + a.getName());
                }
                SearchResultEntry next = ranged.next(e.getDN(), attribute, from);
                Attribute more = null;
                for (Attribute n : next.getAttributes()) {
                    if (n.getBaseName().equalsIgnoreCase(attribute) && rangeEnd(n) != null) {
                        more = n;
                    }
                }
                if (more == null) {
                    throw new LdapReadException(
                            e.getDN() + ": the server sent no " + attribute + " values from " + from + " on");
                }
                values.addAll(List.of(more.getValues()));
                end = rangeEnd(more);
            }
        }
        return values;
    }

    /** The end of a ranged attribute's range ("1499", "*"); null for a whole attribute. */
    private static String rangeEnd(Attribute a) {
        for (String option : a.getOptions()) {
            if (option.regionMatches(true, 0, "range=", 0, 6) && option.indexOf('-') > 0) {
                return option.substring(option.indexOf('-') + 1);
            }
        }
        return null;
    }

    private static String first(SearchResultEntry e, String attribute) {
        String[] values = e.getAttributeValues(attribute);
        if (values == null) {
            return null;
        }
        for (String v : values) {
            if (!v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    private static java.util.Optional<DN> dn(String value) {
        try {
            return java.util.Optional.of(new DN(value.trim()));
        } catch (LDAPException e) {
            return java.util.Optional.empty();
        }
    }
}
