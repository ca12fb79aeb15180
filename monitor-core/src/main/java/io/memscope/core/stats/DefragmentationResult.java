package io.memscope.core.stats;

import java.time.Duration;

/**
 * What a defragmentation did, with the figures before and after.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param algorithm the algorithm used (FAST, BALANCED, FULL, EXTENSIVE)
 * @param bytesMoved bytes copied to new places
 * @param allocationsMoved allocations that moved
 * @param bytesFreed bytes of the {@code VkDeviceMemory} blocks released during the run (their sizes as allocated,
 *                   from memscope's record of VMA's device-memory callbacks, not VMA's own estimate)
 * @param blocksFreed {@code VkDeviceMemory} blocks released
 * @param fragmentationBefore device fragmentation ratio before ({@link MemoryFigures#fragmentationRatio()})
 * @param fragmentationAfter device fragmentation ratio after
 * @param usedBytesBefore bytes of live allocations before
 * @param usedBytesAfter bytes of live allocations after (equal unless other threads allocated meanwhile)
 * @param totalBytesBefore bytes of all blocks before
 * @param totalBytesAfter bytes of all blocks after
 * @param passes defragmentation passes run
 * @param duration wall time from begin to end
 * @param complete whether VMA found nothing more to move; {@code false} when a step budget stopped it early
 */
public record DefragmentationResult(String algorithm, long bytesMoved, int allocationsMoved, long bytesFreed,
                                    int blocksFreed, double fragmentationBefore, double fragmentationAfter,
                                    long usedBytesBefore, long usedBytesAfter, long totalBytesBefore,
                                    long totalBytesAfter, int passes, Duration duration, boolean complete) {
}
