package vigil.watchdog.config;

import java.util.List;
import java.util.Optional;
import vigil.inventory.Secret;
import vigil.inventory.load.Located;
import vigil.inventory.load.YamlMap;

/** {@code database:} — an H2 file in the state directory by default, or PostgreSQL. */
final class DatabaseSection {
    private DatabaseSection() {}

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
            if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
                u.get()
                        .problem(
                                r.problems,
                                "unsupported database URL (use jdbc:h2:file:PATH or jdbc:postgresql://HOST/DB)");
            }
        }
        String user = db.string("user").map(Located::value).orElse(null);
        Secret password = r.secrets.secret(db, "password");
        return new Config.Database(url, user, password);
    }
}
