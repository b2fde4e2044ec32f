package vigil.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vigil.testing.DaemonFixture;
import vigil.watchdog.http.ApiServer;

/**
 * Ping ingest under load, side by side with a bare "OK" handler on the same HTTP stack: a real
 * daemon (H2 file database, durable pings by group commit) and, on another port, the same server
 * class answering "OK" without storing anything. wrk (Debian package) loads each in turn.
 *
 * <p>Two measurements, both against the bare handler in the same run:
 *
 * <ol>
 *   <li>Saturation: every connection sends its next ping as soon as the last is answered, in
 *       alternating rounds; the result is the throughput of both and their ratio. The p99 here is
 *       queueing at full load (in a closed loop, mean latency is connections / throughput).
 *   <li>Paced: both are offered the same fixed rates — a quarter, two fifths and half of the bare
 *       handler's saturation throughput (half is the target operating point) — and the latency
 *       percentiles are compared: how latency grows with load, below the daemon's saturation.
 * </ol>
 *
 * <p>Arguments: {@code [seconds per round] [connections] [rounds]} (default 10 64 3).
 */
public final class PingIngest {
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern P50 = Pattern.compile("50%\\s+([0-9.]+)(us|ms|s)");
    private static final Pattern P99 = Pattern.compile("99%\\s+([0-9.]+)(us|ms|s)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    /** One wrk thread: it drives 64 connections at well over the server's rate and leaves more CPU to the server. */
    private static final int WRK_THREADS = 1;

    /** The paced rates, as fractions of the bare handler's saturation throughput; half is the target. */
    private static final double[] PACED_FRACTIONS = {0.25, 0.4, 0.5};

    private record Result(double rate, double p50Ms, double p99Ms, long errors) {}

    /** Both servers offered the same rate, a fraction of the bare handler's saturation throughput. */
    private record Paced(double fraction, int target, Result bare, Result durable) {}

    private PingIngest() {}

    public static void main(String[] args) throws Exception {
        int seconds = Benchmarks.intArg(args, 0, 10);
        int connections = Benchmarks.intArg(args, 1, 64);
        int rounds = Benchmarks.intArg(args, 2, 3);
        Benchmarks.inScratchDirectory("vigil-ping-bench", dir -> run(dir, seconds, connections, rounds));
    }

    private static void run(Path dir, int seconds, int connections, int rounds) throws Exception {
        Path pacing = dir.resolve("paced.lua");
        try (InputStream in = PingIngest.class.getResourceAsStream("paced.lua")) {
            Files.copy(in, pacing);
        }
        try (DaemonFixture daemon = DaemonFixture.in(dir, """
                        people: [{ email: alice@example.com }, { email: bob@example.com }]
                        aliases: [{ email: team@example.com, members: [alice@example.com, bob@example.com] }]
                        workflows:
                          - { id: backup, owner: team@example.com, every: 1h, notify: [team@example.com] }
                        """).start();
                ApiServer bare = new ApiServer("127.0.0.1", 0, () -> null)
                        .route("*", "/ping/", null, r -> ApiServer.Response.text(200, "OK"))) {
            bare.start();
            String durableUrl = daemon.url("/ping/" + DaemonFixture.PING_KEY + "/backup");
            String bareUrl = "http://127.0.0.1:" + bare.port() + "/ping/" + DaemonFixture.PING_KEY + "/backup";
            System.out.printf(Locale.ROOT, "warming up (%d s each)%n", seconds);
            wrk(bareUrl, seconds, connections, 0, pacing);
            wrk(durableUrl, seconds, connections, 0, pacing);

            List<Result> bareResults = new ArrayList<>();
            List<Result> durableResults = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                Result b = wrk(bareUrl, seconds, connections, 0, pacing);
                Result d = wrk(durableUrl, seconds, connections, 0, pacing);
                bareResults.add(b);
                durableResults.add(d);
                System.out.printf(
                        Locale.ROOT,
                        "saturation round %d: bare %.0f req/s (p99 %.2f ms) | durable %.0f req/s (p99 %.2f ms, %d"
                                + " non-2xx) | ratio %.2f%n",
                        round,
                        b.rate,
                        b.p99Ms,
                        d.rate,
                        d.p99Ms,
                        d.errors,
                        d.rate / b.rate);
            }
            double bareRate = mean(bareResults, Result::rate);
            double durableRate = mean(durableResults, Result::rate);

            List<Paced> paced = new ArrayList<>();
            for (double fraction : PACED_FRACTIONS) {
                int target = (int) Math.round(bareRate * fraction);
                Result bp = wrk(bareUrl, seconds, connections, target, pacing);
                Result dp = wrk(durableUrl, seconds, connections, target, pacing);
                paced.add(new Paced(fraction, target, bp, dp));
                System.out.printf(
                        Locale.ROOT,
                        "paced at %d req/s (%.2f of bare): bare %.0f req/s (p50 %.2f ms, p99 %.2f ms) | durable %.0f"
                                + " req/s (p50 %.2f ms, p99 %.2f ms, %d non-2xx)%n",
                        target,
                        fraction,
                        bp.rate,
                        bp.p50Ms,
                        bp.p99Ms,
                        dp.rate,
                        dp.p50Ms,
                        dp.p99Ms,
                        dp.errors);
            }

            long stored = daemon.stages().runs().countRuns("backup");
            System.out.printf(
                    Locale.ROOT,
                    "%nsaturation, mean over %d rounds of %d s, %d connections, wrk -t%d on the same 2 cores:%n"
                            + "  bare OK handler    %8.0f req/s%n"
                            + "  durable pings      %8.0f req/s, worst p99 %.2f ms%n"
                            + "  ratio durable/bare %.2f (rounds %.2f-%.2f)%n"
                            + "paced (same rate offered to both), p99 bare | durable:%n",
                    rounds,
                    seconds,
                    connections,
                    WRK_THREADS,
                    bareRate,
                    durableRate,
                    durableResults.stream().mapToDouble(Result::p99Ms).max().orElse(0),
                    durableRate / bareRate,
                    ratioRange(bareResults, durableResults, true),
                    ratioRange(bareResults, durableResults, false));
            for (Paced p : paced) {
                System.out.printf(
                        Locale.ROOT,
                        "  %.2f of bare (%5d req/s) %6.2f ms | %6.2f ms (%.0f req/s taken)%n",
                        p.fraction,
                        p.target,
                        p.bare.p99Ms,
                        p.durable.p99Ms,
                        p.durable.rate);
            }
            System.out.printf(Locale.ROOT, "(%d runs stored)%n", stored);
        }
    }

    private static double mean(List<Result> results, ToDoubleFunction<Result> value) {
        return results.stream().mapToDouble(value).average().orElse(0);
    }

    private static double ratioRange(List<Result> bare, List<Result> durable, boolean min) {
        double best = min ? Double.MAX_VALUE : 0;
        for (int i = 0; i < bare.size(); i++) {
            double r = durable.get(i).rate / bare.get(i).rate;
            best = min ? Math.min(best, r) : Math.max(best, r);
        }
        return best;
    }

    /** One wrk run; {@code rate} 0 sends as fast as answers come back, otherwise paces to that rate. */
    private static Result wrk(String url, int seconds, int connections, int rate, Path pacing)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "wrk", "-t" + WRK_THREADS, "-c" + connections, "-d" + seconds + "s", "--latency", "--timeout", "5s"));
        if (rate > 0) {
            command.addAll(
                    List.of("-s", pacing.toString(), url, "--", Integer.toString(rate), Integer.toString(WRK_THREADS)));
        } else {
            command.add(url);
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("wrk failed (is it installed? apt-get install wrk):\n" + out);
        }
        Matcher requests = RATE.matcher(out);
        Matcher errors = NON_2XX.matcher(out);
        if (!requests.find()) {
            throw new IllegalStateException("cannot read wrk's output:\n" + out);
        }
        return new Result(
                Double.parseDouble(requests.group(1)),
                millis(P50, out),
                millis(P99, out),
                errors.find() ? Long.parseLong(errors.group(1)) : 0);
    }

    private static double millis(Pattern percentile, String out) {
        Matcher m = percentile.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("cannot read wrk's output:\n" + out);
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }
}
