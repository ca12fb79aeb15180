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
