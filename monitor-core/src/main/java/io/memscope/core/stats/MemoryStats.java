package io.memscope.core.stats;

import io.memscope.core.AllocatorCore;
import io.memscope.core.MemoryAllocator;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A consistent picture of the device's memory at one instant: totals, per heap, per memory type and per
 * tag. From {@link AllocatorCore#getStats()} or {@link MemoryAllocator#getStats()}.
 *
 * <p>The top-level accessors ({@link #usedBytes()}, {@link #fragmentationRatio()}, ...) are the device
 * totals, named as C++ VMA wrappers' {@code AllocationStats} named them.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param takenAt wall-clock time of the snapshot
 * @param total the device totals
 * @param heaps one entry per heap, by index
 * @param memoryTypes one entry per memory type, by index
 * @param tags per tag, iterated in tag order
 * @param pools one entry per custom pool (allocators with their own block size), by memory type then block size;
 *     empty where the source does not know them (captures and attached monitors carry device, heap and type
 *     figures only)
 * @param tagBlocks per tag, the figures of the blocks that hold at least one of its allocations (a block shared by
 *     two tags counts for both; its free ranges are the block's, whoever left them). Iterated in tag order; empty
 *     where the source does not know them
 */
public record MemoryStats(Instant takenAt, MemoryFigures total, List<HeapStats> heaps,
                          List<MemoryTypeStats> memoryTypes, Map<String, TagStats> tags, List<PoolStats> pools,
                          Map<String, MemoryFigures> tagBlocks) {
    public MemoryStats {
        heaps = List.copyOf(heaps);
        memoryTypes = List.copyOf(memoryTypes);
        tags = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(tags));
        pools = List.copyOf(pools);
        tagBlocks = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(tagBlocks));
    }

    /** Statistics without pool and per-tag block figures (sources that do not know blocks). */
    public MemoryStats(Instant takenAt, MemoryFigures total, List<HeapStats> heaps, List<MemoryTypeStats> memoryTypes,
                       Map<String, TagStats> tags) {
        this(takenAt, total, heaps, memoryTypes, tags, List.of(), Map.of());
    }

    /** Bytes of all blocks ({@link MemoryFigures#totalBytes()}). */
    public long totalBytes() {
        return total.totalBytes();
    }

    /** Bytes of all live allocations ({@link MemoryFigures#usedBytes()}). */
    public long usedBytes() {
        return total.usedBytes();
    }

    public long allocationCount() {
        return total.allocationCount();
    }

    public long blockCount() {
        return total.blockCount();
    }

    /** Device-wide fragmentation, see {@link MemoryFigures#fragmentationRatio()}. */
    public double fragmentationRatio() {
        return total.fragmentationRatio();
    }

    /** The figures of {@code tag}, all zero if it holds nothing. */
    public TagStats tag(String tag) {
        TagStats stats = tags.get(tag);
        return stats != null ? stats : new TagStats(tag, 0, 0, 0, 0, 0);
    }
}
