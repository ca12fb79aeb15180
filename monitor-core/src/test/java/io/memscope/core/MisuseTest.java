package io.memscope.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.lwjgl.vulkan.VK10.*;

import io.memscope.core.exceptions.AllocationFreedException;
import io.memscope.core.exceptions.AllocationMappedException;
import io.memscope.core.exceptions.AllocatorClosedException;
import io.memscope.core.exceptions.ForeignAllocationException;
import io.memscope.core.exceptions.InvalidAllocationRequestException;
import io.memscope.core.exceptions.MemoryNotHostVisibleException;
import io.memscope.core.exceptions.OutOfDeviceMemoryException;
import io.memscope.core.stats.MemoryTypeInfo;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every misuse DESIGN.md names throws a specific exception before any native call, and the allocator stays usable. */
class MisuseTest {
    private AllocatorCore core;
    private MemoryAllocator allocator;

    @BeforeEach
    void setUp() {
        core = TestDevice.newCore();
        allocator = core.allocator("Misuse");
    }

    @AfterEach
    void stillUsableThenClean() {
        if (!core.isClosed()) {
            try (BufferAllocation ok = allocator.allocateBuffer(1024, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY)) {
                assertThat(ok.isLive()).isTrue();
            }
            VmaTruth.assertLedgerMatchesVma(core);
            assertThat(core.closeAndReportLeaks()).isEmpty();
        }
    }

    private BufferAllocation hostBuffer() {
        return allocator.allocateBuffer(256, VK_BUFFER_USAGE_TRANSFER_SRC_BIT, MemoryUsage.CPU_TO_GPU);
    }

    @Test
    void doubleFreeThrowsAndLeavesLedgerIntact() {
        BufferAllocation buffer = hostBuffer();
        BufferAllocation other = hostBuffer();
        buffer.close();
        assertThatThrownBy(buffer::close).isInstanceOf(AllocationFreedException.class)
                .hasMessageContaining("free").hasMessageContaining("already freed").hasMessageContaining("Misuse");
        assertThatThrownBy(() -> allocator.destroyBuffer(buffer)).isInstanceOf(AllocationFreedException.class);
        assertThat(core.getLiveAllocationCount()).isEqualTo(1);
        assertThat(other.isLive()).isTrue();
        other.close();
    }

    @Test
    void useAfterFreeThrows() {
        BufferAllocation buffer = allocator.allocateBuffer(BufferRequest.of(256,
                VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT, MemoryUsage.CPU_TO_GPU).withPersistentMapping());
        buffer.close();
        assertThatThrownBy(buffer::map).isInstanceOf(AllocationFreedException.class).hasMessageContaining("map");
        assertThatThrownBy(buffer::flush).isInstanceOf(AllocationFreedException.class);
        assertThatThrownBy(buffer::invalidate).isInstanceOf(AllocationFreedException.class);
        assertThatThrownBy(buffer::getPersistentMapping).isInstanceOf(AllocationFreedException.class);
        GpuTransfers transfers = new GpuTransfers(allocator);
        assertThatThrownBy(() -> transfers.readBack(buffer)).isInstanceOf(AllocationFreedException.class);
        assertThat(core.getLiveAllocationCount()).as("the read-back staging buffer was released").isZero();
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 2, unit = java.util.concurrent.TimeUnit.MINUTES)
    void concurrentDoubleFreeFreesExactlyOnce() throws Exception {
        for (int round = 0; round < 50; round++) {
            BufferAllocation buffer = hostBuffer();
            int[] failures = new int[1];
            Runnable free = () -> {
                try {
                    buffer.close();
                } catch (AllocationFreedException e) {
                    synchronized (failures) {
                        failures[0]++;
                    }
                }
            };
            Thread a = new Thread(free);
            Thread b = new Thread(free);
            a.start();
            b.start();
            a.join();
            b.join();
            assertThat(failures[0]).isEqualTo(1);
        }
    }

    @Test
    void allocationOfAnotherCoreIsRejected() {
        try (AllocatorCore other = TestDevice.newCore()) {
            BufferAllocation foreign = other.allocator("Other").allocateBuffer(128, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY);
            assertThatThrownBy(() -> allocator.free(foreign)).isInstanceOf(ForeignAllocationException.class)
                    .hasMessageContaining("another AllocatorCore");
            assertThatThrownBy(() -> allocator.map(foreign)).isInstanceOf(ForeignAllocationException.class);
            assertThat(foreign.isLive()).isTrue();
            foreign.close();
        }
    }

    @Test
    void facadesOfTheSameCoreMayFreeEachOthersAllocations() {
        BufferAllocation buffer = core.allocator("Owner").allocateBuffer(128, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY);
        allocator.free(buffer);
        assertThat(buffer.isLive()).isFalse();
    }

    @Test
    void mappingDeviceOnlyMemoryIsRejected() {
        List<MemoryTypeInfo> types = core.getMemoryLayout().types();
        assumeTrue(types.stream().anyMatch(t -> !t.isHostVisible()),
                "needs a memory type that is not HOST_VISIBLE (a discrete GPU; lavapipe has none)");
        BufferAllocation buffer = null;
        for (int i = 0; i < 4 && (buffer == null || buffer.isHostVisible()); i++) {
            if (buffer != null) {
                buffer.close();
            }
            buffer = allocator.allocateBuffer(BufferRequest.of(1 << 20, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY));
        }
        assumeFalse(buffer.isHostVisible(), "VMA placed GPU_ONLY memory in a HOST_VISIBLE type");
        BufferAllocation deviceOnly = buffer;
        assertThatThrownBy(deviceOnly::map).isInstanceOf(MemoryNotHostVisibleException.class)
                .hasMessageContaining("not HOST_VISIBLE");
        deviceOnly.close();
    }

    @Test
    void freeingWhileMappedIsRejectedUntilTheMappingCloses() {
        BufferAllocation buffer = hostBuffer();
        MappedMemory mapped = buffer.map();
        assertThatThrownBy(buffer::close).isInstanceOf(AllocationMappedException.class).hasMessageContaining("mapping");
        assertThat(buffer.isLive()).isTrue();
        mapped.close();
        mapped.close(); // idempotent
        assertThatThrownBy(mapped::getByteBuffer).isInstanceOf(IllegalStateException.class);
        buffer.close();
    }

    @Test
    void impossibleSizesAndFlagsAreRejectedBeforeVma() {
        int before = core.getLiveAllocationCount();
        assertThatThrownBy(() -> allocator.allocateBuffer(0, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY))
                .isInstanceOf(InvalidAllocationRequestException.class).hasMessageContaining("> 0");
        assertThatThrownBy(() -> allocator.allocateBuffer(-5, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY))
                .isInstanceOf(InvalidAllocationRequestException.class);
        assertThatThrownBy(() -> allocator.allocateBuffer(Long.MAX_VALUE, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY))
                .isInstanceOf(InvalidAllocationRequestException.class).hasMessageContaining("largest memory heap");
        assertThatThrownBy(() -> allocator.allocateBuffer(1 << 20, 0, MemoryUsage.GPU_ONLY))
                .isInstanceOf(InvalidAllocationRequestException.class).hasMessageContaining("usage");
        assertThatThrownBy(() -> allocator.allocateBuffer(BufferRequest.of(64, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                MemoryUsage.GPU_ONLY).withPersistentMapping()))
                .isInstanceOf(InvalidAllocationRequestException.class).hasMessageContaining("persistent mapping");
        assertThatThrownBy(() -> allocator.allocateBufferBatch(new long[] {64, 0}, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY))
                .isInstanceOf(InvalidAllocationRequestException.class).hasMessageContaining("#1");
        assertThat(core.getLiveAllocationCount()).isEqualTo(before);
    }

    /** Edges an outside review found: each is rejected with a clear exception and leaves nothing behind. */
    @Test
    void overlappingCopiesNegativePrewarmsAndNullBatchSizesAreRejected() {
        int before = core.getLiveAllocationCount();
        try (BufferAllocation buffer = allocator.allocateBuffer(4096, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY)) {
            GpuTransfers transfers = new GpuTransfers(core.allocator("Staging"));
            assertThatThrownBy(() -> transfers.copyBuffer(buffer, 0, buffer, 8, 64))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlaps");
            transfers.copyBuffer(buffer, 0, buffer, 64, 64); // adjacent ranges are fine
        }
        BufferPool pool = allocator.createBufferPool("Vertex", VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, MemoryUsage.GPU_ONLY);
        assertThatThrownBy(() -> pool.prewarm(1024, -1)).isInstanceOf(IllegalArgumentException.class);
        java.util.List<Long> sizes = new java.util.ArrayList<>(List.of(64L, 64L));
        sizes.add(null);
        assertThatThrownBy(() -> allocator.allocateBufferBatch(sizes, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY))
                .isInstanceOf(InvalidAllocationRequestException.class).hasMessageContaining("#2");
        assertThat(core.getLiveAllocationCount()).isEqualTo(before);
    }

    /** A prewarm that cannot be completed frees what it made (all or nothing). */
    @Test
    void aPrewarmThatRunsOutOfMemoryLeavesNothingBehind() {
        core.close();
        core = TestDevice.newCore(64L << 20);
        allocator = core.allocator("Misuse");
        BufferPool pool = allocator.createBufferPool("Big", VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY);
        int heaps = core.getMemoryLayout().heaps().size();
        assertThatThrownBy(() -> pool.prewarm(60L << 20, 2 * heaps + 1)).isInstanceOf(OutOfDeviceMemoryException.class);
        assertThat(core.getLiveAllocationCount()).isZero();
        assertThat(pool.getStats().freeBuffers()).isZero();
    }

    @Test
    void impossibleImagesAreRejectedBeforeVma() {
        int usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT;
        assertThatThrownBy(() -> allocator.allocateImage(ImageRequest.texture2D(0, 16, VK_FORMAT_R8G8B8A8_UNORM, usage)))
                .isInstanceOf(InvalidAllocationRequestException.class).hasMessageContaining("extent");
        assertThatThrownBy(() -> allocator.allocateImage(ImageRequest.texture2D(16, 16, VK_FORMAT_R8G8B8A8_UNORM, usage).withMipLevels(6)))
                .isInstanceOf(InvalidAllocationRequestException.class).hasMessageContaining("mipLevels must be in [1, 5]");
        assertThatThrownBy(() -> allocator.allocateImage(ImageRequest.texture2D(16, 16, VK_FORMAT_UNDEFINED, usage)))
                .isInstanceOf(InvalidAllocationRequestException.class).hasMessageContaining("UNDEFINED");
        assertThatThrownBy(() -> allocator.allocateImage(ImageRequest.texture2D(1 << 20, 16, VK_FORMAT_R8G8B8A8_UNORM, usage)))
                .isInstanceOf(InvalidAllocationRequestException.class).hasMessageContaining("exceeds the device");
        // Depth formats cannot be storage images on lavapipe or any common GPU.
        assertThatThrownBy(() -> allocator.allocateImage(ImageRequest.texture2D(16, 16, VK_FORMAT_D32_SFLOAT_S8_UINT,
                VK_IMAGE_USAGE_STORAGE_BIT)))
                .isInstanceOf(InvalidAllocationRequestException.class).hasMessageContaining("cannot create images");
        assertThat(core.getLiveAllocationCount()).isZero();
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThatThrownBy(() -> allocator.setBufferAlignment(3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> allocator.setBufferAlignment(-64)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> allocator.setCustomBufferSize(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> core.allocator(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(allocator.getBufferAlignment()).isZero();
    }

    @Test
    void everyCallAfterCloseThrowsAllocatorClosed() {
        BufferAllocation leaked = hostBuffer();
        assertThat(core.closeAndReportLeaks()).hasSize(1);
        assertThatThrownBy(() -> allocator.allocateBuffer(64, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY))
                .isInstanceOf(AllocatorClosedException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> allocator.allocateImage(ImageRequest.texture2D(4, 4, VK_FORMAT_R8G8B8A8_UNORM, VK_IMAGE_USAGE_SAMPLED_BIT)))
                .isInstanceOf(AllocatorClosedException.class);
        assertThatThrownBy(leaked::close).isInstanceOf(AllocatorClosedException.class);
        assertThatThrownBy(leaked::map).isInstanceOf(AllocatorClosedException.class);
        assertThatThrownBy(core::getStats).isInstanceOf(AllocatorClosedException.class);
        assertThatThrownBy(core::getMemoryBudget).isInstanceOf(AllocatorClosedException.class);
        assertThatThrownBy(() -> core.getVmaStatsJson(false)).isInstanceOf(AllocatorClosedException.class);
        assertThatThrownBy(() -> core.allocator("Late")).isInstanceOf(AllocatorClosedException.class);
        assertThatThrownBy(() -> core.withVma(vma -> vma)).isInstanceOf(AllocatorClosedException.class);
        assertThatThrownBy(() -> core.setCurrentFrameIndex(1)).isInstanceOf(AllocatorClosedException.class);
        assertThat(leaked.isLive()).isFalse();
        assertThat(core.closeAndReportLeaks()).as("second close").isEmpty();
    }
}
