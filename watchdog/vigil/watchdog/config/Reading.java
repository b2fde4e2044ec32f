package vigil.watchdog.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import vigil.inventory.load.Durations;
import vigil.inventory.load.Located;
import vigil.inventory.load.Problems;
import vigil.inventory.load.YamlMap;

/**
 * What every section of {@code vigil.yaml} is read with: the file's directory (relative paths are
 * relative to it), the secret references, and the problems found so far — with the value readers
 * the sections share.
 */
final class Reading {
    final Path dir;
    final SecretReferences secrets;
    final Problems problems;

    Reading(Path dir, SecretReferences secrets, Problems problems) {
        this.dir = dir;
        this.secrets = secrets;
        this.problems = problems;
    }

    /** {@code key} as a path relative to the file's directory, or {@code fallback}. */
    Path path(YamlMap m, String key, String fallback) {
        return dir.resolve(m.string(key).map(Located::value).orElse(fallback)).normalize();
    }

    /** {@code ca}: a PEM file of CA certificates, read once here so that a wrong one is refused at load. */
    Path caFile(YamlMap m) {
        Path file = path(m, "ca", "");
        try {
            vigil.notifiers.Tls.certificates(file);
        } catch (java.nio.file.NoSuchFileException e) {
            m.problem("ca", "no such file: " + file);
        } catch (java.io.IOException e) {
            m.problem("ca", e.getMessage());
        }
        return file;
    }

    /**
     * A duration longer than zero and at most {@code max}, or {@code fallback} when absent (or
     * wrong, with a problem).
     */
    Duration duration(YamlMap m, String key, Duration fallback, Duration max) {
        Optional<Located<String>> text = m.string(key);
        if (text.isEmpty()) {
            return fallback;
        }
        Optional<Duration> d = Durations.parse(text.get().value());
        if (d.isEmpty() || d.get().isZero() || d.get().isNegative()) {
            text.get()
                    .problem(
                            problems,
                            "invalid duration '" + text.get().value()
                                    + "' (use 30s, 5m, 1h, 1d, 1w or ISO-8601 like PT1H)");
            return fallback;
        }
        if (d.get().compareTo(max) > 0) {
            text.get().problem(problems, "'" + text.get().value() + "' is too long: at most " + Durations.inDays(max));
            return fallback;
        }
        return d.get();
    }

    /** A whole number in [min, max]; {@code min} (with a problem) otherwise. */
    int integer(Located<String> text, int min, int max) {
        try {
            int v = Integer.parseInt(text.value());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        text.problem(problems, "expected a whole number from " + min + " to " + max + ", found '" + text.value() + "'");
        return min;
    }
}
