package io.memscope.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged {@code sample-workloads.jar} (with the {@code lib/} folder its manifest names) in a child
 * JVM, as {@code ./memscope} does: a dependency missing from the runtime class path fails here, where the
 * Maven test class path would hide it.
 */
class PackagedLauncherIT {

    @Test
    void thePackagedJarRunsTheHeadlessDemoAndWritesItsReport(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report");
        ChildProcess.Result run = ChildProcess.jar("demo", "--no-monitor", "--frames", "60", "--report", report.toString())
                .run(dir);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Leaks at exit: 0");
        for (String file : List.of("report.txt", "snapshots.csv", "snapshot_tags.csv", "allocations.csv", "usage.png",
                "bytes.png", "fragmentation.png", "allocation-rate.png", "byte-rate.png")) {
            assertThat(report.resolve(file)).as(file).isNotEmptyFile();
        }
    }
}
