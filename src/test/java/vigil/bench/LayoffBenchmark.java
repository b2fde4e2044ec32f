package vigil.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToLongFunction;
import org.h2.jdbcx.JdbcDataSource;
import vigil.inventory.Inventory;
import vigil.testing.DaemonFixture;
import vigil.testing.DaemonProcess;
import vigil.testing.Layoff;

/**
 * A layoff pushed over SCIM (docs/directory.md): {@code leavers} of the generated inventory's
 * heaviest owners deactivated by {@code clients} connections at once ({@code PATCH active=false},
 * as Okta sends it), against a real daemon in a JVM of its own with {@code ./vigil}'s options, on
 * its default H2 file database, with the inventory written as inventory files. Three arms per
 * round, each on a fresh state directory, after the same provisioning of the leavers (a create
 * each):
 *
 * <ul>
 *   <li><b>renames</b> (the baseline): the same number of PATCHes, each a display-name change —
 *       the same requests, transactions and directory writes, and no deactivation to tell;
 *   <li><b>layoff</b>: the deactivations; the clock runs from the first PATCH until {@code /metrics}
 *       says no deactivation is left untold ({@code vigil_person_events_untold 0}): every notice is
 *       queued in the outbox by then;
 *   <li><b>layoff, kill -9</b>: the same, the daemon killed with SIGKILL once half the PATCHes were
 *       answered, started again, and the unanswered PATCHes sent again; the clock includes the
 *       restart.
 * </ul>
 *
 * After each layoff arm the daemon is stopped and its database read: every leaver has exactly
 * one deactivation event, told, and every leaver whose leaving alone breaks something has exactly
 * one notice with at least one delivery; the round fails otherwise.
 *
 * <p>Arguments: {@code [workflows] [leavers] [clients] [rounds]} (default 100000 1000 4 3).
 */
public final class LayoffBenchmark {
    /** The daemon's JVM options, as {@code ./vigil} starts it. */
    static final List<String> DAEMON_JVM =
            List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:MaxTenuringThreshold=1", "-XX:+ExitOnOutOfMemoryError");

    private LayoffBenchmark() {}

    /** One arm of one round; times in nanoseconds, 0 where the arm has none. */
    record Arm(long start, long provision, long push, long told, long restart, int answeredBeforeKill) {}

    public static void main(String[] args) throws Exception {
        int workflows = Benchmarks.intArg(args, 0, 100_000);
        int leavers = Benchmarks.intArg(args, 1, 1_000);
        int clients = Benchmarks.intArg(args, 2, 4);
        int rounds = Benchmarks.intArg(args, 3, 3);
        GeneratedInventory generated = workflows == 100_000
                ? GeneratedInventory.standard()
                : GeneratedInventory.generate(new GeneratedInventory.Shape(
                        workflows,
                        2 * workflows,
                        Math.max(50, workflows / 20),
                        Math.max(20, workflows / 200),
                        Math.max(100, workflows / 5)));
        Inventory inventory = generated.inventory();
        List<String> who = generated.heavyLeavers(leavers);
        Set<String> breaking = Layoff.breaking(inventory, who);
        System.out.printf(
                Locale.ROOT,
                "load average at start: %s%n%s%n%d leavers (the heaviest owners), %d of them break something alone;"
                        + " %d SCIM clients; daemon JVM: %s%n",
                Benchmarks.loadAverage(),
                generated.stats(),
                who.size(),
                breaking.size(),
                clients,
                String.join(" ", DAEMON_JVM));
        Benchmarks.inScratchDirectory("vigil-layoff-bench", dir -> {
            List<Arm> renames = new ArrayList<>();
            List<Arm> layoffs = new ArrayList<>();
            List<Arm> killed = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                renames.add(arm(dir.resolve(round + "-renames"), inventory, who, breaking, clients, Kind.RENAMES));
                layoffs.add(arm(dir.resolve(round + "-layoff"), inventory, who, breaking, clients, Kind.LAYOFF));
                killed.add(arm(dir.resolve(round + "-killed"), inventory, who, breaking, clients, Kind.KILLED));
                System.out.printf(
                        Locale.ROOT,
                        "round %d: renames %s | layoff %s | layoff, kill -9 %s (load %s)%n",
                        round,
                        brief(renames.get(round - 1)),
                        brief(layoffs.get(round - 1)),
                        brief(killed.get(round - 1)),
                        Benchmarks.loadAverage());
            }
            report(renames, layoffs, killed, who.size());
        });
    }

    private enum Kind {
        RENAMES,
        LAYOFF,
        KILLED
    }

    private static Arm arm(
            Path dir, Inventory inventory, List<String> who, Set<String> breaking, int clients, Kind kind)
            throws Exception {
        DaemonFixture fixture = DaemonFixture.generated(dir, inventory)
                .appendConfig(
                        Layoff.config(inventory.aliases().iterator().next().email()));
        Layoff layoff = new Layoff(fixture);
        long t = System.nanoTime();
        DaemonProcess daemon = DaemonProcess.start(fixture, dir.resolve("daemon.log"), DAEMON_JVM);
        long start = System.nanoTime() - t;
        try {
            t = System.nanoTime();
            Map<String, String> ids = layoff.provision(who, clients);
            long provision = System.nanoTime() - t;
            if (kind == Kind.RENAMES) {
                Layoff.Pushed pushed = layoff.rename(ids, clients);
                check(pushed.failed() == 0, pushed.failed() + " renames failed");
                return new Arm(start, provision, pushed.nanos(), 0, 0, 0);
            }
            long first = System.nanoTime();
            AtomicBoolean dead = new AtomicBoolean();
            DaemonProcess victim = daemon;
            Thread killer = new Thread(() -> {
                try {
                    while (kind == Kind.KILLED && layoff.answeredNow() < who.size() + who.size() / 2) {
                        Thread.sleep(1);
                    }
                    if (kind == Kind.KILLED) {
                        victim.signal("KILL");
                        victim.process().waitFor(30, TimeUnit.SECONDS);
                        dead.set(true);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            killer.start();
            Layoff.Pushed pushed = layoff.deactivate(ids, clients, new AtomicBoolean());
            killer.join();
            long restart = 0;
            int beforeKill = pushed.answered().size();
            if (kind == Kind.KILLED) {
                check(dead.get() && pushed.failed() > 0, "the daemon was not killed mid-way");
                t = System.nanoTime();
                daemon = DaemonProcess.start(fixture, dir.resolve("restarted.log"), DAEMON_JVM);
                restart = System.nanoTime() - t;
                Map<String, String> rest = new HashMap<>(ids);
                pushed.answered().forEach(rest::remove);
                Layoff.Pushed again = layoff.deactivate(rest, clients, new AtomicBoolean());
                check(again.failed() == 0, again.failed() + " deactivations failed after the restart");
            } else {
                check(pushed.failed() == 0, pushed.failed() + " deactivations failed");
            }
            long push = System.nanoTime() - first;
            check(layoff.awaitTold(Duration.ofMinutes(10)) >= 0, "deactivations still untold after 10 minutes");
            long told = System.nanoTime() - first;
            daemon.signal("TERM");
            check(daemon.process().waitFor(60, TimeUnit.SECONDS), "the daemon did not stop on SIGTERM");
            verify(fixture, who, breaking);
            return new Arm(start, provision, push, told, restart, beforeKill);
        } finally {
            daemon.close();
        }
    }

    /** Every leaver told once; every leaver whose leaving breaks something has one notice, delivered. */
    private static void verify(DaemonFixture fixture, List<String> who, Set<String> breaking) throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + fixture.stateDir().resolve("vigil").toAbsolutePath());
        Map<String, Layoff.Leaver> outcome = Layoff.outcome(h2, who);
        List<String> wrong = new ArrayList<>();
        int notices = 0;
        int deliveries = 0;
        for (Map.Entry<String, Layoff.Leaver> e : outcome.entrySet()) {
            Layoff.Leaver l = e.getValue();
            int want = breaking.contains(e.getKey()) ? 1 : l.notices();
            if (l.events() != 1 || l.untold() != 0 || l.notices() != want || l.deliveries() < want) {
                wrong.add(e.getKey() + " " + l);
            }
            notices += l.notices();
            deliveries += l.deliveries();
        }
        check(
                wrong.isEmpty(),
                wrong.size() + " leavers not told exactly once: " + wrong.subList(0, Math.min(5, wrong.size())));
        System.out.printf(
                Locale.ROOT,
                "  checked: %d notices queued, %d deliveries, every leaver told once%n",
                notices,
                deliveries);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }

    private static void report(List<Arm> renames, List<Arm> layoffs, List<Arm> killed, int leavers) {
        System.out.printf(
                Locale.ROOT, "%n%d leavers, %d rounds; min–max (median) in seconds%n", leavers, renames.size());
        System.out.printf(Locale.ROOT, "daemon start to healthy:             %s%n", spread(renames, Arm::start));
        System.out.printf(Locale.ROOT, "provisioning (one create each):      %s%n", spread(renames, Arm::provision));
        System.out.printf(Locale.ROOT, "renames pushed (baseline):           %s%n", spread(renames, Arm::push));
        System.out.printf(Locale.ROOT, "deactivations pushed:                %s%n", spread(layoffs, Arm::push));
        System.out.printf(Locale.ROOT, "deactivations all told:              %s%n", spread(layoffs, Arm::told));
        System.out.printf(Locale.ROOT, "kill -9 arm: pushed incl. restart:   %s%n", spread(killed, Arm::push));
        System.out.printf(Locale.ROOT, "kill -9 arm: restart alone:          %s%n", spread(killed, Arm::restart));
        System.out.printf(Locale.ROOT, "kill -9 arm: all told:               %s%n", spread(killed, Arm::told));
        System.out.printf(
                Locale.ROOT,
                "push, deactivations / renames:       %s%n",
                ratio(layoffs, renames, Arm::push, Arm::push));
        System.out.printf(
                Locale.ROOT,
                "all told / renames pushed:           %s%n",
                ratio(layoffs, renames, Arm::told, Arm::push));
    }

    private static String spread(List<Arm> arms, ToLongFunction<Arm> value) {
        long[] v = arms.stream().mapToLong(value).sorted().toArray();
        return String.format(Locale.ROOT, "%.1f–%.1f (%.1f)", v[0] / 1e9, v[v.length - 1] / 1e9, v[v.length / 2] / 1e9);
    }

    /** Per round, {@code a} over {@code b}: min–max (median). */
    private static String ratio(List<Arm> a, List<Arm> b, ToLongFunction<Arm> of, ToLongFunction<Arm> over) {
        double[] r = new double[a.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = (double) of.applyAsLong(a.get(i)) / over.applyAsLong(b.get(i));
        }
        java.util.Arrays.sort(r);
        return String.format(Locale.ROOT, "%.2f–%.2f× (%.2f×)", r[0], r[r.length - 1], r[r.length / 2]);
    }

    private static String brief(Arm a) {
        return String.format(
                Locale.ROOT,
                "start %.1f s, provision %.1f s, push %.1f s, told %.1f s%s",
                a.start() / 1e9,
                a.provision() / 1e9,
                a.push() / 1e9,
                a.told() / 1e9,
                a.restart() > 0
                        ? String.format(
                                Locale.ROOT,
                                ", restart %.1f s after %d answered",
                                a.restart() / 1e9,
                                a.answeredBeforeKill())
                        : "");
    }
}
