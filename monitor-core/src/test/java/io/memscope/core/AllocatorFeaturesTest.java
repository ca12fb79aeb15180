package io.memscope.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lwjgl.util.vma.Vma.*;
import static org.lwjgl.vulkan.VK10.*;

import io.memscope.core.exceptions.InvalidAllocationRequestException;
import io.memscope.core.exceptions.OutOfDeviceMemoryException;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Strategies, batch allocation, alignment and large custom blocks (seed examples 3, 5 and 6). */
class AllocatorFeaturesTest {
    private static final long MIB = 1L << 20;
    private static final int VERTEX_INDEX_UNIFORM = VK_BUFFER_USAGE_VERTEX_BUFFER_BIT | VK_BUFFER_USAGE_INDEX_BUFFER_BIT
            | VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT;

    private AllocatorCore core;

    @BeforeEach
    void setUp() {
        core = TestDevice.newCore();
    }

    @AfterEach
    void tearDown() {
        if (!core.isClosed()) {
            assertThat(core.closeAndReportLeaks()).isEmpty();
        }
    }

    @Test
    void strategiesMapToVmaFlagsAndAllocate() {
        assertThat(AllocationStrategy.DEFAULT.vmaFlags()).isZero();
        assertThat(AllocationStrategy.SPEED_OPTIMIZED.vmaFlags()).isEqualTo(VMA_ALLOCATION_CREATE_STRATEGY_MIN_TIME_BIT);
        assertThat(AllocationStrategy.MEMORY_OPTIMIZED.vmaFlags()).isEqualTo(VMA_ALLOCATION_CREATE_STRATEGY_MIN_MEMORY_BIT);
        MemoryAllocator allocator = core.allocator("SceneLoader");
        for (AllocationStrategy strategy : AllocationStrategy.values()) {
            allocator.setAllocationStrategy(strategy);
            assertThat(allocator.getAllocationStrategy()).isEqualTo(strategy);
            allocator.allocateBuffer(4096, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, MemoryUsage.GPU_ONLY).close();
        }
    }

    @Test
    void memoryUsagesMapToAutoUsagesWithHostAccessFlags() {
        assertThat(MemoryUsage.GPU_ONLY.vmaUsage()).isEqualTo(VMA_MEMORY_USAGE_AUTO_PREFER_DEVICE);
        assertThat(MemoryUsage.GPU_ONLY.hostAccessFlags()).isZero();
        assertThat(MemoryUsage.CPU_TO_GPU.vmaUsage()).isEqualTo(VMA_MEMORY_USAGE_AUTO);
        assertThat(MemoryUsage.CPU_TO_GPU.hostAccessFlags()).isEqualTo(VMA_ALLOCATION_CREATE_HOST_ACCESS_SEQUENTIAL_WRITE_BIT);
        assertThat(MemoryUsage.GPU_TO_CPU.hostAccessFlags()).isEqualTo(VMA_ALLOCATION_CREATE_HOST_ACCESS_RANDOM_BIT);
        assertThat(MemoryUsage.CPU_ONLY.vmaUsage()).isEqualTo(VMA_MEMORY_USAGE_AUTO_PREFER_HOST);
        for (MemoryUsage usage : MemoryUsage.values()) {
            assertThat(usage.vmaUsage()).as("no deprecated VMA usage").isBetween(VMA_MEMORY_USAGE_AUTO, VMA_MEMORY_USAGE_AUTO_PREFER_HOST);
        }
    }

    @Test
    void batchAllocatesEverySizeInOrder() {
        MemoryAllocator allocator = core.allocator("SceneLoader");
        allocator.setAllocationStrategy(AllocationStrategy.SPEED_OPTIMIZED);
        long[] sizes = {48_000, 12_000, 256, 96_000, 24_000, 256};
        List<BufferAllocation> batch = allocator.allocateBufferBatch(sizes, VERTEX_INDEX_UNIFORM, MemoryUsage.GPU_ONLY);
        assertThat(batch).hasSize(sizes.length);
        for (int i = 0; i < sizes.length; i++) {
            assertThat(batch.get(i).getSize()).isEqualTo(sizes[i]);
            assertThat(batch.get(i).getUsageFlags()).isEqualTo(VERTEX_INDEX_UNIFORM);
        }
        assertThat(allocator.getTagStats().allocationCount()).isEqualTo(sizes.length);
        batch.forEach(BufferAllocation::close);
    }

    @Test
    void failedBatchFreesWhatItMadeAndThrows() {
        core.close();
        core = TestDevice.newCore(64 * MIB);
        MemoryAllocator allocator = core.allocator("SceneLoader");
        BufferAllocation bystander = allocator.allocateBuffer(MIB, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY);
        int before = core.getLiveAllocationCount();
        // each size fits a heap, together they fit none (every heap is limited to 64 MiB)
        long[] sizes = new long[3 + 2 * core.getMemoryLayout().heaps().size() + 1];
        java.util.Arrays.fill(sizes, 60 * MIB);
        sizes[0] = MIB;
        sizes[1] = 2 * MIB;
        sizes[2] = 3 * MIB;
        assertThatThrownBy(() -> allocator.allocateBufferBatch(sizes, VERTEX_INDEX_UNIFORM, MemoryUsage.GPU_ONLY))
                .isInstanceOf(OutOfDeviceMemoryException.class)
                .hasMessageContaining("60 MiB");
        assertThat(core.getLiveAllocationCount()).isEqualTo(before);
        assertThat(allocator.getTagStats().allocationCount()).isEqualTo(1);
        VmaTruth.assertLedgerMatchesVma(core);
        assertThat(bystander.isLive()).isTrue();
        bystander.close();
    }

    @Test
    void aBatchWithOneImpossibleSizeIsRejectedBeforeAnythingIsCreated() {
        core.close();
        core = TestDevice.newCore(64 * MIB);
        MemoryAllocator allocator = core.allocator("SceneLoader");
        TestSubscriber<io.memscope.core.event.AllocationEvent> events = core.monitor().allocations().test();
        long[] sizes = new long[120];
        java.util.Arrays.fill(sizes, MIB / 4);
        sizes[57] = 65 * MIB; // above the limited heap: can never succeed
        assertThatThrownBy(() -> allocator.allocateBufferBatch(sizes, VERTEX_INDEX_UNIFORM, MemoryUsage.GPU_ONLY))
                .isInstanceOf(InvalidAllocationRequestException.class)
                .hasMessageContaining("batch size #57").hasMessageContaining("65 MiB").hasMessageContaining("heapSizeLimit");
        sizes[57] = -1;
        assertThatThrownBy(() -> allocator.allocateBufferBatch(sizes, VERTEX_INDEX_UNIFORM, MemoryUsage.GPU_ONLY))
                .isInstanceOf(InvalidAllocationRequestException.class).hasMessageContaining("batch size #57 must be > 0");
        assertThatThrownBy(() -> allocator.allocateBufferBatch(new long[] {MIB}, 0, MemoryUsage.GPU_ONLY))
                .isInstanceOf(InvalidAllocationRequestException.class).hasMessageContaining("usage");
        assertThatThrownBy(() -> allocator.allocateBuffer(65 * MIB, VERTEX_INDEX_UNIFORM, MemoryUsage.GPU_ONLY))
                .isInstanceOf(InvalidAllocationRequestException.class).hasMessageContaining("heapSizeLimit");
        assertThat(core.getLiveAllocationCount()).isZero();

        // nothing was created, so the first event the monitor publishes is this buffer's
        allocator.allocateBuffer(BufferRequest.of(MIB, VERTEX_INDEX_UNIFORM, MemoryUsage.GPU_ONLY).named("after")).close();
        events.awaitCount(1);
        assertThat(events.values().get(0).allocation().name()).isEqualTo("after");
        events.cancel();
    }

    @Test
    void bufferAlignmentIsHonouredOnVmasOffsets() {
        MemoryAllocator plain = core.allocator("Plain");
        MemoryAllocator aligned = core.allocator("BufferManager");
        aligned.setBufferAlignment(4096);
        List<BufferAllocation> held = new ArrayList<>();
        boolean plainUnaligned = false;
        for (int i = 0; i < 64; i++) {
            BufferAllocation p = plain.allocateBuffer(100 + i, VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT, MemoryUsage.GPU_ONLY);
            plainUnaligned |= p.getOffset() % 4096 != 0;
            held.add(p);
            BufferAllocation a = aligned.allocateBuffer(100 + i, VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT, MemoryUsage.GPU_ONLY);
            assertThat(a.getOffset() % 4096).as("offset %d of buffer %d", a.getOffset(), i).isZero();
            held.add(a);
        }
        assertThat(plainUnaligned).as("without the setting, small buffers pack tighter than 4096").isTrue();
        VmaTruth.assertLedgerMatchesVma(core);
        held.forEach(BufferAllocation::close);
    }

    @Test
    void customBufferSizeGivesLargeBlocks() {
        MemoryAllocator terrain = core.allocator("TerrainRenderer");
        MemoryAllocator other = core.allocator("Other");
        assertThat(terrain.setCustomBufferSize(128 * MIB)).isTrue();
        assertThat(terrain.getCustomBufferSize()).isEqualTo(128 * MIB);
        try (BufferAllocation lod = terrain.allocateBuffer(6 * MIB, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, MemoryUsage.GPU_ONLY);
             BufferAllocation small = other.allocateBuffer(6 * MIB, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, MemoryUsage.GPU_ONLY)) {
            assertThat(blockSizeOf(lod)).isEqualTo(128 * MIB);
            assertThat(blockSizeOf(small)).isNotEqualTo(128 * MIB);
            assertThat(core.getVmaStatsJson(false)).contains("\"BlockBytes\"");
            // A buffer larger than the block gets a dedicated block of its own.
            try (BufferAllocation huge = terrain.allocateBuffer(200 * MIB, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, MemoryUsage.GPU_ONLY)) {
                assertThat(blockSizeOf(huge)).isEqualTo(huge.getAllocatedSize());
                VmaTruth.assertLedgerMatchesVma(core);
            }
        }
        assertThat(terrain.setCustomBufferSize(core.getMemoryLayout().largestHeapBytes() * 2)).isFalse();
        assertThat(terrain.getCustomBufferSize()).isEqualTo(128 * MIB);
    }

    private long blockSizeOf(Allocation allocation) {
        return core.engine().ledgerBlockSize(allocation.getDeviceMemory()); // fed by VMA's device-memory callbacks
    }
}
