/**
 * The daemon configuration ({@code vigil.yaml}, SPEC §3): read with the same precise, all-at-once
 * validation as the inventory, with secrets taken only from {@code ${env:NAME}} or
 * {@code ${file:PATH}} references and held as {@link vigil.inventory.Secret}.
 */
package vigil.watchdog.config;
