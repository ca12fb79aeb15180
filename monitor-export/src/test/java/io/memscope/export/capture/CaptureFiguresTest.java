package io.memscope.export.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.memscope.core.AllocatorCore;
import io.memscope.core.AllocatorOptions;
import io.memscope.core.BufferAllocation;
import io.memscope.core.CaptureOptions;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MonitorOptions;
import io.memscope.core.OverflowPolicy;
import io.memscope.core.TestDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Figures of captures, logged (docs/captures.md): bytes per memory event in the file, and how long opening and
 * {@code stateAt} take. A measurement, not part of the suite (timing figures do not belong in unit tests): run it
 * with {@code -Dmemscope.probe=true}. Bounds are loose (a 2-core machine with other builds); the figures are what
 * matters.
 */
@EnabledIfSystemProperty(named = "memscope.probe", matches = "true")
class CaptureFiguresTest {
    private static final int PAIRS = Integer.getInteger("memscope.captureFigures.pairs", 100_000);

    @Test
    void bytesPerEventAndStateAtTimesAreLogged(@TempDir Path dir) {
        String tag = "Figures";
        Path file = dir.resolve("figures.jfr");
        // lossless: a loaded machine must slow the workload down, not make the JFR bridge drop events (the losses
        // would be reported, and states between them would rightly hold allocations whose frees were lost)
        try (AllocatorCore core = AllocatorCore.create(TestDevice.context(), AllocatorOptions.defaults()
                .withMonitor(MonitorOptions.defaults()
                        .withOverflowPolicy(OverflowPolicy.LOSSLESS)))) {
            MemoryAllocator allocator = core.allocator(tag);
            Deque<BufferAllocation> live = new ArrayDeque<>();
            core.monitor().startCapture(file, CaptureOptions.defaults().withMaxSizeBytes(4L << 30));
            for (int i = 0; i < PAIRS; i++) {
                live.add(allocator.allocateBuffer(256, org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                        io.memscope.core.MemoryUsage.GPU_ONLY));
                if (live.size() > 1000) {
                    live.removeFirst().close();
                }
            }
            core.monitor().stopCapture();
            live.forEach(BufferAllocation::close);
        }
        long bytes = size(file);
        String keep = System.getProperty("memscope.captureFigures.keep");
        if (keep != null) {
            try {
                Files.copy(file, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            System.out.printf("capture figures: %d pairs written to %s, %d B%n", PAIRS, keep, bytes);
            return; // read it in a JVM of its own (docs/captures.md, "Figures")
        }
        long began = System.nanoTime();
        CaptureReader reader = CaptureReader.open(file);
        long openMillis = (System.nanoTime() - began) / 1_000_000;
        int core = CaptureReaderTest.coreWithTag(reader, tag);
        int events = reader.events(core).size();
        double perEvent = (double) bytes / events;
        long worst = 0;
        Duration span = Duration.between(reader.start(), reader.end());
        assertThat(reader.losses().isEmpty()).as("losses: %s", reader.losses()).isTrue();
        for (int i = 1; i <= 20; i++) {
            Instant t = reader.start().plus(span.multipliedBy(i).dividedBy(20));
            long s = System.nanoTime();
            CaptureState state = reader.stateAt(core, t);
            worst = Math.max(worst, System.nanoTime() - s);
            assertThat(state.allocations().size()).isLessThanOrEqualTo(1001);
        }
        System.out.printf("capture figures: %d memory events, %d B file, %.1f B per event (all events of the file),"
                + " open %d ms, stateAt worst %.1f ms, losses %s%n", events, bytes, perEvent, openMillis,
                worst / 1e6, reader.losses());
        PerfettoExport.Result export = PerfettoExport.write(reader, dir.resolve("figures.json"));
        long json = export.files().stream().mapToLong(PerfettoExport.WrittenFile::bytes).sum();
        System.out.printf("export figures: %d allocations, %d B of JSON in %d file(s), %.0f B per allocation"
                + " (counters and metadata included), %d ms (%.0f allocations/s)%n", export.allocations(), json,
                export.files().size(), (double) json / export.allocations(), export.nanos() / 1_000_000,
                export.allocations() / (export.nanos() / 1e9));
        assertThat(export.allocations()).isGreaterThanOrEqualTo(PAIRS);
        assertThat(events).isGreaterThanOrEqualTo(2 * PAIRS - 2000);
        assertThat(reader.losses().isEmpty()).isTrue();
        assertThat(perEvent).as("bytes per event").isLessThan(200);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
