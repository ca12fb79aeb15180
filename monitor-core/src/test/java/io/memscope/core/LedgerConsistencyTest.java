package io.memscope.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.lwjgl.vulkan.VK10.*;

import io.memscope.core.stats.MemoryStats;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * memscope's ledger against VMA's own statistics after every step of random sequences (allocations, frees, a
 * defragmentation now and then), and against VMA's detailed JSON (memory map, pools, free ranges) every tenth step.
 */
class LedgerConsistencyTest {

    @Property(tries = 20)
    void ledgerEqualsVmaAfterEveryStep(@ForAll long seed, @ForAll @IntRange(min = 100, max = 400) int steps) {
        Random random = new Random(seed);
        try (AllocatorCore core = TestDevice.newCore()) {
            MemoryAllocator[] facades = {core.allocator("A"), core.allocator("B"), core.allocator("C")};
            facades[1].setAllocationStrategy(AllocationStrategy.MEMORY_OPTIMIZED);
            facades[2].setCustomBufferSize(16L << 20);
            List<Allocation> live = new ArrayList<>();
            for (int step = 0; step < steps; step++) {
                int dice = random.nextInt(100);
                if (dice < 2) {
                    core.defragment(DefragmentationOptions.of(DefragmentationAlgorithm.FULL));
                } else if (!live.isEmpty() && dice < 42) {
                    live.remove(random.nextInt(live.size())).close();
                } else {
                    MemoryAllocator facade = facades[random.nextInt(facades.length)];
                    live.add(randomAllocation(facade, random));
                }
                VmaTruth.assertLedgerMatchesVma(core);
                if (step % 10 == 0 || dice < 2) { // the JSON is slow to build: every tenth step and after a defragmentation
                    VmaTruth.assertMapAndPoolsMatchVmaJson(core.engine());
                    VmaTruth.assertFreeRangesMatchVmaJson(core.engine());
                }
            }
            live.forEach(Allocation::close);
            VmaTruth.assertLedgerMatchesVma(core);
            VmaTruth.assertMapAndPoolsMatchVmaJson(core.engine());
            assertThat(core.getStats().allocationCount()).isZero();
        }
    }

    private static Allocation randomAllocation(MemoryAllocator facade, Random random) {
        int kind = random.nextInt(10);
        if (kind == 0) {
            int extent = 16 << random.nextInt(5);
            return facade.allocateImage(ImageRequest.texture2D(extent, extent, VK_FORMAT_R8G8B8A8_UNORM,
                    VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT).withFullMipChain());
        }
        long size = kind == 1 ? (1L << 20) * (1 + random.nextInt(40)) : 1 + random.nextInt(256 * 1024);
        MemoryUsage usage = MemoryUsage.values()[random.nextInt(MemoryUsage.values().length)];
        BufferRequest request = BufferRequest.of(size, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, usage);
        if (kind == 2) {
            request = request.withDedicatedMemory();
        }
        return facade.allocateBuffer(request);
    }

    @Test
    void fragmentationEqualsSawickiOverVmasFreeRanges() {
        try (AllocatorCore core = TestDevice.newCore()) {
            MemoryAllocator allocator = core.allocator("Frag");
            List<BufferAllocation> buffers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                buffers.add(allocator.allocateBuffer(4096 + 1024L * (i % 7), VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY));
            }
            MemoryStats packed = core.getStats();
            for (int i = 0; i < buffers.size(); i += 2) {
                buffers.get(i).close();
            }
            MemoryStats holey = core.getStats();
            List<Long> vmaFree = VmaTruth.freeRangesFromJson(core);

            assertThat(holey.total().freeRangeCount()).isEqualTo(vmaFree.size());
            assertThat(holey.fragmentationRatio()).isCloseTo(VmaTruth.sawicki(vmaFree), within(1e-12));
            assertThat(holey.fragmentationRatio())
                    .as("freeing every other buffer fragments memory: %s -> %s", packed.fragmentationRatio(), holey.fragmentationRatio())
                    .isGreaterThan(packed.fragmentationRatio());
            for (int i = 1; i < buffers.size(); i += 2) {
                buffers.get(i).close();
            }
            assertThat(core.getStats().fragmentationRatio()).as("one empty block is one free range").isZero();
        }
    }

    @Test
    void perTagFiguresSplitByFacade() {
        try (AllocatorCore core = TestDevice.newCore()) {
            MemoryAllocator terrain = core.allocator("TerrainRenderer");
            MemoryAllocator mesh = core.allocator("MeshLoader");
            MemoryAllocator meshToo = core.allocator("MeshLoader");
            try (BufferAllocation t = terrain.allocateBuffer(1 << 20, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, MemoryUsage.GPU_ONLY);
                 BufferAllocation m1 = mesh.allocateBuffer(1000, VK_BUFFER_USAGE_INDEX_BUFFER_BIT, MemoryUsage.GPU_ONLY);
                 BufferAllocation m2 = meshToo.allocateBuffer(3000, VK_BUFFER_USAGE_INDEX_BUFFER_BIT, MemoryUsage.GPU_ONLY);
                 ImageAllocation img = mesh.allocateImage(ImageRequest.texture2D(8, 8, VK_FORMAT_R8G8B8A8_UNORM, VK_IMAGE_USAGE_SAMPLED_BIT))) {
                MemoryStats stats = core.getStats();
                assertThat(stats.tags()).containsOnlyKeys("TerrainRenderer", "MeshLoader");
                assertThat(stats.tag("TerrainRenderer").usedBytes()).isEqualTo(t.getAllocatedSize());
                assertThat(stats.tag("MeshLoader").allocationCount()).isEqualTo(3);
                assertThat(stats.tag("MeshLoader").bufferCount()).isEqualTo(2);
                assertThat(stats.tag("MeshLoader").imageCount()).isEqualTo(1);
                assertThat(stats.tag("MeshLoader").requestedBytes()).isEqualTo(4000 + img.getSize());
                assertThat(mesh.getTagStats()).isEqualTo(stats.tag("MeshLoader"));
                assertThat(stats.tag("Nobody").allocationCount()).isZero();
            }
        }
    }

    @Test
    void detailedReportAndVmaJsonDescribeTheSameMemory() {
        try (AllocatorCore core = TestDevice.newCore()) {
            MemoryAllocator loader = core.allocator("SceneLoader");
            try (BufferAllocation b = loader.allocateBuffer(BufferRequest.of(2 << 20, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT,
                    MemoryUsage.GPU_ONLY).named("scene-vb"))) {
                String report = loader.printDetailedStats();
                assertThat(report).contains("SceneLoader").contains("Fragmentation").contains("Budget")
                        .contains("Active allocations:        1");
                String json = loader.getVmaStatsJson();
                assertThat(json).contains("\"Total\"").contains("scene-vb");
                assertThat(VmaTruth.freeRangesFromJson(core)).isNotEmpty();
            }
        }
    }

    @Test
    void mappedDataSurvivesStatistics() {
        // Statistics must not disturb live allocations (they briefly lock, nothing else).
        try (AllocatorCore core = TestDevice.newCore()) {
            try (BufferAllocation b = core.allocator("X").allocateBuffer(64, VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT, MemoryUsage.CPU_TO_GPU);
                 MappedMemory m = b.map()) {
                ByteBuffer bytes = m.getByteBuffer();
                bytes.putLong(0, 42L);
                core.getStats();
                core.getVmaStatsJson(true);
                assertThat(bytes.getLong(0)).isEqualTo(42L);
            }
        }
    }
}
