package io.memscope.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;

/**
 * The rule every module that builds on monitor-core checks in its own tests (monitor-core's test-jar carries it):
 * its main classes use only the packages monitor-core exports, never {@code io.memscope.core.internal}. The
 * modules' module-info makes the compiler refuse the same; this says so in a test report too.
 */
public final class ExportedPackagesOnly {
    private ExportedPackagesOnly() {
    }

    /** Checks the main classes under {@code classes} (a module's {@code target/classes}). */
    public static void check(Path classes) {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.memscope.core.internal..")
                .because("only monitor-core's exported packages are API")
                .check(new ClassFileImporter().importPath(classes));
    }
}
