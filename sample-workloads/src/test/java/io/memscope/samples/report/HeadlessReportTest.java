package io.memscope.samples.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

import io.memscope.core.AllocatorCore;
import io.memscope.core.BufferAllocation;
import io.memscope.core.MemoryUsage;
import io.memscope.core.TestDevice;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HeadlessReport} over a real device: every file written whole, whatever the tags contain. */
class HeadlessReportTest {

    @Test
    void aTagWithAnUnpairedSurrogateStillGivesAWholeWellFormedReport(@TempDir Path dir) throws Exception {
        try (AllocatorCore core = TestDevice.newCore();
             HeadlessReport report = new HeadlessReport(core.monitor())) {
            BufferAllocation buffer = core.allocator("Terrain \uD800").allocateBuffer(1 << 16,
                    VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY);
            core.monitor().takeSnapshot("end \uDC00");
            Path folder = dir.resolve("report");

            report.write(folder, "summary with \uD800");

            String text = strictUtf8(folder.resolve("report.txt"));
            assertThat(text).startsWith("summary with \uFFFD").contains("Terrain \uFFFD");
            assertThat(strictUtf8(folder.resolve("allocations.csv"))).contains("Terrain \uFFFD");
            assertThat(strictUtf8(folder.resolve("snapshots.csv"))).contains("end \uFFFD");
            assertThat(strictUtf8(folder.resolve("snapshot_tags.csv"))).contains("Terrain \uFFFD");
            try (Stream<Path> files = Files.list(folder)) {
                assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly("allocation-rate.png",
                        "allocations.csv", "byte-rate.png", "bytes.png", "fragmentation.png", "memory-map.png", "report.txt",
                        "snapshot_tags.csv", "snapshots.csv", "usage.png");
            }
            buffer.close();
        }
    }

    private static String strictUtf8(Path file) throws Exception {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    }
}
