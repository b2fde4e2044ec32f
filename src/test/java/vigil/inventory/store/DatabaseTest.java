package vigil.inventory.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings an H2 file database is opened with, read back from the database itself. */
class DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void an_h2_file_database_is_opened_durable_with_a_small_page_cache() throws SQLException {
        try (Database database = Database.open("jdbc:h2:file:" + dir.resolve("vigil"), null, null, 2)) {
            Map<String, String> settings = settings(database);
            assertThat(settings).containsEntry("WRITE_DELAY", "0");
            // CACHE_SIZE is listed only when set; H2's own default would leave it out
            assertThat(settings).containsEntry("CACHE_SIZE", Integer.toString(Database.H2_CACHE_KB));
            assertThat(settings.get("info.CACHE_MAX_SIZE")).isEqualTo(Integer.toString(Database.H2_CACHE_KB / 1024));
        }
    }

    @Test
    void settings_given_in_the_url_are_kept() throws SQLException {
        String url = "jdbc:h2:file:" + dir.resolve("vigil") + ";CACHE_SIZE=8192";
        try (Database database = Database.open(url, null, null, 2)) {
            Map<String, String> settings = settings(database);
            assertThat(settings).containsEntry("info.CACHE_MAX_SIZE", "8").containsEntry("WRITE_DELAY", "0");
        }
    }

    private static Map<String, String> settings(Database database) throws SQLException {
        Map<String, String> settings = new HashMap<>();
        try (Connection c = database.dataSource().getConnection();
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS")) {
            while (rs.next()) {
                settings.put(rs.getString(1), rs.getString(2));
            }
        }
        return settings;
    }
}
