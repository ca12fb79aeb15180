package io.memscope.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.memscope.export.ReportCharts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The headless demo needs no JavaFX: the packaged jar, next to a {@code lib/} folder without JavaFX and ChartFX,
 * writes its whole report folder, charts included, and loads no JavaFX class. (monitor-ui's own classes stay:
 * picocli reads the dashboard commands' method signatures.)
 */
class HeadlessWithoutJavaFxIT {

    @Test
    void theHeadlessDemoWritesItsReportWithNoJavaFxAtHand(@TempDir Path dir) throws Exception {
        Path jar = ChildProcess.packagedJar();
        Path lib = Files.createDirectories(dir.resolve("lib"));
        try (Stream<Path> jars = Files.list(jar.resolveSibling("lib"))) {
            for (Path file : jars.filter(f -> !f.getFileName().toString().matches("(javafx|chartfx|ikonli).*")).toList()) {
                Files.copy(file, lib.resolve(file.getFileName()));
            }
        }
        Path copy = Files.copy(jar, dir.resolve(jar.getFileName()));
        Path report = dir.resolve("report");

        ChildProcess.Result run = ChildProcess.jar(copy, List.of("-verbose:class"), "demo", "--no-monitor", "--frames",
                "30", "--report", report.toString()).run(dir);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Leaks at exit: 0").doesNotContain(" javafx.").doesNotContain("io.fair_acc");
        assertThat(run.err()).doesNotContain("charts skipped");
        for (String file : ReportCharts.FILE_NAMES) {
            assertThat(report.resolve(file)).as(file).isNotEmptyFile();
        }
    }
}
