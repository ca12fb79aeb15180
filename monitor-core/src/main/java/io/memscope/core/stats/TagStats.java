package io.memscope.core.stats;

import io.memscope.core.Allocation;

/**
 * What one tag (subsystem, e.g. {@code "TerrainRenderer"}) holds. All facades with the same tag add up.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param tag the allocator tag
 * @param allocationCount live allocations
 * @param usedBytes bytes VMA reserved for them ({@link Allocation#getAllocatedSize()} summed)
 * @param requestedBytes bytes asked for ({@link Allocation#getSize()} summed)
 * @param bufferCount live buffers
 * @param imageCount live images
 */
public record TagStats(String tag, long allocationCount, long usedBytes, long requestedBytes, long bufferCount,
                       long imageCount) {
}
