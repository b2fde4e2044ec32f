package vigil.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vigil.testing.DaemonFixture;
import vigil.watchdog.api.ApiServer;

/**
 * Ping ingest under load, side by side with a bare "OK" handler on the same HTTP stack: a real
 * daemon (H2 file database, durable pings by group commit) and, on another port, the same server
 * class answering "OK" without storing anything. wrk (Debian package) loads each in turn, in
 * alternating rounds; the result is throughput and p99 latency of both, and their ratio.
 *
 * <p>Arguments: {@code [seconds per round] [connections] [rounds]} (default 10 64 2).
 */
public final class PingIngest {
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern P99 = Pattern.compile("99%\\s+([0-9.]+)(us|ms|s)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");

    private record Result(double rate, double p99Ms, long errors) {}

    private PingIngest() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path dir = Files.createTempDirectory("vigil-ping-bench");
        try (DaemonFixture daemon = DaemonFixture.in(dir, """
                        people: [{ email: alice@example.com }, { email: bob@example.com }]
                        aliases: [{ email: team@example.com, members: [alice@example.com, bob@example.com] }]
                        workflows:
                          - { id: backup, owner: team@example.com, every: 1h, notify: [team@example.com] }
                        """).start();
                ApiServer bare = new ApiServer("127.0.0.1", 0, () -> null, 8)
                        .route("*", "/ping/", null, r -> ApiServer.Response.text(200, "OK"))) {
            bare.start();
            String durableUrl = daemon.url("/ping/" + DaemonFixture.PING_KEY + "/backup");
            String bareUrl = "http://127.0.0.1:" + bare.port() + "/ping/" + DaemonFixture.PING_KEY + "/backup";
            System.out.printf(Locale.ROOT, "warming up (%d s each)%n", Math.max(3, seconds / 3));
            wrk(bareUrl, Math.max(3, seconds / 3), connections);
            wrk(durableUrl, Math.max(3, seconds / 3), connections);
            List<Result> bareResults = new ArrayList<>();
            List<Result> durableResults = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                Result b = wrk(bareUrl, seconds, connections);
                Result d = wrk(durableUrl, seconds, connections);
                bareResults.add(b);
                durableResults.add(d);
                System.out.printf(
                        Locale.ROOT,
                        "round %d: bare %.0f req/s (p99 %.2f ms) | durable %.0f req/s (p99 %.2f ms, %d non-2xx)"
                                + " | ratio %.2f%n",
                        round,
                        b.rate,
                        b.p99Ms,
                        d.rate,
                        d.p99Ms,
                        d.errors,
                        d.rate / b.rate);
            }
            double bareRate =
                    bareResults.stream().mapToDouble(Result::rate).average().orElse(0);
            double durableRate =
                    durableResults.stream().mapToDouble(Result::rate).average().orElse(0);
            double durableP99 =
                    durableResults.stream().mapToDouble(Result::p99Ms).max().orElse(0);
            long stored = daemon.daemon().runs().countRuns("backup");
            System.out.printf(
                    Locale.ROOT,
                    "%nmean over %d rounds of %d s, %d connections, wrk -t2 on the same 2 cores:%n"
                            + "  bare OK handler   %8.0f req/s%n"
                            + "  durable pings     %8.0f req/s, worst p99 %.2f ms%n"
                            + "  ratio durable/bare %.2f   (%d runs stored)%n",
                    rounds,
                    seconds,
                    connections,
                    bareRate,
                    durableRate,
                    durableP99,
                    durableRate / bareRate,
                    stored);
        }
    }

    private static Result wrk(String url, int seconds, int connections) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency", url)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("wrk failed (is it installed? apt-get install wrk):\n" + out);
        }
        Matcher rate = RATE.matcher(out);
        Matcher p99 = P99.matcher(out);
        Matcher errors = NON_2XX.matcher(out);
        if (!rate.find() || !p99.find()) {
            throw new IllegalStateException("cannot read wrk's output:\n" + out);
        }
        double value = Double.parseDouble(p99.group(1));
        double ms = switch (p99.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
        return new Result(Double.parseDouble(rate.group(1)), ms, errors.find() ? Long.parseLong(errors.group(1)) : 0);
    }
}
