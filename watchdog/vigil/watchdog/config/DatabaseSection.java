package vigil.watchdog.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vigil.inventory.Secret;
import vigil.inventory.load.Located;
import vigil.inventory.load.YamlMap;

/** {@code database:} — an H2 file in the state directory by default, or PostgreSQL. */
final class DatabaseSection {
    private static final String USE = "use jdbc:h2:file:PATH or jdbc:postgresql://HOST/DB";
    /** An H2 URL that names a mode ({@code mem:}, {@code tcp:} …) rather than a file. */
    private static final Pattern H2_MODE = Pattern.compile("jdbc:h2:([a-zA-Z][a-zA-Z0-9]+):.*");

    private DatabaseSection() {}

    /**
     * Why a URL cannot hold what Vigil acknowledges, if it cannot: only a file (H2) or PostgreSQL
     * keeps a ping answered OK. An in-memory database would lose every one at the next restart.
     */
    static Optional<String> unsupported(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return Optional.empty();
        }
        if (!url.startsWith("jdbc:h2:")) {
            return Optional.of("unsupported database URL (" + USE + ")");
        }
        Matcher mode = H2_MODE.matcher(url);
        if (!mode.matches() || mode.group(1).equals("file")) {
            return Optional.empty();
        }
        if (mode.group(1).equals("mem")) {
            return Optional.of("jdbc:h2:mem: keeps nothing on disk, so a ping answered OK would be lost at the next"
                    + " restart; " + USE);
        }
        return Optional.of("jdbc:h2:" + mode.group(1) + ": is not supported: " + USE);
    }

    static Config.Database read(Optional<YamlMap> m, String stateDir, Reading r) {
        String url = "jdbc:h2:file:" + stateDir + "/vigil";
        if (m.isEmpty()) {
            return new Config.Database(url, null, null);
        }
        YamlMap db = m.get();
        db.allowOnly(List.of("url", "user", "password"));
        Optional<Located<String>> u = db.string("url");
        if (u.isPresent()) {
            url = u.get().value().replace("${state_dir}", stateDir);
            unsupported(url).ifPresent(why -> u.get().problem(r.problems, why));
        }
        String user = db.string("user").map(Located::value).orElse(null);
        Secret password = r.secrets.secret(db, "password");
        return new Config.Database(url, user, password);
    }
}
