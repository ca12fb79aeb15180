package io.memscope.core.stats;

import org.jspecify.annotations.Nullable;

/**
 * One {@code VkDeviceMemory} block as the memory map shows it: a range of device memory VMA got from the driver
 * and places allocations in.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param deviceMemory the {@code VkDeviceMemory} handle
 * @param memoryTypeIndex the block's Vulkan memory type
 * @param heapIndex the heap of that memory type
 * @param sizeBytes the block's size in bytes; when {@code sizeKnown} is false, the end of its last known
 *     allocation (a lower bound)
 * @param pool the tag of the allocator whose custom pool (fixed block size) owns the block, or {@code null} for
 *     VMA's default pools
 * @param dedicated whether the block is a dedicated allocation (one allocation that owns all of it)
 * @param sizeKnown whether {@code sizeBytes} is the block's real size (false where only the allocations inside it
 *     are known, e.g. a capture recorded without block records)
 */
public record MemoryBlock(long deviceMemory, int memoryTypeIndex, int heapIndex, long sizeBytes,
                          @Nullable String pool, boolean dedicated, boolean sizeKnown) {
    public MemoryBlock {
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must be >= 0: " + sizeBytes);
        }
        if (memoryTypeIndex < 0 || heapIndex < 0) {
            throw new IllegalArgumentException("memory type and heap indexes must be >= 0: " + memoryTypeIndex
                    + ", " + heapIndex);
        }
    }
}
