package vigil;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layering of SPEC §1: inventory and notifiers know nothing of the daemon, nor of each other. */
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
