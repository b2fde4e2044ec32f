/**
 * The directory stage: people and groups as the source of truth has them — pushed over SCIM 2.0
 * by Okta or Entra ID, pulled from LDAP — kept per directory entry, with every change of a
 * person's active state written as an event in the same transaction (docs/directory.md). It owns
 * {@code dir_person}, {@code dir_group}, {@code dir_group_member} and {@code person_event}; it
 * knows nothing of alerting: the wiring turns its events into notices.
 */
package vigil.watchdog.directory;
