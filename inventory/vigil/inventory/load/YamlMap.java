package vigil.inventory.load;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML mapping read key by key, recording a {@link Problem} for every wrong type, duplicate or
 * unknown key instead of stopping at the first. Each value's path ({@code workflows[3].grace}) and
 * position are known, so messages point at the exact spot.
 */
public final class YamlMap {
    private final String file;
    private final String path;
    private final Node node;
    private final Problems problems;
    private final String secretAdvice;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private YamlMap(String file, String path, MappingNode node, Problems problems, String secretAdvice) {
        this.file = file;
        this.path = path;
        this.node = node;
        this.problems = problems;
        this.secretAdvice = secretAdvice;
        for (NodeTuple tuple : node.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                problems.add(
                        file,
                        tuple.getKeyNode(),
                        prefix() + "keys must be plain words, found " + describe(tuple.getKeyNode()));
                continue;
            }
            NodeTuple first = entries.putIfAbsent(key.getValue(), tuple);
            if (first != null) {
                problems.add(
                        file,
                        key,
                        child(key.getValue()) + ": duplicate key (first written at line "
                                + (first.getKeyNode().getStartMark().getLine() + 1) + ")");
            }
        }
    }

    /** The mapping at {@code node}, or empty (with a problem) when it is something else. */
    public static Optional<YamlMap> of(String file, String path, Node node, Problems problems, String secretAdvice) {
        if (node instanceof MappingNode mapping) {
            return Optional.of(new YamlMap(file, path, mapping, problems, secretAdvice));
        }
        problems.add(
                file,
                node,
                (path.isEmpty() ? "" : path + ": ") + "expected a mapping of keys to values, found " + describe(node));
        return Optional.empty();
    }

    /** A mapping with no keys: what a file that could not be read stands for, so callers need no null checks. */
    public static YamlMap empty(String file, Problems problems, String secretAdvice) {
        return new YamlMap(
                file,
                "",
                new MappingNode(Tag.MAP, new ArrayList<>(), org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK),
                problems,
                secretAdvice);
    }

    public String file() {
        return file;
    }

    public String path() {
        return path;
    }

    public Node node() {
        return node;
    }

    public Problems problems() {
        return problems;
    }

    public boolean has(String key) {
        return entries.containsKey(key) && !isNull(entries.get(key).getValueNode());
    }

    /** True when {@code key} holds a mapping (rather than a single value or a list). */
    public boolean holdsMapping(String key) {
        return has(key) && entries.get(key).getValueNode() instanceof MappingNode;
    }

    public Collection<String> keys() {
        return entries.keySet();
    }

    public String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private String prefix() {
        return path.isEmpty() ? "" : path + ": ";
    }

    /** Records a problem for every key not in {@code allowed}: secret-looking keys are refused outright. */
    public void allowOnly(Collection<String> allowed) {
        for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
            String key = entry.getKey();
            if (allowed.contains(key)) {
                continue;
            }
            Node keyNode = entry.getValue().getKeyNode();
            Node valueNode = entry.getValue().getValueNode();
            if (SecretShapes.valueShape(key).isPresent()) {
                problems.add(
                        file,
                        keyNode,
                        prefix() + "a key that looks like "
                                + SecretShapes.valueShape(key).get() + "; " + secretAdvice);
            } else if (valueNode instanceof ScalarNode v
                    && SecretShapes.valueShape(v.getValue()).isPresent()) {
                // the value is the secret, whatever the key is called: point at the value
                problems.add(
                        file,
                        valueNode,
                        child(key) + ": looks like "
                                + SecretShapes.valueShape(v.getValue()).get() + "; " + secretAdvice);
            } else if (SecretShapes.isSecretKey(key)) {
                problems.add(file, keyNode, child(key) + ": looks like a secret (key '" + key + "'); " + secretAdvice);
            } else {
                problems.add(file, keyNode, child(key) + ": unknown key" + Suggest.hint(key, allowed));
            }
        }
    }

    /** Records a problem at the mapping itself when a required key is missing or empty. */
    public void require(String... keys) {
        for (String key : keys) {
            if (!has(key)) {
                problems.add(file, node, prefix() + "missing required key '" + key + "'");
            }
        }
    }

    public void problem(String key, String message) {
        NodeTuple tuple = entries.get(key);
        problems.add(file, tuple == null ? node : tuple.getValueNode(), child(key) + ": " + message);
    }

    /** A scalar as text; lists and mappings are a problem. Secret-shaped values are refused. */
    public Optional<Located<String>> string(String key) {
        NodeTuple tuple = entries.get(key);
        if (tuple == null || isNull(tuple.getValueNode())) {
            return Optional.empty();
        }
        return scalar(child(key), tuple.getValueNode());
    }

    Optional<Located<String>> scalar(String at, Node value) {
        if (!(value instanceof ScalarNode scalar)) {
            problems.add(file, value, at + ": expected a single value, found " + describe(value));
            return Optional.empty();
        }
        String text = scalar.getValue();
        Optional<String> shape = SecretShapes.valueShape(text);
        if (shape.isPresent()) {
            problems.add(file, value, at + ": looks like " + shape.get() + "; " + secretAdvice);
            return Optional.empty();
        }
        return Optional.of(new Located<>(text, file, at, value));
    }

    public Optional<Boolean> bool(String key) {
        NodeTuple tuple = entries.get(key);
        if (tuple == null || isNull(tuple.getValueNode())) {
            return Optional.empty();
        }
        Node value = tuple.getValueNode();
        if (value instanceof ScalarNode s && Tag.BOOL.equals(s.getTag())) {
            String word = s.getValue().toLowerCase(java.util.Locale.ROOT);
            return Optional.of(word.equals("true") || word.equals("yes") || word.equals("on"));
        }
        if (value instanceof ScalarNode s
                && Tag.STR.equals(s.getTag())
                && s.getScalarStyle().getChar() != null
                && List.of("true", "false").contains(s.getValue().toLowerCase(java.util.Locale.ROOT))) {
            problems.add(
                    file,
                    value,
                    child(key) + ": expected true or false, found the text \"" + s.getValue()
                            + "\" (remove the quotes)");
            return Optional.empty();
        }
        problems.add(file, value, child(key) + ": expected true or false, found " + describe(value));
        return Optional.empty();
    }

    /** The items of a list; a single scalar where a list is expected is a problem, not silently wrapped. */
    public List<Located<Node>> list(String key) {
        NodeTuple tuple = entries.get(key);
        if (tuple == null || isNull(tuple.getValueNode())) {
            return List.of();
        }
        Node value = tuple.getValueNode();
        if (!(value instanceof SequenceNode sequence)) {
            problems.add(file, value, child(key) + ": expected a list, found " + describe(value));
            return List.of();
        }
        List<Located<Node>> items = new ArrayList<>();
        List<Node> nodes = sequence.getValue();
        for (int i = 0; i < nodes.size(); i++) {
            items.add(new Located<>(nodes.get(i), file, child(key) + "[" + i + "]", nodes.get(i)));
        }
        return items;
    }

    /** A list of scalars. */
    public List<Located<String>> strings(String key) {
        List<Located<String>> out = new ArrayList<>();
        for (Located<Node> item : list(key)) {
            scalar(item.path(), item.node()).ifPresent(out::add);
        }
        return out;
    }

    /** A nested mapping. */
    public Optional<YamlMap> map(String key) {
        NodeTuple tuple = entries.get(key);
        if (tuple == null || isNull(tuple.getValueNode())) {
            return Optional.empty();
        }
        return of(file, child(key), tuple.getValueNode(), problems, secretAdvice);
    }

    /** A list item (or any node) read as a mapping. */
    public static Optional<YamlMap> item(Located<Node> item, Problems problems, String secretAdvice) {
        return of(item.file(), item.path(), item.node(), problems, secretAdvice);
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (isNull(node)) {
            return "nothing";
        }
        String value = ((ScalarNode) node).getValue();
        return SecretShapes.valueShape(value).isPresent() ? "a value that looks like a secret" : "'" + value + "'";
    }
}
