package vigil.watchdog.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import vigil.inventory.Secret;
import vigil.inventory.load.Located;
import vigil.inventory.load.Problems;
import vigil.inventory.load.YamlMap;

/**
 * Resolves {@code ${env:NAME}} and {@code ${file:PATH}} (relative to the configuration's
 * directory) into {@link Secret}s. An inline value where a secret belongs is a problem, reported
 * without repeating the value.
 */
final class SecretReferences {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]+)}");

    private final Path dir;
    private final Function<String, String> env;
    private final Problems problems;

    SecretReferences(Path dir, Function<String, String> env, Problems problems) {
        this.dir = dir;
        this.env = env;
        this.problems = problems;
    }

    /** A webhook URL may be written inline (it carries no token); a reference works too. */
    Secret plainOrSecret(YamlMap m, String key) {
        Optional<Located<String>> raw = rawScalar(m, key);
        if (raw.isPresent() && !REFERENCE.matcher(raw.get().value()).find()) {
            return m.string(key).map(l -> new Secret(l.value())).orElse(null);
        }
        return secret(m, key);
    }

    /** A secret from {@code ${env:NAME}} or {@code ${file:PATH}}; an inline value is a problem. */
    Secret secret(YamlMap m, String key) {
        Optional<Located<String>> raw = rawScalar(m, key);
        if (raw.isEmpty()) {
            return null;
        }
        Located<String> text = raw.get();
        Matcher ref = REFERENCE.matcher(text.value().trim());
        if (!ref.matches()) {
            text.problem(problems, "inline secret refused; " + ConfigLoader.SECRET_ADVICE);
            return null;
        }
        String name = ref.group(2).trim();
        if (ref.group(1).equals("env")) {
            String value = env.apply(name);
            if (value == null || value.isEmpty()) {
                text.problem(problems, "environment variable " + name + " is not set");
                return null;
            }
            return new Secret(value);
        }
        Path path = dir.resolve(name).normalize();
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            text.problem(problems, "secret file " + path + " is not a regular file (a device, pipe or directory)");
            return null;
        }
        try (java.io.InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes(MAX_SECRET_BYTES + 1);
            if (bytes.length > MAX_SECRET_BYTES) {
                text.problem(
                        problems,
                        "secret file " + path + " holds more than " + MAX_SECRET_BYTES
                                + " bytes; a secret file holds one secret");
                return null;
            }
            return new Secret(new String(bytes, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            text.problem(problems, "cannot read secret file " + path + ": " + vigil.inventory.load.YamlFiles.reason(e));
            return null;
        }
    }

    /** A secret file is one token, key or password; 64 KiB holds any of them (and a PEM chain). */
    static final int MAX_SECRET_BYTES = 64 * 1024;

    /** The scalar under {@code key} without the secret-shape check (a reference is not the secret). */
    private Optional<Located<String>> rawScalar(YamlMap m, String key) {
        if (!m.has(key) || !(m.node() instanceof MappingNode mapping)) {
            return Optional.empty();
        }
        for (NodeTuple t : mapping.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                if (t.getValueNode() instanceof ScalarNode v) {
                    return Optional.of(new Located<>(v.getValue(), m.file(), m.child(key), v));
                }
                return m.string(key);
            }
        }
        return Optional.empty();
    }
}
