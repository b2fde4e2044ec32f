package vigil.bench;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import vigil.inventory.Inventory;
import vigil.inventory.OwnershipIndex;
import vigil.inventory.Route;
import vigil.inventory.Workflow;
import vigil.inventory.audit.Audit;
import vigil.inventory.audit.AuditEvidence;
import vigil.inventory.audit.Finding;
import vigil.inventory.impact.FullPassImpact;
import vigil.inventory.impact.Impact;
import vigil.inventory.impact.ImpactReport;
import vigil.inventory.impact.UnknownPersonException;

/**
 * Offboarding impact (docs/audit.md) and the audit (docs/audit.md) over a generated inventory of 100,000
 * workflows and 200,000 credential edges, against a same-run baseline: one plain pass over every
 * workflow's credential and route lists. Report results as ratios to {@link #baselineOnePass}, e.g.
 * "impact costs N× one pass over the inventory". Run through {@link Benchmarks}.
 *
 * <p>The impact is measured twice: as {@link Impact} computes it, through the inventory's {@link
 * OwnershipIndex} (built in the setup, as a daemon builds it at its first question after a load),
 * and as {@link FullPassImpact}, the former pass over everything, kept in the test tree. The setup
 * checks that both answer the same. {@link #buildIndex} is what the first question after a load
 * pays once. Sampled, so that JMH prints percentiles (p99) beside the mean.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class ImpactBenchmark {
    private static final LocalDate AUDIT_DAY = GeneratedInventory.TODAY;

    private Inventory inventory;
    private List<String> oneLeaver;
    private List<String> twoLeavers;

    @Setup(Level.Trial)
    public void generate() throws UnknownPersonException {
        GeneratedInventory generated = GeneratedInventory.standard();
        inventory = generated.inventory();
        oneLeaver = List.of(generated.heavyLeaver());
        twoLeavers = generated.heavyLeavers(2);
        System.out.println();
        System.out.println(generated.stats());
        describe(same(Impact.of(inventory, oneLeaver, Set.of()), FullPassImpact.of(inventory, oneLeaver, Set.of())));
        describe(same(Impact.of(inventory, twoLeavers, Set.of()), FullPassImpact.of(inventory, twoLeavers, Set.of())));
        System.out.printf("  audit: %d findings; baseline pass: %d%n", audit().size(), baselineOnePass());
    }

    private static ImpactReport same(ImpactReport indexed, ImpactReport fullPass) {
        if (!indexed.equals(fullPass)) {
            throw new IllegalStateException(
                    "the indexed impact differs from the full pass: " + indexed + " vs " + fullPass);
        }
        return indexed;
    }

    private static void describe(ImpactReport report) {
        System.out.printf(
                "  impact of %s: %s, %d credentials, %d workflows, %d routes, %d aliases, %d suggestions%n",
                report.people(),
                report.verdict(),
                report.credentials().size(),
                report.workflows().size(),
                report.routes().size(),
                report.aliases().size(),
                report.suggestedOwners().size());
    }

    /** The yardstick: every workflow's credential ids and routes visited once, nothing looked up. */
    @Benchmark
    public long baselineOnePass() {
        long sum = 0;
        for (Workflow w : inventory.workflows()) {
            List<String> credentials = w.credentials();
            List<Route> routes = w.routes();
            sum += credentials.size() + routes.size();
            for (String id : credentials) {
                sum += id.length();
            }
            for (Route r : routes) {
                sum += r instanceof Route.Email e ? e.address().length() : 1;
            }
        }
        return sum;
    }

    @Benchmark
    public ImpactReport impactOneLeaver() throws UnknownPersonException {
        return Impact.of(inventory, oneLeaver, Set.of());
    }

    @Benchmark
    public ImpactReport impactTwoLeavers() throws UnknownPersonException {
        return Impact.of(inventory, twoLeavers, Set.of());
    }

    @Benchmark
    public ImpactReport fullPassImpactOneLeaver() throws UnknownPersonException {
        return FullPassImpact.of(inventory, oneLeaver, Set.of());
    }

    @Benchmark
    public ImpactReport fullPassImpactTwoLeavers() throws UnknownPersonException {
        return FullPassImpact.of(inventory, twoLeavers, Set.of());
    }

    /** What a snapshot's first impact question pays once: its index built. */
    @Benchmark
    public OwnershipIndex buildIndex() {
        return OwnershipIndex.of(inventory);
    }

    @Benchmark
    public List<Finding> audit() {
        return Audit.run(inventory, AuditEvidence.none(), AUDIT_DAY);
    }
}
