package vigil.inventory.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Collects problems while a whole document set is read, so all of them are reported together. */
public final class Problems {
    private final List<Problem> list = new ArrayList<>();

    public void add(String file, Node node, String message) {
        add(file, node.getStartMark(), message);
    }

    public void add(String file, Mark mark, String message) {
        if (mark == null) {
            list.add(new Problem(file, 1, 1, message));
        } else {
            list.add(new Problem(file, mark.getLine() + 1, mark.getColumn() + 1, message));
        }
    }

    public void add(Problem problem) {
        list.add(problem);
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public List<Problem> sorted() {
        List<Problem> copy = new ArrayList<>(list);
        Collections.sort(copy);
        return copy;
    }

    /** Throws with every problem found, if there was any. */
    public void throwIfAny() throws InvalidYamlException {
        if (!list.isEmpty()) {
            throw new InvalidYamlException(sorted());
        }
    }
}
