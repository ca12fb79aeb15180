package io.memscope.core;

import io.memscope.core.internal.FreeRanges;
import io.memscope.core.stats.DeviceMemoryLayout;
import io.memscope.core.stats.HeapStats;
import io.memscope.core.stats.MemoryFigures;
import io.memscope.core.stats.MemoryHeapInfo;
import io.memscope.core.stats.MemoryStats;
import io.memscope.core.stats.MemoryTypeInfo;
import io.memscope.core.stats.MemoryTypeStats;
import io.memscope.core.stats.PoolStats;
import io.memscope.core.stats.TagStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Derives {@link MemoryStats} from the ledger's running totals: counts per memory type and tag are kept by the
 * ledger, free ranges per block by each {@link LedgerBlock} (rebuilt only for blocks that changed since they were
 * last read). O(blocks + tags + pools) plus O(k) per changed block of k allocations; runs on request or in a
 * sampler, never on the allocation path. Caller holds the core lock. Not thread-safe; one per computation.
 */
final class StatsCalculator {
    private final DeviceMemoryLayout layout;
    private final long[] usableHeapBytes;

    /** @param usableHeapBytes each heap's size as VMA may use it (lowered to the heap size limit) */
    StatsCalculator(DeviceMemoryLayout layout, long[] usableHeapBytes) {
        this.layout = layout;
        this.usableHeapBytes = usableHeapBytes;
    }

    MemoryStats compute(Ledger ledger) {
        int typeCount = layout.types().size();
        Scope[] types = new Scope[typeCount];
        for (int i = 0; i < typeCount; i++) {
            types[i] = new Scope();
        }
        Map<CustomPools.Pool, Scope> pools = new HashMap<>();
        Map<TagTotals, Scope> tagBlocks = new IdentityHashMap<>();
        for (LedgerBlock block : ledger.blocks()) {
            FreeRanges free = block.freeRanges();
            Scope type = types[block.memoryTypeIndex];
            type.addBlockWithAllocations(block, free);
            if (block.pool != null) {
                pools.computeIfAbsent(block.pool, p -> new Scope()).addBlockWithAllocations(block, free);
            }
            for (TagTotals tag : block.tags()) {
                tagBlocks.computeIfAbsent(tag, t -> new Scope()).addBlockWithAllocations(block, free);
            }
        }
        Map<String, TagStats> tagStats = new TreeMap<>();
        for (TagTotals t : ledger.tags()) {
            if (t.count == 0) {
                continue;
            }
            tagStats.put(t.tag, new TagStats(t.tag, t.count, t.usedBytes, t.requestedBytes, t.buffers, t.images));
        }
        Map<String, MemoryFigures> tagBlockFigures = new TreeMap<>();
        tagBlocks.forEach((tag, scope) -> tagBlockFigures.put(tag.tag, scope.figures()));
        List<PoolStats> poolStats = new ArrayList<>();
        pools.forEach((pool, scope) -> poolStats.add(new PoolStats(pool.label(), pool.key.memoryTypeIndex(),
                pool.key.blockSize(), scope.figures())));
        poolStats.sort(Comparator.comparingInt(PoolStats::memoryTypeIndex).thenComparingLong(PoolStats::blockSizeBytes)
                .thenComparing(PoolStats::label));
        return assemble(types, tagStats, poolStats, tagBlockFigures);
    }

    private MemoryStats assemble(Scope[] types, Map<String, TagStats> tagStats, List<PoolStats> pools,
                                 Map<String, MemoryFigures> tagBlocks) {
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
        return new MemoryStats(Instant.now(), total.figures(), heapStats, typeStats, tagStats, pools, tagBlocks);
    }

    /** Mutable accumulator of one scope's figures. */
    private static final class Scope {
        long totalBytes;
        long usedBytes;
        long allocationCount;
        long blockCount;
        final FreeRanges free = new FreeRanges();

        /** Adds a block with its free ranges and the allocations inside it. */
        void addBlockWithAllocations(LedgerBlock block, FreeRanges blockFree) {
            blockCount++;
            totalBytes += block.sizeBytes;
            free.addAll(blockFree);
            allocationCount += block.allocationCount();
            usedBytes += block.usedBytes();
        }

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
}
