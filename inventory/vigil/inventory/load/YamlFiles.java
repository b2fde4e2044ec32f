package vigil.inventory.load;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
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

    /**
     * The largest file read: a 64th of the heap, at most 32 MiB. Parsing takes about 9 bytes of heap
     * per byte of YAML at its peak (17 MB, 100,000 workflows one per line, peaked at 900 MB), so on
     * the daemon's default 512 MiB heap a file may hold 8 MiB, some 45,000 workflows.
     */
    public static long maxFileBytes() {
        return Math.min(32L << 20, Runtime.getRuntime().maxMemory() / 64);
    }

    /** What to say when a file or an inventory is over its limit. */
    static String tooLarge(String what, long bytes, long limit) {
        return what + " " + megabytes(bytes) + "; with a heap of "
                + megabytes(Runtime.getRuntime().maxMemory())
                + " at most " + megabytes(limit) + " are read: split the inventory into several files, or give the"
                + " daemon more heap (VIGIL_JAVA_OPTS=-Xmx2g holds 32 MiB)";
    }

    static String megabytes(long bytes) {
        return bytes >= (1 << 20) ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }

    /** Why an I/O operation failed, in words: the exception's own message names only the path. */
    public static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.FileSystemLoopException) {
            return "a symbolic link loop";
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /**
     * {@code bytes} as UTF-8, or why not in words with the line: UTF-16 (a byte order mark) or a
     * byte sequence that is no UTF-8, as files saved in Latin-1 or Windows-1252 have.
     */
    static final class NotUtf8 extends CharacterCodingException {
        final int line;
        final int column;
        private final String message;

        NotUtf8(int line, int column, String message) {
            this.line = line;
            this.column = column;
            this.message = message;
        }

        @Override
        public String getMessage() {
            return message;
        }
    }

    static String utf8(byte[] bytes) throws NotUtf8 {
        if (bytes.length >= 2
                && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
                        || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
            throw new NotUtf8(1, 1, "the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8");
        }
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
        java.nio.charset.CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            int column = 1;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    column = 1;
                } else if ((bytes[i] & 0xC0) != 0x80) {
                    column++;
                }
            }
            throw new NotUtf8(
                    line,
                    column,
                    String.format(
                            "not UTF-8 (byte 0x%02X): the file is in another encoding, such as Latin-1 or"
                                    + " Windows-1252; save it as UTF-8",
                            bytes[at] & 0xFF));
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /**
     * Comments are not part of the YAML a loader sees, but they are committed with it: a secret in
     * one is refused like a secret in a value, at its line and column, without repeating it.
     */
    static void comments(String text, String display, Problems problems) {
        int line = 0;
        for (String l : text.split("\n", -1)) {
            line++;
            int hash = commentStart(l);
            if (hash < 0) {
                continue;
            }
            Optional<String> shape = SecretShapes.valueShape(l.substring(hash + 1));
            if (shape.isPresent()) {
                problems.add(new Problem(
                        display,
                        line,
                        hash + 1,
                        "a comment looks like " + shape.get()
                                + "; a secret in a committed file is leaked, comment or not: remove it (and"
                                + " rotate it)"));
            }
        }
    }

    /** Where a line's comment starts: a '#' at the start or after a blank, outside quotes; or -1. */
    private static int commentStart(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return i;
            }
        }
        return -1;
    }

    /** The root node, or empty if the file is empty or unreadable (then a problem is recorded). */
    public static Optional<Node> read(Path path, String display, Problems problems) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Integer.MAX_VALUE);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(100);
        DumperOptions dumper = new DumperOptions();
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options);
        String text;
        try {
            long size = Files.size(path);
            if (size > maxFileBytes()) {
                problems.add(new Problem(display, 1, 1, tooLarge("the file holds", size, maxFileBytes())));
                return Optional.empty();
            }
            text = utf8(Files.readAllBytes(path));
        } catch (NotUtf8 e) {
            problems.add(new Problem(display, e.line, e.column, e.getMessage()));
            return Optional.empty();
        } catch (IOException e) {
            problems.add(display, (org.yaml.snakeyaml.error.Mark) null, "cannot read file: " + reason(e));
            return Optional.empty();
        }
        comments(text, display, problems);
        try {
            return Optional.ofNullable(yaml.compose(new java.io.StringReader(text)));
        } catch (MarkedYAMLException e) {
            String problem = e.getProblem() == null ? e.getContext() : e.getProblem();
            problems.add(display, e.getProblemMark(), "YAML syntax error: " + problem + hint(path, e));
        } catch (YAMLException e) {
            problems.add(display, (org.yaml.snakeyaml.error.Mark) null, "YAML error: " + e.getMessage());
        }
        return Optional.empty();
    }
}
