package vigil.inventory.load;

import org.yaml.snakeyaml.nodes.Node;

/** A value read from YAML together with where it was written, for problems found later (references). */
public record Located<T>(T value, String file, String path, Node node) {

    public void problem(Problems problems, String message) {
        problems.add(file, node, path + ": " + message);
    }
}
