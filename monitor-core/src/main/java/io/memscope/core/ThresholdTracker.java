package io.memscope.core;

import io.memscope.core.event.ThresholdCrossed.Direction;
import io.memscope.core.event.ThresholdCrossed.Kind;
import io.memscope.core.stats.HeapBudget;
import io.memscope.core.stats.MemoryBudget;
import io.memscope.core.stats.MemoryStats;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Remembers, per threshold kind and heap, whether a value is above its threshold, and reports crossings
 * with hysteresis: up when {@code value > threshold}, back down only when
 * {@code value < threshold - hysteresis}. A value oscillating around the line therefore crosses once up
 * and, when it really falls, once down.
 *
 * <p>Not thread-safe: the sampler calls it from one thread at a time (under its own lock).
 */
final class ThresholdTracker {
    private final int heapCount;
    private final boolean[] raised;

    ThresholdTracker(int heapCount) {
        this.heapCount = heapCount;
        this.raised = new boolean[Kind.values().length * (heapCount + 1)];
    }

    /**
     * Compares one value with its threshold.
     *
     * @param heapIndex the heap, or -1 for the device total
     * @return the crossing, or {@code null} if the state did not change
     */
    @Nullable Crossing evaluate(Kind kind, int heapIndex, double value, double threshold, double hysteresis) {
        if (heapIndex < -1 || heapIndex >= heapCount) {
            throw new IllegalArgumentException("heap index " + heapIndex + " outside [-1, " + heapCount + ")");
        }
        int slot = kind.ordinal() * (heapCount + 1) + heapIndex + 1;
        if (!raised[slot] && value > threshold) {
            raised[slot] = true;
            return new Crossing(kind, Direction.UP, heapIndex, value, threshold);
        }
        if (raised[slot] && value < threshold - hysteresis) {
            raised[slot] = false;
            return new Crossing(kind, Direction.DOWN, heapIndex, value, threshold);
        }
        return null;
    }

    /** Evaluates every threshold against one pair of samples; crossings in a stable order. */
    List<Crossing> evaluate(MemoryStats stats, MemoryBudget budget, MonitorThresholds t) {
        List<Crossing> crossings = new ArrayList<>();
        double h = t.hysteresis();
        for (HeapBudget heap : budget.heaps()) {
            double usage = heap.usagePercentage();
            add(crossings, evaluate(Kind.USAGE_WARNING, heap.heapIndex(), usage, t.usageWarning(), h));
            add(crossings, evaluate(Kind.USAGE_HIGH, heap.heapIndex(), usage, t.usageHigh(), h));
            add(crossings, evaluate(Kind.OVER_BUDGET, heap.heapIndex(), usage, t.overBudget(), h));
        }
        double total = budget.usagePercentage();
        add(crossings, evaluate(Kind.USAGE_WARNING, -1, total, t.usageWarning(), h));
        add(crossings, evaluate(Kind.USAGE_HIGH, -1, total, t.usageHigh(), h));
        add(crossings, evaluate(Kind.FRAGMENTATION, -1, stats.fragmentationRatio(), t.fragmentation(), h));
        return crossings;
    }

    private static void add(List<Crossing> list, @Nullable Crossing crossing) {
        if (crossing != null) {
            list.add(crossing);
        }
    }

    /** One crossing, before it becomes an event. */
    record Crossing(Kind kind, Direction direction, int heapIndex, double value, double threshold) {
    }
}
