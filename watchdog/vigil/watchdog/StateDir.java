package vigil.watchdog;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The state directory and the H2 files in it hold run logs, alert texts and token hashes: they
 * are the daemon user's alone (0700 and 0600), whatever the umask the daemon was started with.
 */
final class StateDir {
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final String H2_FILE = "jdbc:h2:file:";

    private StateDir() {}

    /** Creates the directory (and its parents) if need be, and makes it private. */
    static void create(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (posix()) {
            Files.setPosixFilePermissions(dir, DIRECTORY);
        }
    }

    /** Makes an H2 database's files private; a PostgreSQL URL keeps nothing here. */
    static void keepPrivate(String url) throws IOException {
        if (!url.startsWith(H2_FILE) || !posix()) {
            return;
        }
        String base = url.substring(H2_FILE.length());
        int options = base.indexOf(';');
        Path file = Path.of(options < 0 ? base : base.substring(0, options));
        for (String suffix : new String[] {".mv.db", ".trace.db", ".lock.db"}) {
            Path f = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(f)) {
                Files.setPosixFilePermissions(f, FILE);
            }
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
