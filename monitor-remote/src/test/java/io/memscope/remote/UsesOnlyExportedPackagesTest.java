package io.memscope.remote;

import io.memscope.core.architecture.ExportedPackagesOnly;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** monitor-remote uses only what monitor-core exports (ArchUnit; module-info enforces it when compiling too). */
class UsesOnlyExportedPackagesTest {
    @Test
    void mainClassesUseOnlyExportedPackages() {
        ExportedPackagesOnly.check(Path.of("target/classes"));
    }
}
