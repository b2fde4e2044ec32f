package vigil.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real, empty database for one test: an H2 file in a temporary directory, or a fresh schema in
 * the PostgreSQL named by {@code VIGIL_TEST_POSTGRES_URL} (which {@code .ci/run} starts). Without
 * that variable PostgreSQL cases are skipped with a message locally, and fail under CI.
 */
public record TestDatabase(String kind, String url) implements AutoCloseable {
    public static final String POSTGRES_ENV = "VIGIL_TEST_POSTGRES_URL";

    public static TestDatabase open(String kind, Path tempDir) {
        if (kind.equals("h2")) {
            return new TestDatabase(
                    kind, "jdbc:h2:file:" + tempDir.resolve("vigil").toAbsolutePath());
        }
        String base = System.getenv(POSTGRES_ENV);
        if (base == null || base.isBlank()) {
            String message = "PostgreSQL tests skipped: no " + POSTGRES_ENV
                    + " (e.g. jdbc:postgresql://127.0.0.1:5432/vigil_test?user=vigil&password=vigil); .ci/run sets it";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(base);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            String message = "PostgreSQL at " + POSTGRES_ENV + " is not reachable: " + e.getMessage();
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        return new TestDatabase(kind, base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    }

    @Override
    public void close() {
        if (kind.equals("postgresql")) {
            String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
            try (Connection c = DriverManager.getConnection(System.getenv(POSTGRES_ENV));
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            } catch (SQLException e) {
                // a leftover schema in a test database is harmless
            }
        }
    }
}
