package vigil.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vigil.inventory.store.Database;
import vigil.testing.TestDatabase;

/**
 * A database an earlier release made is brought up to date by the next start. Migrations are
 * numbered in one sequence shared by the inventory (V1, V114, …) and the daemon (V100 on), and the
 * scheduler's tables are V200, so every migration added since the first release is numbered below
 * one already applied: the start must apply it all the same, not refuse the database.
 */
class MigrationUpgradeTest {
    private static final Pattern VERSION = Pattern.compile("V(\\d+)__.*\\.sql");

    /** The migrations of the first release: everything up to V113, and the scheduler's V200. */
    private static boolean firstRelease(int version) {
        return version <= 113 || version == 200;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void a_database_of_the_first_release_takes_every_later_migration(String kind, @TempDir Path dir) throws Exception {
        Path earlier = dir.resolve("first-release");
        Files.createDirectories(earlier);
        int later = 0;
        int first = 0;
        for (String location : List.of("vigil/inventory/store/migration", "vigil/watchdog/migration")) {
            try (Stream<Path> files = Files.list(resource(location))) {
                for (Path file : files.toList()) {
                    Matcher m = VERSION.matcher(file.getFileName().toString());
                    if (m.matches() && firstRelease(Integer.parseInt(m.group(1)))) {
                        Files.copy(file, earlier.resolve(file.getFileName()));
                        first++;
                    } else if (m.matches()) {
                        later++;
                    }
                }
            }
        }
        assertThat(later).as("migrations added since the first release").isPositive();
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            boolean postgres = db.url().startsWith("jdbc:postgresql:");
            Flyway.configure()
                    .dataSource(db.url(), null, null)
                    .locations("filesystem:" + earlier)
                    .placeholders(Map.of("binary", postgres ? "BYTEA" : "BLOB", "identity_cache", "1"))
                    .load()
                    .migrate();
            try (Connection c = java.sql.DriverManager.getConnection(db.url())) {
                c.createStatement()
                        .execute("INSERT INTO run (workflow, status, finished, source) VALUES ('nightly', 'success',"
                                + " 1764576000000, 'ping')");
            }

            try (Database database = Database.open(db.url(), null, null, 2, Stages.MIGRATIONS)) {
                try (Connection c = database.dataSource().getConnection();
                        ResultSet rs = c.createStatement().executeQuery("SELECT workflow, status FROM run")) {
                    assertThat(rs.next())
                            .as("the earlier release's run is kept")
                            .isTrue();
                    assertThat(rs.getString(1)).isEqualTo("nightly");
                }
                try (Connection c = database.dataSource().getConnection();
                        ResultSet rs = c.createStatement()
                                .executeQuery("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" = TRUE"
                                        + " AND \"version\" IS NOT NULL")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("every migration applied").isEqualTo(first + later);
                }
                try (Connection c = database.dataSource().getConnection()) {
                    c.createStatement()
                            .executeQuery("SELECT COUNT(*) FROM source_definition")
                            .close();
                    c.createStatement()
                            .executeQuery("SELECT COUNT(*) FROM person_event")
                            .close();
                }
            }
        }
    }

    private static Path resource(String location) throws URISyntaxException {
        return Path.of(MigrationUpgradeTest.class
                .getClassLoader()
                .getResource(location)
                .toURI());
    }
}
