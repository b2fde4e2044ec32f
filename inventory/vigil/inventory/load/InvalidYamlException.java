package vigil.inventory.load;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a YAML file (inventory or configuration) has one or more problems; carries all of them. */
public final class InvalidYamlException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public InvalidYamlException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
