package vigil.bench;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs Vigil's JMH benchmarks in a forked JVM (heap, warmup and measurement as annotated on each
 * benchmark class). Arguments are JMH's own command line: benchmark regexps (default: everything in
 * {@code vigil.bench}) plus any JMH option, e.g. {@code ImpactBenchmark.impact -prof gc}. From the
 * project root:
 *
 * <pre>
 * ./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=target/bench.classpath \
 *   &amp;&amp; java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
 *     vigil.bench.Benchmarks ImpactBenchmark
 * </pre>
 *
 * The JMH annotation processor writes {@code META-INF/BenchmarkList} into target/test-classes during
 * test-compile, which is why that directory leads the class path. The same class path runs {@code
 * vigil.bench.GeneratedInventory} (with {@code -Xmx2g}) to print the generated shape and the heap it
 * retains.
 */
public final class Benchmarks {
    private Benchmarks() {}

    public static void main(String[] args) throws RunnerException {
        CommandLineOptions cli;
        try {
            cli = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        ChainedOptionsBuilder options = new OptionsBuilder().parent(cli).shouldFailOnError(true);
        if (cli.getIncludes().isEmpty()) {
            options.include("vigil\\.bench\\..*");
        }
        new Runner(options.build()).run();
    }

    /** What a benchmark does in its scratch directory. */
    @FunctionalInterface
    interface InDirectory {
        void run(java.nio.file.Path dir) throws Exception;
    }

    /**
     * Runs {@code body} in a new scratch directory, deleted afterwards whatever happens (a daemon's
     * database there can grow by gigabytes).
     */
    static void inScratchDirectory(String prefix, InDirectory body) throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(prefix);
        try {
            body.run(dir);
        } finally {
            deleteTree(dir);
        }
    }

    /** A daemon's H2 file database in a benchmark's scratch directory, every migration applied. */
    static vigil.inventory.store.Database scratchDatabase(java.nio.file.Path dir) {
        return vigil.inventory.store.Database.open(
                "jdbc:h2:file:" + dir.resolve("vigil"), null, null, 4, vigil.watchdog.Stages.MIGRATIONS);
    }

    /** The machine's load averages as /proc/loadavg gives them, for a benchmark's log. */
    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .trim();
        } catch (java.io.IOException e) {
            return String.format(
                    java.util.Locale.ROOT,
                    "%.2f",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage());
        }
    }

    /** The integer argument at {@code index}, or {@code otherwise} when there are fewer. */
    static int intArg(String[] args, int index, int otherwise) {
        return args.length > index ? Integer.parseInt(args[index]) : otherwise;
    }

    /** Deletes a benchmark's scratch directory and everything in it. */
    static void deleteTree(java.nio.file.Path dir) throws java.io.IOException {
        try (var files = java.nio.file.Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }
}
