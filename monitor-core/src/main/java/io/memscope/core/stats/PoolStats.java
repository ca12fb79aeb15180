package io.memscope.core.stats;

/**
 * {@link MemoryFigures} of one VMA custom pool: the blocks of one memory type and one fixed block size that
 * allocators with {@link io.memscope.core.MemoryAllocator#setCustomBufferSize} (or a buffer alignment) allocate
 * from. Seen next to the device figures, they show a badly fragmented pool that the device-wide number hides behind
 * large empty blocks elsewhere. An empty block of the pool counts as one free range of its full size, as everywhere.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param label the tags that allocated from the pool, in first-use order, joined with {@code "+"}
 * @param memoryTypeIndex the pool's memory type
 * @param blockSizeBytes the pool's block size in bytes
 * @param figures the pool's blocks and the allocations inside them
 */
public record PoolStats(String label, int memoryTypeIndex, long blockSizeBytes, MemoryFigures figures) {
}
