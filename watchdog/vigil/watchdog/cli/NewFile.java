package vigil.watchdog.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A file the command line writes for review: never over an existing one, never half of it. */
final class NewFile {
    private NewFile() {}

    /** Refuses before any work when {@code out} exists or its directory does not. */
    static void check(Path out, String command) {
        if (Files.exists(out)) {
            throw new CliException(out + " exists; " + command + " never edits a file: name a new one");
        }
        if (!Files.isDirectory(out.toAbsolutePath().getParent())) {
            throw new CliException("cannot write " + out + ": its directory does not exist");
        }
    }

    /** Written beside the target and moved into place only if nothing is there. */
    static void write(Path out, String text, String command) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + command + "-", ".yaml");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            try {
                Files.createLink(out, tmp);
            } catch (UnsupportedOperationException | IOException e) {
                if (e instanceof FileAlreadyExistsException) {
                    throw new CliException(out + " exists; " + command + " never edits a file: name a new one");
                }
                Files.move(tmp, out); // no hard links here: move, which also refuses an existing target
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
