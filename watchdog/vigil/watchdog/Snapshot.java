package vigil.watchdog;

import vigil.inventory.Inventory;
import vigil.watchdog.config.Config;
import vigil.watchdog.http.Tokens;
import vigil.watchdog.intake.PingTargets;

/**
 * What the daemon runs on at one moment: the configuration, the inventory, the ping targets made
 * from it and the API tokens. A reload swaps the whole snapshot in one step, so no request ever
 * sees a new inventory with old targets or tokens.
 */
public record Snapshot(Config config, Inventory inventory, PingTargets targets, Tokens tokens) {
    static Snapshot of(Config config, Inventory inventory, String cliToken) {
        return new Snapshot(config, inventory, new PingTargets(inventory), new Tokens(config.apiTokens(), cliToken));
    }
}
