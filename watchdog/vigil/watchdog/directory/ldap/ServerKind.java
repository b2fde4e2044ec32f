package vigil.watchdog.directory.ldap;

import com.unboundid.ldap.sdk.RootDSE;

/**
 * Which directory answers, as its root DSE says: the defaults for finding people and telling who is
 * disabled differ. Active Directory announces itself with the capability {@code
 * 1.2.840.113556.1.4.800} (LDAP_CAP_ACTIVE_DIRECTORY_OID, [MS-ADTS] 3.1.1.3.4.3 "LDAP
 * Capabilities"); anything else is read as a standard (OpenLDAP-like) directory.
 */
public enum ServerKind {
    ACTIVE_DIRECTORY("(&(objectCategory=person)(objectClass=user))"),
    STANDARD("(objectClass=inetOrgPerson)");

    static final String AD_CAPABILITY = "1.2.840.113556.1.4.800";

    /** Whom {@code users} holds that are people, when {@code user_filter} is not set. */
    final String defaultUserFilter;

    ServerKind(String defaultUserFilter) {
        this.defaultUserFilter = defaultUserFilter;
    }

    /** A root DSE that cannot be read (null) is a standard directory's. */
    static ServerKind of(RootDSE root) {
        if (root != null) {
            String[] capabilities = root.getAttributeValues("supportedCapabilities");
            if (capabilities != null) {
                for (String c : capabilities) {
                    if (AD_CAPABILITY.equals(c.trim())) {
                        return ACTIVE_DIRECTORY;
                    }
                }
            }
        }
        return STANDARD;
    }
}
