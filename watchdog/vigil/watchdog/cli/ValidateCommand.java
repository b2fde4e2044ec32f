package vigil.watchdog.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import vigil.inventory.Inventory;
import vigil.inventory.load.InvalidYamlException;
import vigil.inventory.load.InventoryLoader;
import vigil.inventory.load.Problems;
import vigil.watchdog.config.Config;
import vigil.watchdog.config.ConfigLoader;

@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Check vigil.yaml and the inventory together, offline, and print every problem as FILE:LINE:COLUMN: message.",
            "Exit 0 when valid, 1 when not."
        })
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Problems problems = new Problems();
        Config loaded = ConfigLoader.read(config.path(), System::getenv, problems);
        int count = problems.sorted().size();
        problems.sorted().forEach(err::println);
        Inventory inventory = null;
        try {
            inventory = InventoryLoader.load(loaded.inventory(), loaded.inventoryContext());
        } catch (InvalidYamlException e) {
            e.problems().forEach(err::println);
            count += e.problems().size();
        }
        if (count > 0) {
            err.println(count + (count == 1 ? " problem" : " problems") + " found");
            return Main.ERROR;
        }
        loaded.warnings().forEach(w -> err.println(InventoryLoader.display(loaded.file()) + ": warning: " + w));
        out.println("valid: " + InventoryLoader.display(loaded.file()) + " and "
                + InventoryLoader.display(loaded.inventory()) + " ("
                + inventory.people().size() + " people, "
                + inventory.aliases().size() + " aliases, "
                + inventory.credentials().size() + " credentials, "
                + inventory.workflows().size() + " workflows)");
        return Main.OK;
    }
}
