package io.memscope.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.memscope.export.capture.CaptureReader;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) sent to a real child JVM at a point its output marks: the command ends cleanly with one
 * last line, {@code memscope: stopped by Ctrl-C}, and exit code 130; no stack trace. The children would end by
 * themselves after 60 s, so a child that never prints its marker fails the test instead of hanging it.
 */
@Timeout(180)
class CtrlCIT {

    @Test
    void ctrlCRightAfterStartEndsWithOneLineAnd130(@TempDir Path dir) throws Exception {
        // the first line demo prints, before the device opens and before LWJGL registers its shutdown hook
        List<String> lines = sigintAfter("memscope: no display",
                ChildProcess.jar("demo", "--seconds", "60", "--report", dir.resolve("report").toString()));
        assertThat(lines).last().as(String.join("\n", lines)).isEqualTo("memscope: stopped by Ctrl-C");
        assertThat(String.join("\n", lines)).doesNotContain("Exception", "Error", "\tat ");
    }

    @Test
    void ctrlCOnceTheDeviceIsOpenFreesTheWorkloadAndReportsLeaks(@TempDir Path dir) throws Exception {
        List<String> lines = sigintAfter("memscope run terrain on", ChildProcess.jar("run", "terrain", "--seconds", "60"));
        String text = String.join("\n", lines);
        assertThat(lines).as(text).anyMatch(l -> l.matches("terrain: \\d+ frames, leaks at exit: 0"));
        assertThat(lines).last().as(text).isEqualTo("memscope: stopped by Ctrl-C");
        assertThat(text).doesNotContain("Exception", "Error", "\tat ");
    }

    @Test
    void aReportWrittenAfterCtrlCKeepsItsChartsAndMemoryMap(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report");
        List<String> lines = sigintAfter("memscope run terrain on",
                ChildProcess.jar("run", "terrain", "--seconds", "60", "--report", report.toString()));
        String text = String.join("\n", lines);
        assertThat(text).doesNotContain("skipped", "Exception", "\tat ");
        // the PNG encoder must not need a JVM shutdown hook (ImageIO's cache file does): the JVM is shutting down
        assertThat(report.resolve("memory-map.png")).as(text).isNotEmptyFile();
        assertThat(report.resolve("usage.png")).as(text).isNotEmptyFile();
    }

    @Test
    void ctrlCDuringACaptureLeavesTheFileToFlightRecordersExitAndStillReportsLeaks(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("cut.jfr");
        List<String> lines = sigintAfter("frame ",
                ChildProcess.jar("run", "terrain", "--seconds", "60", "--capture", file.toString()));
        String text = String.join("\n", lines);
        assertThat(lines).as(text).contains("capture: Flight Recorder writes " + file + " as the JVM exits (Ctrl-C)")
                .anyMatch(l -> l.matches("terrain: \\d+ frames, leaks at exit: 0"));
        assertThat(lines).last().as(text).isEqualTo("memscope: stopped by Ctrl-C");
        assertThat(text).doesNotContain("Exception", "Error", "\tat ");
        CaptureReader capture = CaptureReader.open(file);
        assertThat(capture.losses().gaps()).as("ends early, never with a hole: %s", capture.summary()).isEmpty();
        assertThat(capture.losses().droppedEvents()).isZero();
    }

    /** Starts the child, sends SIGINT once a line starts with {@code marker}, and returns all its lines; exit 130. */
    private static List<String> sigintAfter(String marker, ChildProcess child) throws Exception {
        Process process = child.start();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
                if (line.startsWith(marker)) {
                    ChildProcess.sigint(process);
                    break;
                }
            }
            assertThat(lines).as("the child printed its marker line").last().asString().startsWith(marker);
            reader.lines().forEach(lines::add);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("ended after Ctrl-C").isTrue();
            assertThat(process.exitValue()).as(String.join("\n", lines)).isEqualTo(MemscopeCommand.EXIT_CTRL_C);
            return lines;
        } finally {
            process.destroyForcibly();
        }
    }
}
