package io.memscope.export.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

import io.memscope.core.AllocatorCore;
import io.memscope.core.BufferAllocation;
import io.memscope.core.BufferRequest;
import io.memscope.core.CaptureOptions;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemoryMap;
import io.memscope.core.MemoryUsage;
import io.memscope.core.TestDevice;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.event.SnapshotTaken;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capture keeps the blocks: its memory map at a moment equals the map the core showed then, real block sizes,
 * pools and dedicated blocks included, also after blocks came and went during the capture.
 */
class MemoryMapCaptureTest {
    private static final int STORAGE = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

    @Test
    void aCapturesMapAtEachSnapshotEqualsTheLiveMapThen(@TempDir Path dir) {
        Path file = dir.resolve("map.jfr");
        String tag = "Map-" + System.nanoTime();
        List<MemoryMap> liveMaps = new ArrayList<>();
        try (AllocatorCore core = TestDevice.newCore()) {
            MemoryAllocator plain = core.allocator(tag);
            MemoryAllocator pooled = core.allocator(tag + "-pool");
            pooled.setCustomBufferSize(4L << 20);
            core.monitor().startCapture(file, CaptureOptions.defaults());
            List<BufferAllocation> live = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                live.add((i % 2 == 0 ? plain : pooled).allocateBuffer(1024L * (i + 1), STORAGE, MemoryUsage.GPU_ONLY));
            }
            BufferAllocation dedicated = plain.allocateBuffer(BufferRequest.of(256 * 1024, STORAGE,
                    MemoryUsage.GPU_ONLY).withDedicatedMemory());
            core.monitor().sampleNow(); // the sampler records the blocks when they changed
            liveMaps.add(core.monitor().getMemoryMap());
            CaptureReaderTest.distinctTimestamps(); // block lists are placed in time to about a millisecond
            core.monitor().takeSnapshot("first");
            CaptureReaderTest.distinctTimestamps(); // frees are stamped by memscope's coarse clock, which may lag
            dedicated.close(); // its block goes
            for (int i = 0; i < 10; i++) {
                live.remove(i).close();
            }
            BufferAllocation second = plain.allocateBuffer(BufferRequest.of(128 * 1024, STORAGE,
                    MemoryUsage.GPU_ONLY).withDedicatedMemory());
            core.monitor().sampleNow();
            liveMaps.add(core.monitor().getMemoryMap());
            CaptureReaderTest.distinctTimestamps();
            core.monitor().takeSnapshot("second");
            core.monitor().stopCapture();
            second.close();
            live.forEach(BufferAllocation::close);
        }

        CaptureReader reader = CaptureReader.open(file);
        int core = reader.cores().stream().filter(c -> reader.events(c.coreId()).stream()
                .anyMatch(e -> e.header().tag().equals(tag))).findFirst().orElseThrow().coreId();
        List<SnapshotTaken> snapshots = reader.events(core).stream().filter(SnapshotTaken.class::isInstance)
                .map(SnapshotTaken.class::cast).toList();
        assertThat(snapshots).hasSize(2);
        for (int i = 0; i < 2; i++) {
            MemoryEvent at = snapshots.get(i);
            MemoryMap recorded = reader.memoryMapAt(core, reader.timeOf(core, at));
            assertThat(recorded.blocks()).as("map at snapshot %d", i).isEqualTo(liveMaps.get(i).blocks());
            assertThat(recorded.blocks()).allMatch(b -> b.block().sizeKnown());
            assertThat(recorded.blocks()).anyMatch(b -> b.block().dedicated());
            assertThat(recorded.blocks()).anyMatch(b -> (tag + "-pool").equals(b.block().pool()));
        }
    }
}
