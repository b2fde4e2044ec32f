/**
 * Persistence of the inventory on H2 (embedded default) or PostgreSQL: Flyway migrations, the
 * connection pool, and the all-or-nothing replacement of one valid inventory by the next, keeping
 * history (when a workflow entered the inventory, when a person became inactive).
 */
package vigil.inventory.store;
