/**
 * Offboarding impact (docs/audit.md): treat some people as deactivated together and list what breaks —
 * credentials they own directly or through an alias they are the last active member of, the
 * workflows that use or are owned by those, routes that go dark, aliases that fall below two
 * active people — and who could take over.
 */
package vigil.inventory.impact;
