package vigil.watchdog.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An Error where Quartz or Jetty would catch it and carry on ends the process with status 70 and
 * one line saying why, so systemd restarts a whole daemon rather than keep a half-alive one.
 */
class FatalTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"quartz", "http"})
    void an_error_that_a_library_would_swallow_ends_the_process_with_status_70(String where) throws Exception {
        Path log = dir.resolve("probe.log");
        Process probe = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx128m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        FatalProbe.class.getName(),
                        where,
                        dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean ended = probe.waitFor(40, TimeUnit.SECONDS);
        if (!ended) {
            probe.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(ended).as(output).isTrue();
        assertThat(probe.exitValue()).as(output).isEqualTo(Fatal.EXIT);
        assertThat(output)
                .contains("fatal: java.lang.OutOfMemoryError: probe: out of memory in")
                .contains("exiting with status 70 so the service manager restarts vigil")
                .doesNotContain("still alive");
    }
}
