package vigil.bench;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import vigil.testing.DaemonFixture;

/**
 * The H2 file of a daemon under steady ping load, over time: a real daemon with {@code
 * workflows} inventoried, pinged at random at a fixed rate by wrk, its database file measured
 * every 30 s beside the runs it holds. A file that keeps growing while the rate is steady is
 * space the store does not reuse.
 *
 * <p>Arguments: {@code [pings per second] [seconds] [workflows]} (default 50 600 1000).
 */
public final class FileGrowth {
    private FileGrowth() {}

    public static void main(String[] args) throws Exception {
        int rate = Benchmarks.intArg(args, 0, 50);
        int seconds = Benchmarks.intArg(args, 1, 600);
        int workflows = Benchmarks.intArg(args, 2, 1000);
        Benchmarks.inScratchDirectory("vigil-growth-bench", dir -> run(dir, rate, seconds, workflows));
    }

    private static void run(Path dir, int rate, int seconds, int workflows) throws Exception {
        for (String script : List.of("paced.lua", "random-pings.lua")) {
            try (InputStream in = FileGrowth.class.getResourceAsStream(script)) {
                Files.copy(in, dir.resolve(script));
            }
        }
        StringBuilder inventory = new StringBuilder("""
                people: [{ email: alice@example.com }]
                aliases: [{ email: team@example.com, members: [alice@example.com] }]
                workflows:
                """);
        for (int i = 0; i < workflows; i++) {
            inventory.append("  - { id: wf-").append(i).append(", owner: team@example.com, every: 1h }\n");
        }
        try (DaemonFixture daemon = DaemonFixture.in(dir, inventory.toString()).start()) {
            Path db = daemon.stateDir().resolve("vigil.mv.db");
            Process wrk = new ProcessBuilder(
                            "wrk",
                            "-t1",
                            "-c4",
                            "-d" + seconds + "s",
                            "--timeout",
                            "5s",
                            "-s",
                            dir.resolve("random-pings.lua").toString(),
                            daemon.url("/ping/" + DaemonFixture.PING_KEY + "/wf-"),
                            "--",
                            Integer.toString(rate),
                            "1",
                            Integer.toString(workflows))
                    .redirectErrorStream(true)
                    .start();
            System.out.printf(Locale.ROOT, "%d pings/s over %d workflows for %d s%n", rate, workflows, seconds);
            for (int t = 30; t <= seconds; t += 30) {
                Thread.sleep(30_000);
                long runs = 0;
                for (int i = 0; i < workflows; i++) {
                    runs += daemon.stages().runs().countRuns("wf-" + i);
                }
                System.out.printf(Locale.ROOT, "  %4d s: %8d runs, file %6.1f MB%n", t, runs, Files.size(db) / 1e6);
            }
            String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (wrk.waitFor() != 0) {
                throw new IllegalStateException("wrk failed (is it installed? apt-get install wrk):\n" + out);
            }
            out.lines()
                    .filter(l -> l.contains("Requests/sec") || l.contains("Non-2xx") || l.contains("errors"))
                    .forEach(l -> System.out.println("  wrk: " + l.trim()));
        }
    }
}
