/**
 * Discovery: inventory entries proposed from what the platforms define (docs/discovery.md), for
 * the workflows no inventory entry watches yet — filled in as far as the platform knows, left
 * for a person to review and add. Nothing here writes to the inventory.
 */
package vigil.inventory.discovery;
