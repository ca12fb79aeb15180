package io.memscope.core;

import io.memscope.core.internal.FreeRanges;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Derives {@link MemoryStats} from the ledger: groups live allocations by block, sorts each block's
 * allocations by offset and takes the gaps (and the tail) as free ranges. O(n log n) in live allocations;
 * runs on request or in a sampler, never on the allocation path. Not thread-safe; one per computation.
 */
final class StatsCalculator {
    private final DeviceMemoryLayout layout;

    StatsCalculator(DeviceMemoryLayout layout) {
        this.layout = layout;
    }

    /** Mutable accumulator of one scope's figures. */
    private static final class Scope {
        long totalBytes;
        long usedBytes;
        long allocationCount;
        long blockCount;
        final FreeRanges free = new FreeRanges();

        void addAll(Scope other) {
            totalBytes += other.totalBytes;
            usedBytes += other.usedBytes;
            allocationCount += other.allocationCount;
            blockCount += other.blockCount;
            free.addAll(other.free);
        }

        MemoryFigures figures() {
            return new MemoryFigures(totalBytes, usedBytes, allocationCount, blockCount, free.count(),
                    free.largestBytes(), free.fragmentation());
        }
    }

    private static final class TagScope {
        long count;
        long usedBytes;
        long requestedBytes;
        long buffers;
        long images;
    }

    MemoryStats compute(List<Ledger.Block> blocks, List<Allocation> allocations) {
        int typeCount = layout.types().size();
        Scope[] types = new Scope[typeCount];
        for (int i = 0; i < typeCount; i++) {
            types[i] = new Scope();
        }
        Map<Long, List<Allocation>> byBlock = new HashMap<>();
        Map<String, TagScope> tags = new TreeMap<>();
        for (Allocation a : allocations) {
            byBlock.computeIfAbsent(a.deviceMemory, k -> new ArrayList<>()).add(a);
            Scope type = types[a.memoryTypeIndex];
            type.allocationCount++;
            type.usedBytes += a.allocatedSize;
            TagScope tag = tags.computeIfAbsent(a.getTag(), k -> new TagScope());
            tag.count++;
            tag.usedBytes += a.allocatedSize;
            tag.requestedBytes += a.getSize();
            if (a.getKind() == AllocationKind.BUFFER) {
                tag.buffers++;
            } else {
                tag.images++;
            }
        }
        for (Ledger.Block block : blocks) {
            Scope type = types[block.memoryTypeIndex()];
            type.blockCount++;
            type.totalBytes += block.sizeBytes();
            addFreeRanges(block.sizeBytes(), byBlock.getOrDefault(block.deviceMemory(), List.of()), type.free);
        }
        return assemble(types, tags);
    }

    /** Adds the gaps between {@code inBlock}'s allocations (sorted here by offset) and the block's tail. */
    static void addFreeRanges(long blockSize, List<Allocation> inBlock, FreeRanges into) {
        long[] offsets = new long[inBlock.size()];
        long[] ends = new long[inBlock.size()];
        int n = 0;
        for (Allocation a : inBlock) {
            offsets[n] = a.offset;
            ends[n] = a.offset + a.allocatedSize;
            n++;
        }
        sortByOffset(offsets, ends);
        long cursor = 0;
        for (int i = 0; i < n; i++) {
            into.add(offsets[i] - cursor);
            cursor = Math.max(cursor, ends[i]);
        }
        into.add(blockSize - cursor);
    }

    /** Sorts both arrays by {@code offsets}; allocations in one block never overlap, so pairs stay matched. */
    private static void sortByOffset(long[] offsets, long[] ends) {
        boolean sorted = true;
        for (int i = 1; i < offsets.length && sorted; i++) {
            sorted = offsets[i - 1] <= offsets[i];
        }
        if (sorted) {
            return;
        }
        java.util.Arrays.sort(offsets);
        java.util.Arrays.sort(ends);
    }

    private MemoryStats assemble(Scope[] types, Map<String, TagScope> tags) {
        int heapCount = layout.heaps().size();
        Scope[] heaps = new Scope[heapCount];
        for (int i = 0; i < heapCount; i++) {
            heaps[i] = new Scope();
        }
        Scope total = new Scope();
        List<MemoryTypeStats> typeStats = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            MemoryTypeInfo info = layout.type(i);
            heaps[info.heapIndex()].addAll(types[i]);
            total.addAll(types[i]);
            typeStats.add(new MemoryTypeStats(i, info.heapIndex(), info.propertyFlags(), types[i].figures()));
        }
        List<HeapStats> heapStats = new ArrayList<>();
        for (int i = 0; i < heapCount; i++) {
            MemoryHeapInfo info = layout.heap(i);
            heapStats.add(new HeapStats(i, info.deviceLocal(), info.sizeBytes(), heaps[i].figures()));
        }
        Map<String, TagStats> tagStats = new TreeMap<>();
        tags.forEach((tag, s) -> tagStats.put(tag,
                new TagStats(tag, s.count, s.usedBytes, s.requestedBytes, s.buffers, s.images)));
        return new MemoryStats(Instant.now(), total.figures(), heapStats, typeStats, tagStats);
    }
}
