package io.memscope.metrics;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.memscope.core.architecture.ExportedPackagesOnly;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * monitor-metrics uses only what monitor-core exports, no JavaFX and no registry implementation (ArchUnit;
 * module-info enforces the exports when compiling too); its public types are the API's few.
 */
class UsesOnlyExportedPackagesTest {
    private static final JavaClasses MAIN = new ClassFileImporter().importPath(Path.of("target/classes"));

    @Test
    void mainClassesUseOnlyExportedPackages() {
        ExportedPackagesOnly.check(Path.of("target/classes"));
    }

    @Test
    void noJavaFxAndNoRegistryImplementation() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("javafx..", "io.fair_acc..",
                "io.micrometer.prometheusmetrics..", "io.prometheus..", "com.sun.net.httpserver..").check(MAIN);
    }

    @Test
    void onlyTheBinderItsOptionsAndTheNamingArePublic() {
        classes().that().arePublic().should().haveSimpleNameStartingWith("GpuMemoryMetrics")
                .orShould().haveSimpleName("GpuMetricsOptions").orShould().haveSimpleName("MetricNaming")
                .check(MAIN);
    }
}
