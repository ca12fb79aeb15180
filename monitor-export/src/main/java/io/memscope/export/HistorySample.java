package io.memscope.export;

import io.memscope.core.stats.HeapBudget;
import io.memscope.core.stats.MemoryBudget;
import io.memscope.core.stats.MemoryStats;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One point of memscope's history charts, the dashboard's and the report's: the figures of one sampler tick
 * and the allocation rate since the tick before. Made by {@link HistoryRecorder}.
 *
 * <p>Immutable; safe to share between threads. About 100 bytes plus 16 per heap.
 *
 * @param epochMillis when the sampler took the figures, wall-clock milliseconds since the epoch
 * @param usedBytes bytes of live allocations ({@link MemoryStats#usedBytes()})
 * @param allocatedBytes bytes of the device-memory blocks VMA holds ({@link MemoryStats#totalBytes()})
 * @param fragmentationRatio {@link MemoryStats#fragmentationRatio()}, 0 to 1
 * @param budgetUsageRatio usage of the budget over all heaps ({@link MemoryBudget#usagePercentage()}), a fraction
 *     (0.5 = 50 %; above 1 when over budget)
 * @param heapUsageRatios usage of its budget per heap, indexed by heap index, fractions like {@code budgetUsageRatio}
 * @param allocationsPerSecond allocations created per second since the previous sample
 * @param bytesPerSecond bytes requested by those allocations per second
 */
public record HistorySample(long epochMillis, long usedBytes, long allocatedBytes, double fragmentationRatio,
                            double budgetUsageRatio, List<Double> heapUsageRatios, double allocationsPerSecond,
                            double bytesPerSecond) {

    public HistorySample {
        heapUsageRatios = List.copyOf(heapUsageRatios);
    }

    /** The point for {@code stats} and {@code budget} sampled at {@code epochMillis}, with the rates given. */
    public static HistorySample of(long epochMillis, MemoryStats stats, MemoryBudget budget, double allocationsPerSecond,
                                   double bytesPerSecond) {
        int heapCount = budget.heaps().stream().mapToInt(HeapBudget::heapIndex).max().orElse(-1) + 1;
        Double[] heaps = new Double[heapCount];
        Arrays.fill(heaps, 0.0);
        for (HeapBudget heap : budget.heaps()) {
            heaps[heap.heapIndex()] = heap.usagePercentage();
        }
        return new HistorySample(epochMillis, stats.usedBytes(), stats.totalBytes(), stats.fragmentationRatio(),
                budget.usagePercentage(), List.of(heaps), allocationsPerSecond, bytesPerSecond);
    }

    /** {@link #epochMillis()} as an {@link Instant}. */
    public Instant time() {
        return Instant.ofEpochMilli(epochMillis);
    }
}
