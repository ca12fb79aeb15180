package io.memscope.core;

import io.memscope.core.internal.FreeRangeScan;
import io.memscope.core.internal.FreeRanges;
import io.memscope.core.stats.DeviceMemoryLayout;
import io.memscope.core.stats.HeapStats;
import io.memscope.core.stats.MemoryFigures;
import io.memscope.core.stats.MemoryHeapInfo;
import io.memscope.core.stats.MemoryStats;
import io.memscope.core.stats.MemoryTypeInfo;
import io.memscope.core.stats.MemoryTypeStats;
import io.memscope.core.stats.TagStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Derives {@link MemoryStats} from the ledger: counts per memory type and tag, and takes every block's
 * free ranges with {@link FreeRangeScan}. O(n log n) in live allocations;
 * runs on request or in a sampler, never on the allocation path. Not thread-safe; one per computation.
 */
final class StatsCalculator {
    private final DeviceMemoryLayout layout;
    private final long[] usableHeapBytes;

    /** @param usableHeapBytes each heap's size as VMA may use it (lowered to the heap size limit) */
    StatsCalculator(DeviceMemoryLayout layout, long[] usableHeapBytes) {
        this.layout = layout;
        this.usableHeapBytes = usableHeapBytes;
    }

    MemoryStats compute(List<Ledger.Block> blocks, List<Allocation> allocations) {
        int typeCount = layout.types().size();
        Scope[] types = new Scope[typeCount];
        for (int i = 0; i < typeCount; i++) {
            types[i] = new Scope();
        }
        int n = allocations.size();
        long[] memory = new long[n];
        long[] offset = new long[n];
        long[] size = new long[n];
        Map<String, TagScope> tags = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            Allocation a = allocations.get(i);
            memory[i] = a.deviceMemory;
            offset[i] = a.offset;
            size[i] = a.allocatedSize;
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
        int blockCount = blocks.size();
        long[] blockMemory = new long[blockCount];
        long[] blockSize = new long[blockCount];
        FreeRanges[] rangesByBlock = new FreeRanges[blockCount];
        for (int b = 0; b < blockCount; b++) {
            Ledger.Block block = blocks.get(b);
            blockMemory[b] = block.deviceMemory();
            blockSize[b] = block.sizeBytes();
            Scope type = types[block.memoryTypeIndex()];
            type.blockCount++;
            type.totalBytes += block.sizeBytes();
            rangesByBlock[b] = type.free; // a block's ranges go straight into its memory type's pool
        }
        FreeRangeScan.scan(blockMemory, blockSize, memory, offset, size, n, rangesByBlock);
        return assemble(types, tags);
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
            heapStats.add(new HeapStats(i, info.deviceLocal(), usableHeapBytes[i], heaps[i].figures()));
        }
        Map<String, TagStats> tagStats = new TreeMap<>();
        tags.forEach((tag, s) -> tagStats.put(tag,
                new TagStats(tag, s.count, s.usedBytes, s.requestedBytes, s.buffers, s.images)));
        return new MemoryStats(Instant.now(), total.figures(), heapStats, typeStats, tagStats);
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
}
