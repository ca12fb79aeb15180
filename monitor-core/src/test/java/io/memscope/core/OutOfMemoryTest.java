package io.memscope.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.lwjgl.vulkan.VK10.*;

import io.memscope.core.exceptions.OutOfDeviceMemoryException;
import io.memscope.core.stats.MemoryHeapInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Filling a heap ends in OutOfDeviceMemoryException naming the code and the request; afterwards allocation works again. */
class OutOfMemoryTest {
    private static final long MIB = 1L << 20;

    /**
     * Fills the device's real heaps. VMA moves GPU_ONLY requests to host heaps when device memory is full,
     * so on a large multi-heap GPU this would pin tens of GiB of host RAM; there the limited-heap test below
     * covers the same path, and this one runs only where all heaps together are at most 16 GiB (lavapipe).
     */
    @Test
    void fillingTheRealHeapEndsInOutOfDeviceMemoryAndRecovers() {
        long allHeaps = TestDevice.context().getMemoryLayout().heaps().stream().mapToLong(MemoryHeapInfo::sizeBytes).sum();
        assumeTrue(allHeaps <= 16L << 30, () -> "all heaps together are at most 16 GiB, were " + allHeaps + " bytes");
        try (AllocatorCore core = TestDevice.newCore()) {
            fillRecoverAndClean(core, core.getMemoryLayout().largestHeapBytes() / 8);
        }
    }

    @Test
    void fillingALimitedHeapEndsInOutOfDeviceMemoryAndRecovers() {
        try (AllocatorCore core = TestDevice.newCore(128 * MIB)) {
            fillRecoverAndClean(core, 8 * MIB);
        }
    }

    private static void fillRecoverAndClean(AllocatorCore core, long chunk) {
        MemoryAllocator allocator = core.allocator("Filler");
        List<BufferAllocation> held = new ArrayList<>();
        OutOfDeviceMemoryException failure = null;
        // VMA falls back to other heaps when the preferred one is full: every heap (as limited) can fill.
        long allHeaps = core.getMemoryLayout().heaps().stream()
                .mapToLong(h -> core.getHeapSizeLimit() > 0 ? Math.min(h.sizeBytes(), core.getHeapSizeLimit()) : h.sizeBytes())
                .sum();
        int maxChunks = (int) (allHeaps / chunk) + 4;
        for (int i = 0; i < maxChunks && failure == null; i++) {
            try {
                held.add(allocator.allocateBuffer(BufferRequest.of(chunk, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY)
                        .named("chunk " + i)));
            } catch (OutOfDeviceMemoryException e) {
                failure = e;
            }
        }
        assertThat(failure).as("the heap must fill up").isNotNull();
        assertThat(held).isNotEmpty();
        assertThat(failure.getResultCode()).isIn(VK_ERROR_OUT_OF_DEVICE_MEMORY, VK_ERROR_OUT_OF_HOST_MEMORY);
        assertThat(failure.getMessage()).contains("vmaCreateBuffer").contains("VK_ERROR_OUT_OF").contains("tag=Filler")
                .contains("chunk " + held.size());
        assertThat(core.getLiveAllocationCount()).as("the failed request left nothing behind").isEqualTo(held.size());
        VmaTruth.assertLedgerMatchesVma(core);

        held.remove(held.size() - 1).close();
        BufferAllocation again = allocator.allocateBuffer(chunk, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY);
        assertThat(again.isLive()).isTrue();
        again.close();
        held.forEach(BufferAllocation::close);
        assertThat(core.getLiveAllocationCount()).isZero();
        VmaTruth.assertLedgerMatchesVma(core);
    }
}
