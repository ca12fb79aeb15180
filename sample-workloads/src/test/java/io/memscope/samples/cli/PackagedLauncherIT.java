package io.memscope.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged {@code sample-workloads.jar} (with the {@code lib/} folder its manifest names) in a child
 * JVM, as {@code ./memscope} does: a dependency missing from the runtime class path fails here, where the
 * Maven test class path would hide it.
 */
class PackagedLauncherIT {

    @Test
    void thePackagedJarRunsTheHeadlessDemoAndWritesItsReport(@TempDir Path dir) throws IOException, InterruptedException {
        Path jar = Path.of("target/sample-workloads.jar").toAbsolutePath();
        assertThat(jar).exists();
        Path report = dir.resolve("report");
        Path output = dir.resolve("output.txt");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "demo", "--no-monitor", "--frames", "60", "--report", report.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("finished").isTrue();
        String out = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).contains("Leaks at exit: 0");
        for (String file : List.of("report.txt", "snapshots.csv", "snapshot_tags.csv", "allocations.csv", "usage.png", "bytes.png", "fragmentation.png")) {
            assertThat(report.resolve(file)).as(file).isNotEmptyFile();
        }
    }
}
