/**
 * The directory stage's LDAP pull (docs/directory-ldap.md): every {@code poll}, people and groups
 * are read whole from Active Directory or OpenLDAP — paged, with AD's ranged member lists followed
 * — and handed to {@link vigil.watchdog.directory.DirectoryStore#replace} as one full sync. A read
 * that fails or stops part-way changes nothing: a directory that cannot be reached must never look
 * like a directory whose people all left.
 */
package vigil.watchdog.directory.ldap;
