package io.memscope.export.capture;

import io.memscope.core.AllocationStrategy;

/**
 * Settings of a {@link Replay}: the allocator the capture's allocation sequence is replayed on.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param strategy the allocation strategy of every replaying facade (the capture does not record the strategy the
 *     application used; {@link AllocationStrategy#DEFAULT} unless told otherwise)
 * @param preferredLargeHeapBlockSize VMA's block size for large heaps ({@code AllocatorOptions}); 0 = VMA's default
 *     (256 MiB; the capture does not record the block size either)
 * @param heapSizeLimitBytes the per-heap limit of the replaying allocator ({@code AllocatorOptions.withHeapSizeLimit});
 *     {@link #AS_CAPTURED} = the limit the captured core had (its {@code memscope.DeviceLayout}), 0 = none
 * @param statsEvery besides every point where the capture sampled and every step where the block bytes change,
 *     the replay computes full statistics ({@code getStats()}, O(live allocations)) every {@code statsEvery} steps;
 *     at least 1
 */
public record ReplayOptions(AllocationStrategy strategy, long preferredLargeHeapBlockSize, long heapSizeLimitBytes,
                            int statsEvery) {
    /** {@link #heapSizeLimitBytes()}: the limit the captured core had. */
    public static final long AS_CAPTURED = -1;

    public ReplayOptions {
        if (preferredLargeHeapBlockSize < 0 || heapSizeLimitBytes < AS_CAPTURED || statsEvery < 1) {
            throw new IllegalArgumentException("block size and heap limit must be >= 0 (heap limit -1: as captured), "
                    + "statsEvery >= 1; were " + preferredLargeHeapBlockSize + ", " + heapSizeLimitBytes + ", "
                    + statsEvery);
        }
    }

    /** The capture's settings as far as it records them: default strategy, VMA's block size, the captured heap limit. */
    public static ReplayOptions defaults() {
        return new ReplayOptions(AllocationStrategy.DEFAULT, 0, AS_CAPTURED, 64);
    }

    public ReplayOptions withStrategy(AllocationStrategy value) {
        return new ReplayOptions(value, preferredLargeHeapBlockSize, heapSizeLimitBytes, statsEvery);
    }

    public ReplayOptions withPreferredLargeHeapBlockSize(long bytes) {
        return new ReplayOptions(strategy, bytes, heapSizeLimitBytes, statsEvery);
    }

    public ReplayOptions withHeapSizeLimit(long bytes) {
        return new ReplayOptions(strategy, preferredLargeHeapBlockSize, bytes, statsEvery);
    }

    public ReplayOptions withStatsEvery(int steps) {
        return new ReplayOptions(strategy, preferredLargeHeapBlockSize, heapSizeLimitBytes, steps);
    }
}
