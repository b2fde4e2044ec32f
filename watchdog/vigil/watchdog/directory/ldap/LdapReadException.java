package vigil.watchdog.directory.ldap;

/**
 * A read of the directory that did not complete: the server could not be reached, refused the
 * bind, or failed a search or a page of one. Its message says why for the log and never holds the
 * password.
 */
public final class LdapReadException extends Exception {
    private static final long serialVersionUID = 1L;

    public LdapReadException(String reason) {
        super(reason);
    }
}
