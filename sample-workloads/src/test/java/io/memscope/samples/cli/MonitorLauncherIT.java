package io.memscope.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code ./memscope monitor} against a running {@code ./memscope run}: two real processes, the
 * target found and attached through the JDK's Attach API and its local JMX agent, with no display (so the monitor
 * writes its report folder of what it received). Also the one-line errors with exit code 2.
 */
@Timeout(240)
class MonitorLauncherIT {

    @Test
    void monitorAttachesToARunningWorkloadAndReportsWhatItReceived(@TempDir Path dir) throws Exception {
        try (Target target = new Target(120, dir)) {
            ChildProcess.Result list = ChildProcess.launcher("monitor", "--list").run(dir);
            assertThat(list.exitCode()).as(list.toString()).isZero();
            assertThat(list.out()).as(list.toString()).containsPattern("(?m)^" + target.pid() + " .* run terrain");

            Path report = dir.resolve("report");
            ChildProcess.Result monitor = ChildProcess.launcher("monitor", "--pid", Long.toString(target.pid()),
                    "--seconds", "4", "--report", report.toString()).run(dir);
            assertThat(monitor.exitCode()).as(monitor.toString()).isZero();
            assertThat(monitor.out()).contains("memscope monitor attached to pid " + target.pid())
                    .contains("watched for 4 s");
            assertThat(Files.readString(report.resolve("report.txt"))).contains("pid " + target.pid())
                    .contains("memscope detailed statistics");
            List<String> allocations = Files.readAllLines(report.resolve("allocations.csv"));
            assertThat(allocations.size()).as("the terrain's live buffers, received from the target").isGreaterThan(1);
            assertThat(allocations.subList(1, allocations.size())).anyMatch(row -> row.contains("Terrain"));
            assertThat(report.resolve("bytes.png")).isNotEmptyFile();
            assertThat(target.process.isAlive()).as("the target keeps running after the monitor detaches").isTrue();
        }
    }

    @Test
    void whenTheTargetEndsTheMonitorSaysWhenAndStillWritesItsReport(@TempDir Path dir) throws Exception {
        try (Target target = new Target(15, dir)) {
            Path report = dir.resolve("report");
            ChildProcess.Result monitor = ChildProcess.launcher("monitor", "--pid", Long.toString(target.pid()),
                    "--seconds", "120", "--report", report.toString()).run(dir);
            assertThat(monitor.exitCode()).as(monitor.toString()).isZero();
            assertThat(monitor.out()).as(monitor.toString()).contains("disconnected at ");
            assertThat(monitor.err()).as("no exception storm").doesNotContain("Exception", "\tat ");
            assertThat(report.resolve("report.txt")).isNotEmptyFile();
            assertThat(report.resolve("snapshots.csv")).isNotEmptyFile();
        }
    }

    @Test
    void aPidThatIsNoJvmIsOneLineAndExitCode2(@TempDir Path dir) throws Exception {
        ChildProcess.Result monitor = ChildProcess.launcher("monitor", "--pid", "2147483646").run(dir);
        assertThat(monitor.exitCode()).as(monitor.toString()).isEqualTo(2);
        assertThat(monitor.err().lines()).as(monitor.toString()).singleElement().asString()
                .startsWith("memscope: ").contains("2147483646");
    }

    @Test
    void aJvmWithoutMemscopeIsOneLineAndExitCode2(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("Idle.java");
        Files.writeString(source, "public class Idle { public static void main(String[] a) throws Exception {"
                + " System.out.println(\"idle\"); Thread.sleep(120_000); } }");
        Process idle = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                source.toString()).redirectErrorStream(true).start();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(idle.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).isEqualTo("idle");
            ChildProcess.Result monitor = ChildProcess.launcher("monitor", "--pid", Long.toString(idle.pid())).run(dir);
            assertThat(monitor.exitCode()).as(monitor.toString()).isEqualTo(2);
            assertThat(monitor.err().lines()).as(monitor.toString()).singleElement().asString()
                    .startsWith("memscope: ").contains(Long.toString(idle.pid())).containsIgnoringCase("memscope");
        } finally {
            idle.destroyForcibly();
        }
    }

    /** A running {@code ./memscope run terrain}, its output drained on a thread of its own. */
    private static final class Target implements AutoCloseable {
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();
        final CountDownLatch framing = new CountDownLatch(1);

        Target(int seconds, Path dir) throws Exception {
            process = ChildProcess.launcher("run", "terrain", "--seconds", Integer.toString(seconds)).in(dir).start();
            Thread drain = new Thread(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = reader.readLine()) != null; ) {
                        lines.add(line);
                        if (line.startsWith("frame ")) { // the core exists: progress comes from its frame loop
                            framing.countDown();
                        }
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "target-output");
            drain.setDaemon(true);
            drain.start();
            assertThat(framing.await(120, TimeUnit.SECONDS)).as("the target runs frames: %s", lines).isTrue();
        }

        long pid() {
            return process.pid();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
