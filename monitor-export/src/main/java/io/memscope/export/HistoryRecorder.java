package io.memscope.export;

import io.memscope.core.event.AllocationCreated;
import io.memscope.core.event.BudgetSampled;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.event.StatsSampled;
import io.memscope.core.stats.MemoryBudget;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Turns a monitor's event stream into {@link HistorySample}s, the points of the history charts: one per
 * {@link StatsSampled}, with the latest {@link BudgetSampled} (before the first one, the budget
 * {@code budgetUntilSampled} gives) and the allocation rate since the sample before, counted from
 * {@link AllocationCreated} events and timed on the events' own monotonic clock. The dashboard and the headless
 * report both use it, so they plot the same points.
 *
 * <p><b>Threading.</b> Feed it every event of one stream, from that stream's delivery thread: {@link #accept}
 * must not run on two threads at once (its counters are confined to the caller's thread). The sink runs on
 * that thread too. Cost per event: O(1), plus O(heaps) and the sink's cost per stats sample.
 */
public final class HistoryRecorder implements Consumer<MemoryEvent> {
    private final Supplier<MemoryBudget> budgetUntilSampled;
    private final Consumer<HistorySample> sink;
    private @Nullable MemoryBudget latestBudget;
    private long allocations;
    private long bytes;
    private long previousNanos = System.nanoTime();
    private long previousAllocations;
    private long previousBytes;

    /**
     * @param budgetUntilSampled the budget to use until the first {@link BudgetSampled} arrives (for instance
     *     {@code monitor::getMemoryBudget}); called on the delivery thread
     * @param sink receives each sample, on the delivery thread
     */
    public HistoryRecorder(Supplier<MemoryBudget> budgetUntilSampled, Consumer<HistorySample> sink) {
        this.budgetUntilSampled = budgetUntilSampled;
        this.sink = sink;
    }

    /** Takes one event of the stream; other event types than those named above are ignored. */
    @Override
    public void accept(MemoryEvent event) {
        if (event instanceof AllocationCreated created) {
            allocations++;
            bytes += created.allocation().sizeBytes();
        } else if (event instanceof BudgetSampled budget) {
            latestBudget = budget.budget();
        } else if (event instanceof StatsSampled stats) {
            sink.accept(sample(stats));
        }
    }

    private HistorySample sample(StatsSampled stats) {
        long nanos = stats.header().monotonicNanos();
        double allocationRate = 0;
        double byteRate = 0;
        // A sample not after the one before has no interval to divide by: one from another JVM can be older than this
        // recorder (its events arrive a second late), so its rate is unknown (0), and counting starts from it.
        if (nanos > previousNanos) {
            double seconds = (nanos - previousNanos) / 1e9;
            allocationRate = (allocations - previousAllocations) / seconds;
            byteRate = (bytes - previousBytes) / seconds;
        }
        previousNanos = nanos;
        previousAllocations = allocations;
        previousBytes = bytes;
        MemoryBudget budget = latestBudget != null ? latestBudget : budgetUntilSampled.get();
        return HistorySample.of(stats.header().epochMillis(), stats.stats(), budget, allocationRate, byteRate);
    }
}
