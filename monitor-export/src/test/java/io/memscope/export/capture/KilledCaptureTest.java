package io.memscope.export.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memscope.core.event.AllocationInfo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a JVM recording a capture ({@code -Dmemscope.capture}): its destination file is never written, but
 * Flight Recorder's repository folder holds what was flushed (about once a second), and {@link CaptureReader} opens
 * that folder. The test waits for the flushed data itself (the reader sees every allocation), never for a time.
 */
class KilledCaptureTest {
    private static final int ALLOCATIONS = 300;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void theRepositoryOfAKilledJvmOpensAndRebuildsItsLedger(@TempDir Path dir) throws Exception {
        Path repository = Files.createDirectories(dir.resolve("repo"));
        Path file = dir.resolve("never-written.jfr");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dmemscope.capture=" + file, "-XX:FlightRecorderOptions:repository=" + repository,
                "-cp", System.getProperty("java.class.path"), CaptureChild.class.getName(), String.valueOf(ALLOCATIONS))
                .redirectErrorStream(true).start();
        Path chunks;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder seen = new StringBuilder();
            for (String line = out.readLine(); !("allocated " + ALLOCATIONS).equals(line); line = out.readLine()) {
                assertThat(line).as("the child ended early; it printed:%n%s", seen).isNotNull();
                seen.append(line).append('\n');
            }
            chunks = awaitFlushed(repository, child);
            child.destroyForcibly(); // SIGKILL
            assertThat(child.waitFor()).as("killed by signal 9").isEqualTo(128 + 9);
        } finally {
            child.destroyForcibly();
        }
        assertThat(Files.exists(file) ? Files.size(file) : 0L)
                .as("the destination (JFR creates it empty at the start) is written only on stop or an orderly exit")
                .isZero();

        CaptureReader reader = CaptureReader.open(chunks);
        int core = CaptureReaderTest.coreWithTag(reader, "Child");
        CaptureReaderTest.assertGapFree(reader.events(core));
        assertThat(reader.losses().gaps()).isEmpty();
        List<AllocationInfo> live = reader.stateAtSequence(core, Long.MAX_VALUE).allocations();
        assertThat(live).hasSize(ALLOCATIONS);
        assertThat(live.get(ALLOCATIONS - 1).name()).isEqualTo("child " + (ALLOCATIONS - 1));
        assertThat(reader.cores().get(0).layout()).as("device layout of the killed JVM").isNotNull();

        // a folder holding that process's chunks and a capture of this JVM is two captures, not one
        Path mixed = Files.createDirectories(dir.resolve("mixed"));
        try (Stream<Path> files = Files.list(chunks)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jfr")).toList()) {
                Files.copy(f, mixed.resolve(f.getFileName()));
            }
        }
        try (io.memscope.core.AllocatorCore here = io.memscope.core.TestDevice.newCore()) {
            here.monitor().startCapture(mixed.resolve("zz-this-jvm.jfr"), io.memscope.core.CaptureOptions.defaults());
            CaptureReaderTest.buffer(here.allocator("Here"), 4096, "here").close();
            here.monitor().stopCapture();
        }
        assertThatThrownBy(() -> CaptureReader.open(mixed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("captures of 2 processes").hasMessageContaining("pid " + child.pid())
                .hasMessageContaining("open them one at a time");
    }

    /** Polls the child's repository folder until a reader sees all its allocations (JFR flushes about once a second). */
    static Path awaitFlushed(Path repository, Process child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            assertThat(child.isAlive()).as("child alive").isTrue();
            assertThat(System.nanoTime() - deadline).as("waiting for the flush").isNegative();
            try (Stream<Path> folders = Files.list(repository)) {
                for (Path folder : folders.filter(Files::isDirectory).toList()) {
                    try {
                        CaptureReader reader = CaptureReader.open(folder);
                        int core = CaptureReaderTest.coreWithTag(reader, "Child");
                        if (reader.stateAtSequence(core, Long.MAX_VALUE).allocations().size() == ALLOCATIONS) {
                            return folder;
                        }
                    } catch (IllegalArgumentException | AssertionError notYet) {
                        // no chunk, no event or not all of them flushed yet
                    }
                }
            }
            Thread.sleep(100); // polling a condition, not a synchronisation by time
        }
    }
}
