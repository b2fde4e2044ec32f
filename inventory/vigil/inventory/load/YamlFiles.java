package vigil.inventory.load;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.representer.Representer;

/** Reads one YAML file into a node tree that remembers line and column of every value. */
public final class YamlFiles {
    private YamlFiles() {}

    /** Cron expressions start with '*' or '@', which YAML reads as syntax: say to quote them. */
    private static String hint(Path path, MarkedYAMLException e) {
        if (e.getProblemMark() == null) {
            return "";
        }
        try (var lines = Files.lines(path, StandardCharsets.UTF_8)) {
            String line = lines.skip(e.getProblemMark().getLine()).findFirst().orElse("");
            if (line.matches("\\s*(-\\s*)?(\\{\\s*)?.*\\bschedule:\\s*[*@].*")) {
                return " (quote cron expressions: schedule: \"*/5 * * * *\")";
            }
            if (line.contains("${") && line.contains("{ ")) {
                return " (inside { … } quote secret references: password: \"${env:NAME}\")";
            }
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // no hint then
        }
        return "";
    }

    /** The root node, or empty if the file is empty or unreadable (then a problem is recorded). */
    public static Optional<Node> read(Path path, String display, Problems problems) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Integer.MAX_VALUE);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(100);
        DumperOptions dumper = new DumperOptions();
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options);
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return Optional.ofNullable(yaml.compose(reader));
        } catch (MarkedYAMLException e) {
            String problem = e.getProblem() == null ? e.getContext() : e.getProblem();
            problems.add(display, e.getProblemMark(), "YAML syntax error: " + problem + hint(path, e));
        } catch (YAMLException e) {
            problems.add(display, (org.yaml.snakeyaml.error.Mark) null, "YAML error: " + e.getMessage());
        } catch (MalformedInputException e) {
            problems.add(display, (org.yaml.snakeyaml.error.Mark) null, "not valid UTF-8 text");
        } catch (IOException e) {
            problems.add(display, (org.yaml.snakeyaml.error.Mark) null, "cannot read file: " + e.getMessage());
        }
        return Optional.empty();
    }
}
