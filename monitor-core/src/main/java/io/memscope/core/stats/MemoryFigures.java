package io.memscope.core.stats;

/**
 * Figures of one scope (the device, a heap or a memory type), computed from memscope's ledger of live
 * allocations and the {@code VkDeviceMemory} blocks VMA holds. They equal what {@code vmaCalculateStatistics}
 * reports for the same scope (cross-checked in tests).
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param totalBytes bytes of all {@code VkDeviceMemory} blocks (VMA's {@code blockBytes}); what the driver gave out
 * @param usedBytes bytes of all live allocations (VMA's {@code allocationBytes}); {@code <= totalBytes}
 * @param allocationCount live allocations
 * @param blockCount {@code VkDeviceMemory} blocks, dedicated allocations included
 * @param freeRangeCount free ranges inside the blocks (VMA's {@code unusedRangeCount})
 * @param largestFreeRangeBytes the largest free range: the biggest request that fits without a new block
 * @param fragmentationRatio {@code 1 - sqrt(sum(Ui^2)) / sum(Ui)} over the free-range sizes {@code Ui}
 *     (Sawicki's metric, see {@code docs/allocator.md}); {@code 0} = all free memory in one range or none free,
 *     towards {@code 1} = free memory split into many small ranges. Range {@code [0, 1)}.
 */
public record MemoryFigures(long totalBytes, long usedBytes, long allocationCount, long blockCount,
                            long freeRangeCount, long largestFreeRangeBytes, double fragmentationRatio) {

    /** No memory at all. */
    public static final MemoryFigures EMPTY = new MemoryFigures(0, 0, 0, 0, 0, 0, 0.0);

    /** {@code totalBytes - usedBytes}: reserved in blocks but not allocated. */
    public long unusedBytes() {
        return totalBytes - usedBytes;
    }
}
