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

    /** How deep and how wide an inventory directory is walked: `inventory: /` must not walk the disk. */
    static final int MAX_DEPTH = 8;

    static final int MAX_ENTRIES = 10_000;

    /**
     * All of an inventory's files together: a 32nd of the heap (16 MiB on the default 512 MiB). Files
     * are parsed one at a time; what stays is about 1.3 KB of heap per workflow.
     */
    static long maxTotalBytes() {
        return 2 * YamlFiles.maxFileBytes();
    }

    private static List<Path> files(Path path, Problems problems) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            problems.add(new Problem(display(path), 1, 1, "inventory not found: no such file or directory"));
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        long total = 0;
        try (Stream<Path> walk = Files.walk(path, MAX_DEPTH)) {
            List<Path> entries = walk.limit(MAX_ENTRIES + 1).sorted().toList();
            if (entries.size() > MAX_ENTRIES) {
                problems.add(new Problem(
                        display(path),
                        1,
                        1,
                        "holds more than " + MAX_ENTRIES
                                + " files and directories: is 'inventory' the directory of the inventory's files?"));
                return List.of();
            }
            for (Path p : entries) {
                String name = p.getFileName() == null ? "" : p.getFileName().toString();
                if (!name.endsWith(".yaml") && !name.endsWith(".yml")) {
                    continue;
                }
                if (!Files.isRegularFile(p)) {
                    problems.add(new Problem(
                            display(p),
                            1,
                            1,
                            "not a regular file ("
                                    + (Files.isDirectory(p)
                                            ? "a directory"
                                            : Files.isSymbolicLink(p) ? "a link to nothing" : "a pipe or device")
                                    + "): every *.yaml in the inventory directory must be an inventory file"));
                    continue;
                }
                total += Files.size(p);
                found.add(p);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            IOException cause = e instanceof java.io.UncheckedIOException u ? u.getCause() : (IOException) e;
            String where = cause instanceof java.nio.file.FileSystemException f && f.getFile() != null
                    ? display(Path.of(f.getFile()))
                    : display(path);
            problems.add(new Problem(where, 1, 1, "cannot read inventory directory: " + YamlFiles.reason(cause)));
            return List.of();
        }
        if (found.isEmpty() && problems.isEmpty()) {
            problems.add(new Problem(display(path), 1, 1, "inventory directory holds no *.yaml files"));
        }
        if (total > maxTotalBytes()) {
            problems.add(
                    new Problem(display(path), 1, 1, YamlFiles.tooLarge("the files hold", total, maxTotalBytes())));
            return List.of();
        }
        return found;
    }

    /** A path as the user would type it: relative to the working directory when beneath it. */
    public static String display(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : absolute.toString();
    }
}
