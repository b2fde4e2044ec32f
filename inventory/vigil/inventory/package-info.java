/**
 * The domain Vigil keeps watch over: people, the aliases they belong to, the credentials
 * automation authenticates with, the workflows themselves and the routes their errors go to.
 * Values are records; an {@link vigil.inventory.Inventory} is one validated, immutable snapshot.
 * This package knows nothing of the daemon ({@code watchdog}) or of delivery ({@code notifiers}).
 */
package vigil.inventory;
