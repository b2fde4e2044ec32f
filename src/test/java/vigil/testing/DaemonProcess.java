package vigil.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code vigil serve} as a separate JVM (the test's own class path), for what only a real process
 * shows: signals, exit status, {@code kill -9}. Its output goes to {@code log}.
 */
public final class DaemonProcess implements AutoCloseable {
    private final Process process;
    private final DaemonFixture fixture;

    private DaemonProcess(Process process, DaemonFixture fixture) {
        this.process = process;
        this.fixture = fixture;
    }

    /** Starts the daemon for the fixture's configuration and waits until /health answers 200. */
    public static DaemonProcess start(DaemonFixture fixture, Path log) throws IOException, InterruptedException {
        return start(fixture, log, java.util.List.of("-Xmx256m"));
    }

    /** As {@link #start(DaemonFixture, Path)}, with these JVM options (e.g. those {@code ./vigil} uses). */
    public static DaemonProcess start(DaemonFixture fixture, Path log, java.util.List<String> jvmOptions)
            throws IOException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(java.util.List.of(
                "-cp",
                System.getProperty("java.class.path"),
                "vigil.watchdog.cli.Main",
                "serve",
                "--config",
                fixture.configFile().toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        DaemonProcess daemon = new DaemonProcess(process, fixture);
        try {
            daemon.awaitHealthy();
        } catch (IllegalStateException e) {
            daemon.close(); // a daemon that never came up must not outlive its test
            throw new IllegalStateException(e.getMessage() + "; the end of its log:\n" + tail(log), e);
        } catch (RuntimeException | InterruptedException e) {
            daemon.close();
            throw e;
        }
        return daemon;
    }

    private static String tail(Path log) throws IOException {
        java.util.List<String> lines = java.nio.file.Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    public Process process() {
        return process;
    }

    /** Sends a signal by name (HUP, TERM, KILL). */
    public void signal(String name) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .start()
                .waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill -" + name + " failed with " + exit);
        }
    }

    private void awaitHealthy() throws InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("daemon exited with " + process.exitValue());
            }
            try {
                HttpRequest health = HttpRequest.newBuilder(URI.create(fixture.url("/health")))
                        .build();
                if (http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("daemon did not become healthy within 90 s");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
