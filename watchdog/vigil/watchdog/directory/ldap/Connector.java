package vigil.watchdog.directory.ldap;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.TrustManager;
import vigil.watchdog.config.Config;

/**
 * Opens and binds one connection as {@code directory.ldap} says: ldaps:// trusting the {@code ca}
 * PEM file (else the JVM's trust store) and checking the server's name, ldap:// in the clear; a
 * simple bind as {@code bind_dn} (anonymous without one). Referrals are not followed: AD hands them
 * out for other domains, which are not this configuration's to read.
 */
final class Connector {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    private Connector() {}

    static LDAPConnection open(Config.Ldap ldap) throws LdapReadException {
        LDAPURL url;
        try {
            url = new LDAPURL(ldap.url());
        } catch (LDAPException e) {
            throw new LdapReadException("the url " + ldap.url() + " is not an LDAP URL: " + e.getDiagnosticMessage());
        }
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) CONNECT_TIMEOUT.toMillis());
        options.setResponseTimeoutMillis(RESPONSE_TIMEOUT.toMillis());
        options.setFollowReferrals(false);
        String where = url.getScheme() + "://" + url.getHost() + ":" + url.getPort();
        LDAPConnection connection;
        try {
            if ("ldaps".equals(url.getScheme())) {
                options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
                TrustManager trust = ldap.ca() == null
                        ? JVMDefaultTrustManager.getInstance()
                        : new PEMFileTrustManager(ldap.ca().toFile());
                connection = new LDAPConnection(
                        new SSLUtil(trust).createSSLSocketFactory(), options, url.getHost(), url.getPort());
            } else {
                connection = new LDAPConnection(options, url.getHost(), url.getPort());
            }
        } catch (LDAPException e) {
            throw new LdapReadException("cannot connect to " + where + ": " + Connector.reason(e));
        } catch (GeneralSecurityException e) {
            throw new LdapReadException("cannot set up TLS for " + where + ": " + e.getMessage());
        }
        if (ldap.bindDn() == null) {
            return connection;
        }
        try {
            String password = ldap.password() == null ? "" : ldap.password().reveal();
            connection.bind(new SimpleBindRequest(ldap.bindDn(), password));
            return connection;
        } catch (LDAPException e) {
            connection.close();
            throw new LdapReadException(where + " refused the bind as " + ldap.bindDn() + ": " + reason(e));
        }
    }

    /**
     * The result code and the server's message, else the SDK's (a connection refused, a timeout).
     * Neither holds the bind password: it is sent, never quoted back.
     */
    static String reason(LDAPException e) {
        String said = e.getDiagnosticMessage();
        if (said == null || said.isBlank()) {
            said = e.getMessage();
        }
        return e.getResultCode().getName() + " (" + e.getResultCode().intValue() + ")"
                + (said == null || said.isBlank() ? "" : ": " + said);
    }
}
