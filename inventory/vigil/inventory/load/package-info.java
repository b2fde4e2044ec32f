/**
 * Reading YAML into validated values. Every mistake is collected as a {@link
 * vigil.inventory.load.Problem} with file, line, column, the YAML path and the rule in plain
 * words, so a user sees all of them at once; nothing half-valid ever leaves this package. The
 * helpers here ({@link vigil.inventory.load.YamlMap}, {@link vigil.inventory.load.Suggest}) are
 * shared with the daemon's own configuration loader.
 */
package vigil.inventory.load;
