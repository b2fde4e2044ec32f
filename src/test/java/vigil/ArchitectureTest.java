package vigil;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering (docs/architecture.md): inventory and notifiers know nothing of the daemon, nor of
 * each other; no package depends on itself through others; nothing reads the wall clock.
 */
@AnalyzeClasses(packages = "vigil", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule inventory_knows_neither_daemon_nor_notifiers = noClasses()
            .that()
            .resideInAPackage("vigil.inventory..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("vigil.watchdog..", "vigil.notifiers..");

    @ArchTest
    static final ArchRule notifiers_know_neither_daemon_nor_inventory = noClasses()
            .that()
            .resideInAPackage("vigil.notifiers..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("vigil.watchdog..", "vigil.inventory..")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule no_package_depends_on_itself_through_others = slices().matching("vigil.(**)")
            .should()
            .beFreeOfCycles()
            .because("the packages are the pipeline's stages, and a stage only uses those before it");

    @ArchTest
    static final ArchRule nothing_reads_the_wall_clock_directly = noClasses()
            .that()
            .resideInAPackage("vigil..")
            .should()
            .callMethod(java.time.Instant.class, "now")
            .orShould()
            .callMethod(System.class, "currentTimeMillis")
            .orShould()
            .callMethod(java.time.LocalDate.class, "now")
            .orShould()
            .callMethod(java.time.LocalDateTime.class, "now")
            .orShould()
            .callMethod(java.time.ZonedDateTime.class, "now")
            .because("everything takes a java.time.Clock");
}
