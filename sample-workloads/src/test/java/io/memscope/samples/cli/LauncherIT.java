package io.memscope.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code memscope} launcher itself, run from another directory than the checkout. */
class LauncherIT {

    @Test
    void aRelativeCsvPathIsRelativeToWhereTheLauncherWasCalledAndPrintedAbsolute(@TempDir Path dir) throws Exception {
        ChildProcess.Result run = ChildProcess.launcher("run", "terrain", "--frames", "2", "--csv", "rel.csv").in(dir).run(dir);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(dir.resolve("rel.csv")).isNotEmptyFile();
        assertThat(run.out()).contains("snapshots written to " + dir.toRealPath().resolve("rel.csv"));
    }

    @Test
    void theDefaultReportFolderLandsWhereTheLauncherWasCalled(@TempDir Path dir) throws Exception {
        ChildProcess.Result run = ChildProcess.launcher("demo", "--no-monitor", "--frames", "3").in(dir).run(dir);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<Path> folders;
        try (Stream<Path> files = Files.list(dir)) {
            folders = files.filter(p -> p.getFileName().toString().startsWith("memscope-report-")).toList();
        }
        assertThat(folders).as(run.toString()).singleElement();
        assertThat(run.out()).contains("report written to " + folders.get(0).toRealPath());
    }

    /** docs/workloads.md, JVM settings: ZGC for what can show the dashboard, unless the user names a collector. */
    @Test
    void theDashboardsCommandsRunOnZgcUnlessTheUserNamesACollector(@TempDir Path dir) throws Exception {
        assertThat(collector(dir, Map.of(), "monitor", "--help")).isEqualTo("Using The Z Garbage Collector");
        assertThat(collector(dir, Map.of(), "open", "--help")).isEqualTo("Using The Z Garbage Collector");
        assertThat(collector(dir, Map.of(), "run", "mesh", "--monitor", "--help"))
                .isEqualTo("Using The Z Garbage Collector");
        assertThat(collector(dir, Map.of(), "run", "mesh", "--frames", "1")).isEqualTo("Using G1");
        assertThat(collector(dir, Map.of("MEMSCOPE_JAVA_OPTS", "-XX:+UseSerialGC"), "monitor", "--help"))
                .isEqualTo("Using Serial");
        assertThat(collector(dir, Map.of("JAVA_TOOL_OPTIONS", "-XX:+UseG1GC"), "monitor", "--help"))
                .as("a collector in the JVM's own variables").isEqualTo("Using G1");
        assertThat(collector(dir, Map.of("JDK_JAVA_OPTIONS", "-XX:+UseParallelGC"), "open", "--help"))
                .isEqualTo("Using Parallel");
        assertThat(collector(dir, Map.of("MEMSCOPE_JAVA_OPTS", "-XX:+UseStringDeduplication -XX:+DisableExplicitGC"),
                "monitor", "--help")).as("options that only look like a collector together").isEqualTo(
                        "Using The Z Garbage Collector");
    }

    /** docs/workloads.md, JVM settings: a heap size of the user's, wherever named, replaces the launcher's. */
    @Test
    void aHeapSizeTheUserNamesAnywhereReplacesTheLaunchers(@TempDir Path dir) throws Exception {
        assertThat(maxHeap(dir, Map.of(), "run", "mesh", "--frames", "1")).isEqualTo("512M");
        assertThat(maxHeap(dir, Map.of(), "export", "--help")).isEqualTo("1536M");
        assertThat(maxHeap(dir, Map.of("JAVA_TOOL_OPTIONS", "-Xmx300m"), "run", "mesh", "--frames", "1"))
                .as("the JVM's own variable, read before the command line").isEqualTo("300M");
        assertThat(maxHeap(dir, Map.of("JDK_JAVA_OPTIONS", "-XX:MaxHeapSize=200m"), "open", "--help"))
                .isEqualTo("200M");
        assertThat(maxHeap(dir, Map.of("MEMSCOPE_JAVA_OPTS", "-Xmx32m"), "run", "mesh", "--frames", "1"))
                .as("below the launcher's initial 64 MiB").isEqualTo("32M");
    }

    /** The maximum heap the JVM of {@code ./memscope ARGS} says it has (its unified log, in stdout), e.g. 512M. */
    private static String maxHeap(Path dir, Map<String, String> env, String... args) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.merge("MEMSCOPE_JAVA_OPTS", "-Xlog:gc+init:stdout:none", (mine, log) -> mine + " " + log);
        ChildProcess.Result run = ChildProcess.launcher(args).env(all).run(dir);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run.out().lines().filter(line -> line.matches("(Heap )?Max Capacity: .*")) // G1's words, ZGC's
                .map(line -> line.substring(line.indexOf(": ") + 2)).findFirst().orElse(run.toString());
    }

    /** The collector the JVM of {@code ./memscope ARGS} says it uses (its unified log, in stdout). */
    private static String collector(Path dir, Map<String, String> env, String... args) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.merge("MEMSCOPE_JAVA_OPTS", "-Xlog:gc:stdout:none", (mine, log) -> mine + " " + log);
        ChildProcess.Result run = ChildProcess.launcher(args).env(all).run(dir);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run.out().lines().filter(line -> line.startsWith("Using ")).findFirst().orElse(run.toString());
    }

    @Test
    void aNonAsciiPathWorksInTheCLocale(@TempDir Path dir) throws Exception {
        assumeTrue(StandardCharsets.UTF_8.name().equals(System.getProperty("sun.jnu.encoding")),
                "this JVM must be able to name the file itself");
        Path csv = dir.resolve("mémoire.csv");
        ChildProcess.Result run = ChildProcess.launcher("run", "terrain", "--frames", "1", "--csv", csv.toString())
                .env(Map.of("LC_ALL", "C", "LANG", "C")).run(dir);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(csv).isNotEmptyFile();
    }
}
