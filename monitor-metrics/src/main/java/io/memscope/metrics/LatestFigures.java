package io.memscope.metrics;

import io.memscope.core.stats.HeapBudget;
import io.memscope.core.stats.MemoryBudget;
import io.memscope.core.stats.MemoryFigures;
import io.memscope.core.stats.MemoryStats;
import io.memscope.core.stats.TagStats;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures the gauges show: the monitor's latest statistics and budget samples, and the per-tag sums by label
 * value made once per statistics sample. A gauge reads one volatile field and an element of a list or map; it never
 * asks the monitor, so a scrape costs the same at 10 or 100 000 live allocations.
 *
 * <p>Thread-safe: one thread (the subscription's) updates, any thread reads.
 */
final class LatestFigures {
    private static final long[] NO_TAG = {0, 0};

    private final TagSlots slots;
    private volatile MemoryStats stats;
    private volatile MemoryBudget budget;
    private volatile Map<String, long[]> tags = Map.of();

    private static final MemoryStats NONE = new MemoryStats(java.time.Instant.EPOCH, MemoryFigures.EMPTY, List.of(),
            List.of(), Map.of());

    /** No statistics yet (all zero) and {@code budget}. */
    LatestFigures(MemoryBudget budget, TagSlots slots) {
        this.slots = slots;
        this.stats = NONE;
        this.budget = budget;
    }

    /** A new statistics sample; sums its tags by label value (O(tags)). */
    void update(MemoryStats sample) {
        Map<String, long[]> byLabel = new HashMap<>();
        for (TagStats tag : sample.tags().values()) {
            long[] sums = byLabel.computeIfAbsent(slots.label(tag.tag()), k -> new long[2]);
            sums[0] += tag.usedBytes();
            sums[1] += tag.allocationCount();
        }
        tags = byLabel;
        stats = sample;
    }

    /** A new budget sample. */
    void update(MemoryBudget sample) {
        budget = sample;
    }

    MemoryStats stats() {
        return stats;
    }

    MemoryBudget budget() {
        return budget;
    }

    /** The heap's figures in the latest statistics sample, {@link MemoryFigures#EMPTY} if it has no such heap. */
    MemoryFigures heap(int index) {
        List<io.memscope.core.stats.HeapStats> heaps = stats.heaps();
        return index < heaps.size() ? heaps.get(index).figures() : MemoryFigures.EMPTY;
    }

    /** The heap's entry in the latest budget sample, or {@code null}. */
    @org.jspecify.annotations.Nullable HeapBudget heapBudget(int index) {
        List<HeapBudget> heaps = budget.heaps();
        return index < heaps.size() ? heaps.get(index) : null;
    }

    double budgetBytes(int index) {
        HeapBudget heap = heapBudget(index);
        return heap != null ? heap.budgetBytes() : 0;
    }

    double usageBytes(int index) {
        HeapBudget heap = heapBudget(index);
        return heap != null ? heap.usageBytes() : 0;
    }

    double heapSizeBytes(int index) {
        HeapBudget heap = heapBudget(index);
        return heap != null ? heap.heapSizeBytes() : 0;
    }

    /** usage / heap size of the latest budget sample, 0..1 (above 1 only if the driver counts more than the heap). */
    double utilization(int index) {
        HeapBudget heap = heapBudget(index);
        return heap == null || heap.heapSizeBytes() == 0 ? 0 : (double) heap.usageBytes() / heap.heapSizeBytes();
    }

    /** Bytes of the live allocations of the tags with this label value, in the latest statistics sample. */
    double tagUsedBytes(String label) {
        return tags.getOrDefault(label, NO_TAG)[0];
    }

    /** Live allocations of the tags with this label value, in the latest statistics sample. */
    double tagAllocations(String label) {
        return tags.getOrDefault(label, NO_TAG)[1];
    }
}
