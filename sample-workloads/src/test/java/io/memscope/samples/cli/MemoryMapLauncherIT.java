package io.memscope.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.memscope.samples.report.HeadlessReport;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory map's pictures through the packaged launcher: a capture's map from {@code export --memory-map} and from
 * {@code open --tab "memory map" --screenshot} (on a virtual X display), the headless demo's {@code memory-map.png},
 * and a map that cannot be written (exit 2 before anything runs).
 */
@Timeout(300)
class MemoryMapLauncherIT {

    @Test
    void captureMapExportsAndOpensOnItsTab(@TempDir Path dir) throws Exception {
        Path capture = dir.resolve("t.jfr");
        ChildProcess.Result run = ChildProcess.launcher("run", "terrain", "--seconds", "3", "--capture",
                capture.toString()).run(dir);
        assertThat(run.exitCode()).as(run.toString()).isZero();

        Path exported = dir.resolve("map.png");
        ChildProcess.Result export = ChildProcess.launcher("export", capture.toString(), "--memory-map",
                exported.toString(), "--at", "2").run(dir);
        assertThat(export.exitCode()).as(export.toString()).isZero();
        assertThat(export.out()).contains("wrote " + exported).contains("memory map:");
        BufferedImage map = ImageIO.read(exported.toFile());
        assertThat(map.getWidth()).isEqualTo(1200);

        ChildProcess.Result unwritable = ChildProcess.launcher("export", capture.toString(), "--memory-map",
                dir.resolve("no/such/folder/map.png").toString()).run(dir);
        assertThat(unwritable.exitCode()).as(unwritable.toString()).isEqualTo(2);

        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/xvfb-run")), "xvfb-run for a display");
        Path shot = dir.resolve("shot.png");
        ChildProcess.Result open = ChildProcess.launcherOnVirtualDisplay("open", capture.toString(), "--at", "2",
                "--tab", "memory map", "--screenshot", shot.toString()).run(dir);
        assertThat(open.exitCode()).as(open.toString()).isZero();
        assertThat(ImageIO.read(shot.toFile())).isNotNull();
    }

    @Test
    void theHeadlessDemoWritesTheMemoryMap(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report");
        ChildProcess.Result demo = ChildProcess.launcher("demo", "--no-monitor", "--seconds", "3", "--report",
                report.toString()).run(dir);
        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        assertThat(ImageIO.read(report.resolve(HeadlessReport.MEMORY_MAP).toFile()).getWidth()).isEqualTo(1200);
    }
}
