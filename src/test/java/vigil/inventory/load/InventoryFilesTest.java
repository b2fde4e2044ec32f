package vigil.inventory.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the loader says of files that are not what they should be: the encoding, the kind, the size. */
class InventoryFilesTest {
    static final InventoryContext CONTEXT = new InventoryContext(Map.of(), Set.of(), ZoneId.of("UTC"));
    static final String VALID = """
            people: [{ email: alice@example.com }]
            workflows:
              - { id: nightly, owner: alice@example.com, every: 1d, notify: [alice@example.com] }
            """;

    @TempDir
    Path dir;

    List<String> problems(Path inventory) {
        InvalidYamlException e =
                catchThrowableOfType(() -> InventoryLoader.load(inventory, CONTEXT), InvalidYamlException.class);
        assertThat(e).as("refused").isNotNull();
        return e.problems().stream()
                .map(p -> p.toString().replace(InventoryLoader.display(dir) + "/", ""))
                .toList();
    }

    @Test
    void a_latin_1_file_is_named_with_the_line_and_column_of_the_first_foreign_byte() throws Exception {
        Path file = dir.resolve("people.yaml");
        Files.write(
                file, "people:\n  - { email: alice@example.com, name: Zoë }\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(problems(file))
                .containsExactly("people.yaml:2:41: not UTF-8 (byte 0xEB): the file is in another encoding, such as"
                        + " Latin-1 or Windows-1252; save it as UTF-8");
    }

    @Test
    void a_utf_16_file_is_recognised_by_its_byte_order_mark() throws Exception {
        Path file = dir.resolve("people.yaml");
        Files.write(file, ("\uFEFF" + VALID).getBytes(StandardCharsets.UTF_16LE));
        assertThat(problems(file))
                .containsExactly("people.yaml:1:1: the file is UTF-16 (it starts with a UTF-16 byte order mark); save"
                        + " it as UTF-8");
    }

    @Test
    void a_utf_8_byte_order_mark_is_accepted() throws Exception {
        Path file = dir.resolve("inventory.yaml");
        Files.write(file, ("\uFEFF" + VALID).getBytes(StandardCharsets.UTF_8));
        assertThat(InventoryLoader.load(file, CONTEXT).workflows()).hasSize(1);
    }

    @Test
    void a_directory_or_a_dangling_link_named_yaml_is_refused_not_skipped() throws Exception {
        Files.writeString(dir.resolve("a.yaml"), VALID);
        Files.createDirectory(dir.resolve("old.yaml"));
        Files.createSymbolicLink(dir.resolve("moved.yaml"), dir.resolve("nowhere.yaml"));
        assertThat(problems(dir))
                .containsExactly(
                        "moved.yaml:1:1: not a regular file (a link to nothing): every *.yaml in the inventory"
                                + " directory must be an inventory file",
                        "old.yaml:1:1: not a regular file (a directory): every *.yaml in the inventory directory must"
                                + " be an inventory file");
    }

    @Test
    void a_file_over_the_size_limit_is_refused_before_it_is_read() throws Exception {
        Path file = dir.resolve("huge.yaml");
        try (var out = Files.newOutputStream(file)) {
            byte[] line = "# padding, as a generated inventory might carry\n".getBytes(StandardCharsets.UTF_8);
            for (long written = 0; written <= YamlFiles.maxFileBytes(); written += line.length) {
                out.write(line);
            }
        }
        assertThat(problems(file))
                .singleElement()
                .asString()
                .startsWith(
                        "huge.yaml:1:1: the file holds " + YamlFiles.megabytes(Files.size(file)) + "; with a heap of ")
                .contains("at most " + YamlFiles.megabytes(YamlFiles.maxFileBytes()) + " are read")
                .endsWith("or give the daemon more heap (VIGIL_JAVA_OPTS=-Xmx2g holds 32 MiB)");
    }

    @Test
    void a_directory_too_large_to_be_an_inventory_is_refused_without_walking_it_all() throws Exception {
        for (int i = 0; i <= InventoryLoader.MAX_ENTRIES; i++) {
            Files.createFile(dir.resolve("f" + i + ".txt"));
        }
        assertThat(problems(dir))
                .singleElement()
                .asString()
                .endsWith("holds more than 10000 files and directories: is 'inventory' the directory of the"
                        + " inventory's files?");
    }
}
