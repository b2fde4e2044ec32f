/**
 * The audit: rules over the inventory that say where error notifications really go and which
 * credentials and owners are fragile (docs/audit.md). Each finding names its rule id, severity, the
 * workflow and target it concerns, and a message that includes the fix.
 */
package vigil.inventory.audit;
