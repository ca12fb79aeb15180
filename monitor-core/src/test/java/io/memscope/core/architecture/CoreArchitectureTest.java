package io.memscope.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.memscope.core.Allocation;
import io.memscope.core.AllocatorCore;
import io.memscope.core.BufferAllocation;
import io.memscope.core.ImageAllocation;
import io.memscope.core.MappedMemory;
import io.memscope.core.MemoryAllocator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The boundaries of monitor-core that the compiler does not see (module-info enforces the exported packages):
 * no package cycles, no JavaFX, handles independent of the public core class, an engine that never calls the
 * public classes back, and public types only where they belong.
 */
class CoreArchitectureTest {
    private static JavaClasses core;

    @BeforeAll
    static void importMainClasses() {
        // the module's own main classes (scanning the class path for the package takes ten times longer)
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(java.nio.file.Path.of("target/classes"));
    }

    /** The sub-packages form no cycle (the API package at the root may use them all, they its enums). */
    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.memscope.core.(**)").should().beFreeOfCycles().check(core);
    }

    @Test
    void nothingUsesJavaFx() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("javafx..", "io.fair_acc..").check(core);
    }

    @Test
    void handlesDoNotDependOnThePublicCoreClass() {
        noClasses().that().belongToAnyOf(Allocation.class, BufferAllocation.class, ImageAllocation.class,
                        MappedMemory.class)
                .should().dependOnClassesThat().belongToAnyOf(AllocatorCore.class).check(core);
    }

    @Test
    void theEngineNeverCallsThePublicFaceOrTheFacadeBack() {
        noClasses().that().haveSimpleName("CoreEngine")
                .should().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                        com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                                com.tngtech.archunit.base.DescribedPredicate.describe("AllocatorCore or MemoryAllocator",
                                        owner -> owner.isEquivalentTo(AllocatorCore.class)
                                                || owner.isEquivalentTo(MemoryAllocator.class)))))
                .check(core);
    }

    @Test
    void figureRecordsAndExceptionsAreLeavesBesideTheApisEnums() {
        classes().that().resideInAnyPackage("io.memscope.core.stats..", "io.memscope.core.exceptions..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.memscope.core.stats..",
                        "io.memscope.core.exceptions..", "io.memscope.core.internal", "io.memscope.core", "java..",
                        "org.jspecify..", "org.lwjgl..")
                .check(core);
    }

    /** Public signatures of the exported packages expose only public, exported types (no engine, no internal). */
    @Test
    void theApiExposesNoInternalType() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits().that().arePublic()
                .and().areDeclaredInClassesThat().arePublic()
                .and().areDeclaredInClassesThat().resideInAnyPackage("io.memscope.core", "io.memscope.core.event",
                        "io.memscope.core.stats", "io.memscope.core.exceptions", "io.memscope.core.management")
                .should(new com.tngtech.archunit.lang.ArchCondition<>("use only public, exported types in its signature") {
                    @Override
                    public void check(com.tngtech.archunit.core.domain.JavaCodeUnit unit,
                                      com.tngtech.archunit.lang.ConditionEvents events) {
                        java.util.List<com.tngtech.archunit.core.domain.JavaClass> types =
                                new java.util.ArrayList<>(unit.getRawParameterTypes());
                        types.add(unit.getRawReturnType());
                        for (com.tngtech.archunit.core.domain.JavaClass type : types) {
                            com.tngtech.archunit.core.domain.JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
                            boolean ours = base.getPackageName().startsWith("io.memscope");
                            if (ours && (!base.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC)
                                    || base.getPackageName().contains(".internal"))) {
                                events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(unit,
                                        unit.getFullName() + " exposes " + base.getName()));
                            }
                        }
                    }
                })
                .check(core);
    }

    @Test
    void noPublicClassIsOverAboutFourHundredFiftyLines() {
        classes().that().arePublic().and().areTopLevelClasses()
                .should(new com.tngtech.archunit.lang.ArchCondition<>("have at most 450 source lines") {
                    @Override
                    public void check(com.tngtech.archunit.core.domain.JavaClass item,
                                      com.tngtech.archunit.lang.ConditionEvents events) {
                        int last = item.getCodeUnits().stream()
                                .mapToInt(unit -> unit.getSourceCodeLocation().getLineNumber()).max().orElse(0);
                        if (last > 450) {
                            events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(item,
                                    item.getName() + " has code at line " + last));
                        }
                    }
                })
                .check(core);
    }
}
