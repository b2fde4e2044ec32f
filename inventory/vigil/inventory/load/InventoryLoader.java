package vigil.inventory.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import vigil.inventory.Inventory;

/**
 * Loads an inventory from one YAML file or a directory of them (merged), validating everything
 * and reporting every problem at once. Either a whole valid {@link Inventory} comes back, or an
 * {@link InvalidYamlException} listing all problems: never something half-loaded.
 */
public final class InventoryLoader {
    static final String SECRET_ADVICE =
            "refused: the inventory holds metadata about credentials, never the credentials themselves";

    private InventoryLoader() {}

    public static Inventory load(Path path, InventoryContext context) throws InvalidYamlException {
        Problems problems = new Problems();
        InventoryReader reader = new InventoryReader(problems, context);
        for (Path file : files(path, problems)) {
            YamlFiles.read(file, display(file), problems)
                    .flatMap(root -> YamlMap.of(display(file), "", root, problems, SECRET_ADVICE))
                    .ifPresent(reader::readFile);
        }
        Inventory inventory = reader.finish();
        problems.throwIfAny();
        return inventory;
    }

    private static List<Path> files(Path path, Problems problems) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            problems.add(new Problem(display(path), 1, 1, "inventory not found: no such file or directory"));
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(path)) {
            List<Path> found = new ArrayList<>(walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList());
            if (found.isEmpty()) {
                problems.add(new Problem(display(path), 1, 1, "inventory directory holds no *.yaml files"));
            }
            return found;
        } catch (IOException e) {
            problems.add(new Problem(display(path), 1, 1, "cannot read inventory directory: " + e.getMessage()));
            return List.of();
        }
    }

    /** A path as the user would type it: relative to the working directory when beneath it. */
    public static String display(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : absolute.toString();
    }
}
