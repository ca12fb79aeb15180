package io.memscope.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lwjgl.vulkan.VK10.*;

import io.memscope.core.event.AllocationInfo;
import io.memscope.core.stats.MemoryBlock;
import io.memscope.core.stats.MemoryFigures;
import io.memscope.core.stats.MemoryStats;
import io.memscope.core.stats.PoolStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The memory map, per-pool and per-tag block figures of a real core, and {@link MemoryMap#of}'s edge cases. */
class MemoryMapTest {
    private static final int STORAGE = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

    @Test
    void mapPlacesEveryAllocationInItsBlockWithPoolAndDedicatedMarked() {
        try (AllocatorCore core = TestDevice.newCore()) {
            MemoryAllocator plain = core.allocator("Plain");
            MemoryAllocator pooled = core.allocator("Pooled");
            pooled.setCustomBufferSize(8L << 20);
            try (BufferAllocation a = plain.allocateBuffer(4096, STORAGE, MemoryUsage.GPU_ONLY);
                 BufferAllocation b = plain.allocateBuffer(BufferRequest.of(64 * 1024, STORAGE, MemoryUsage.GPU_ONLY)
                         .withDedicatedMemory());
                 BufferAllocation c = pooled.allocateBuffer(12_288, STORAGE, MemoryUsage.GPU_ONLY);
                 ImageAllocation image = plain.allocateImage(ImageRequest.texture2D(64, 64, VK_FORMAT_R8G8B8A8_UNORM,
                         VK_IMAGE_USAGE_SAMPLED_BIT))) {
                MemoryMap map = core.monitor().getMemoryMap();

                assertThat(map.allocationCount()).isEqualTo(4);
                MemoryMap.BlockPlacements dedicated = blockOf(map, b);
                assertThat(dedicated.block().dedicated()).isTrue();
                assertThat(dedicated.block().sizeBytes()).isEqualTo(b.getAllocatedSize());
                assertThat(dedicated.allocations()).extracting(AllocationInfo::id).containsExactly(b.getId());
                MemoryMap.BlockPlacements pool = blockOf(map, c);
                assertThat(pool.block().pool()).isEqualTo("Pooled");
                assertThat(pool.block().sizeBytes()).isEqualTo(8L << 20);
                assertThat(pool.block().dedicated()).isFalse();
                assertThat(blockOf(map, a).block().pool()).isNull();
                assertThat(blockOf(map, a).block().dedicated()).isFalse();
                assertThat(map.blocks()).allMatch(p -> p.block().sizeKnown());
                assertThat(map.allocationAt(a.getDeviceMemory(), a.getOffset() + 1)).map(AllocationInfo::id)
                        .contains(a.getId());
                assertThat(map.allocationAt(image.getDeviceMemory(), image.getOffset())).map(AllocationInfo::kind)
                        .contains(AllocationKind.IMAGE);
                assertThat(pool.allocationAt(c.getOffset() + c.getAllocatedSize())).as("just past it: free")
                        .isEmpty();
                assertThat(pool.freeBytes()).isEqualTo((8L << 20) - c.getAllocatedSize());
                VmaTruth.assertMapAndPoolsMatchVmaJson(core.engine());
            }
        }
    }

    @Test
    void aFragmentedPoolShowsInItsOwnFiguresWhileTheDeviceFigureLooksCalm() {
        try (AllocatorCore core = TestDevice.newCore()) {
            MemoryAllocator pooled = core.allocator("Streaming");
            pooled.setCustomBufferSize(4L << 20);
            MemoryAllocator big = core.allocator("Terrain");
            List<BufferAllocation> buffers = new ArrayList<>();
            for (int i = 0; i < 256; i++) {
                buffers.add(pooled.allocateBuffer(16 * 1024, STORAGE, MemoryUsage.GPU_ONLY));
            }
            for (int i = 0; i < buffers.size(); i += 2) {
                buffers.get(i).close(); // every other one: the pool's block is all holes
            }
            try (BufferAllocation terrain = big.allocateBuffer(1 << 20, STORAGE, MemoryUsage.GPU_ONLY)) {
                MemoryStats stats = core.getStats();
                assertThat(stats.pools()).singleElement().satisfies(pool -> {
                    assertThat(pool.label()).isEqualTo("Streaming");
                    assertThat(pool.blockSizeBytes()).isEqualTo(4L << 20);
                    assertThat(pool.figures().allocationCount()).isEqualTo(128);
                    assertThat(pool.figures().fragmentationRatio()).isGreaterThan(0.85);
                });
                PoolStats pool = stats.pools().get(0);
                assertThat(stats.fragmentationRatio()).as("the big default block's free tail hides the pool")
                        .isLessThan(pool.figures().fragmentationRatio() / 2);
                assertThat(stats.tagBlocks()).containsOnlyKeys("Streaming", "Terrain");
                assertThat(stats.tagBlocks().get("Streaming")).isEqualTo(pool.figures());
                MemoryFigures terrainBlocks = stats.tagBlocks().get("Terrain");
                assertThat(terrainBlocks.allocationCount()).isEqualTo(1);
                assertThat(terrainBlocks.freeRangeCount()).isEqualTo(1);
                assertThat(terrainBlocks.fragmentationRatio()).isZero();
                VmaTruth.assertMapAndPoolsMatchVmaJson(core.engine());
            } finally {
                buffers.stream().filter(Allocation::isLive).forEach(Allocation::close);
            }
            assertThat(core.getStats().tagBlocks()).as("no live allocations, no tag").isEmpty();
            assertThat(core.getStats().pools()).as("the pool's block stays until VMA frees it")
                    .allSatisfy(p -> assertThat(p.figures().allocationCount()).isZero());
        }
    }

    @Test
    void figuresStayEqualToVmaThroughHeavyChurnInOneBlock() {
        try (AllocatorCore core = TestDevice.newCore()) {
            MemoryAllocator allocator = core.allocator("Churn");
            Random random = new Random(16);
            List<BufferAllocation> live = new ArrayList<>();
            for (int round = 0; round < 20; round++) {
                for (int i = 0; i < 200; i++) {
                    live.add(allocator.allocateBuffer(256 + random.nextInt(8192), STORAGE, MemoryUsage.GPU_ONLY));
                }
                for (int i = 0; i < 150; i++) {
                    live.remove(random.nextInt(live.size())).close();
                }
                VmaTruth.assertLedgerMatchesVma(core);
                VmaTruth.assertFreeRangesMatchVmaJson(core.engine());
            }
            VmaTruth.assertMapAndPoolsMatchVmaJson(core.engine());
            live.forEach(Allocation::close);
        }
    }

    @Test
    void ofInfersBlocksItDoesNotKnowAndRefusesDuplicates() {
        AllocationInfo first = info(1, 0xA, 4096, 1024);
        AllocationInfo second = info(2, 0xA, 0, 512);
        MemoryMap inferred = MemoryMap.of(5, List.of(), List.of(first, second));
        assertThat(inferred.blocks()).singleElement().satisfies(p -> {
            assertThat(p.block().sizeKnown()).isFalse();
            assertThat(p.block().sizeBytes()).as("a lower bound: the end of its last allocation").isEqualTo(5120);
            assertThat(p.allocations()).extracting(AllocationInfo::id).containsExactly(2L, 1L);
        });
        assertThat(MemoryMap.of(0, List.of(), List.of()).blocks()).isEmpty();
        MemoryBlock block = new MemoryBlock(0xA, 0, 0, 1 << 20, null, false, true);
        MemoryBlock empty = new MemoryBlock(0xB, 0, 0, 1 << 20, "Pool", false, true);
        MemoryMap known = MemoryMap.of(5, List.of(empty, block), List.of(first));
        assertThat(known.blocks()).extracting(p -> p.block().deviceMemory()).containsExactly(0xAL, 0xBL);
        assertThat(known.blocks().get(1).allocations()).as("an empty block is listed").isEmpty();
        assertThat(known.blocks().get(1).freeBytes()).isEqualTo(1 << 20);
        assertThatThrownBy(() -> MemoryMap.of(5, List.of(block, block), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("given twice");
        assertThatThrownBy(() -> new MemoryBlock(1, 0, 0, -1, null, false, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MemoryMap.of(5, List.of(), List.of(first, first)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allocation 1 given twice");
        assertThatThrownBy(() -> MemoryMap.of(5, List.of(), List.of(info(3, 0xA, -1, 10))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> MemoryMap.of(5, List.of(), List.of(info(3, 0xA, Long.MAX_VALUE, 10))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overflowing");
        assertThatThrownBy(() -> MemoryMap.of(5, null, List.of())).isInstanceOf(NullPointerException.class)
                .hasMessage("blocks");
    }

    private static AllocationInfo info(long id, long memory, long offset, long size) {
        return new AllocationInfo(id, "T", AllocationKind.BUFFER, null, size, size, MemoryUsage.GPU_ONLY, 0, 0, memory,
                offset, 0, 0);
    }

    private static MemoryMap.BlockPlacements blockOf(MemoryMap map, Allocation allocation) {
        return map.blocks().stream().filter(p -> p.block().deviceMemory() == allocation.getDeviceMemory())
                .findFirst().orElseThrow();
    }
}
