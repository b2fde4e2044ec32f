/**
 * Vigil as a SCIM 2.0 service provider at {@code /scim/v2} (RFC 7643/7644, docs/directory-scim.md):
 * Okta and Entra ID push Users and Groups here, and every accepted write lands in the directory
 * store ({@code source = "scim"}) in the same transaction as the resource itself, so a 2xx is only
 * sent for what is committed. It accepts what those two directories really send, not just what the
 * RFC says: capitalised {@code op} values, {@code active} as the string {@code "False"}, value
 * objects without a path whose keys are paths, member removal with a value list. Filters, PATCH
 * paths and error bodies are the UnboundID SCIM SDK's; the quirks are mended before it sees them.
 */
package vigil.watchdog.directory.scim;
