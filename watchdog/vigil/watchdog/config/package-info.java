/**
 * The daemon configuration ({@code vigil.yaml}, docs/configuration.md), read section by section
 * with the same precise, all-at-once validation as the inventory; secrets are taken only from
 * {@code ${env:NAME}} or {@code ${file:PATH}} references and held as {@link vigil.inventory.Secret}.
 */
package vigil.watchdog.config;
