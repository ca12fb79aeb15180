package io.memscope.core;

import io.memscope.core.event.ThresholdCrossed;
import io.memscope.core.stats.HeapBudget;
import io.memscope.core.stats.MemoryBudget;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One facade's usage-warning threshold, on the monitor's threshold mechanism ({@link ThresholdTracker}, with the
 * monitor's hysteresis): every crossing, up or down, goes to this facade's listeners as a {@link MemoryWarning}
 * and to the monitor's streams as a {@link ThresholdCrossed} of kind {@code TAG_USAGE} carrying the tag.
 *
 * <p>Evaluated after each allocation and free of the facade and on every monitor sample, but only while watched
 * (a threshold below 1 or a listener registered). Thread-safe; an evaluation costs one {@code vmaGetHeapBudgets}.
 */
final class WarningThreshold {
    private static final Logger LOG = LoggerFactory.getLogger(WarningThreshold.class);

    private final String tag;
    private final InProcessMonitor monitor;
    /** Guarded by itself. */
    private final ThresholdTracker tracker;
    private final List<MemoryWarningListener> listeners = new CopyOnWriteArrayList<>();
    private volatile double threshold = 1.0;

    WarningThreshold(String tag, InProcessMonitor monitor, int heapCount) {
        this.tag = tag;
        this.monitor = monitor;
        this.tracker = new ThresholdTracker(heapCount);
    }

    synchronized void setThreshold(double fraction) {
        if (!(fraction > 0.0 && fraction <= 1.0)) {
            throw new IllegalArgumentException("warning threshold must be in (0, 1], was " + fraction);
        }
        threshold = fraction;
        updateWatch();
    }

    double threshold() {
        return threshold;
    }

    synchronized AutoCloseable addListener(MemoryWarningListener listener) {
        listeners.add(listener);
        updateWatch();
        return () -> {
            synchronized (this) {
                listeners.remove(listener);
                updateWatch();
            }
        };
    }

    boolean isWatched() {
        return threshold < 1.0 || !listeners.isEmpty();
    }

    private void updateWatch() {
        if (isWatched()) {
            monitor.watch(this);
        } else {
            monitor.unwatch(this);
        }
    }

    /** Evaluates every heap of {@code budget}. */
    void evaluate(MemoryBudget budget) {
        for (HeapBudget heap : budget.heaps()) {
            evaluate(heap.heapIndex(), heap.usagePercentage());
        }
    }

    /** Compares {@code usageFraction} of {@code heap} with the threshold; publishes and notifies a crossing. */
    void evaluate(int heap, double usageFraction) {
        ThresholdTracker.Crossing crossing;
        synchronized (tracker) {
            crossing = tracker.evaluate(ThresholdCrossed.Kind.TAG_USAGE, heap, usageFraction, threshold,
                    monitor.getThresholds().hysteresis());
        }
        if (crossing == null) {
            return;
        }
        String scope = monitor.thresholdCrossed(tag, crossing);
        MemoryWarning warning = new MemoryWarning(tag, heap, usageFraction, crossing.threshold(),
                crossing.direction() == ThresholdCrossed.Direction.UP, scope);
        for (MemoryWarningListener listener : listeners) {
            try {
                listener.onWarning(warning);
            } catch (RuntimeException e) {
                LOG.error("memory warning listener failed", e);
            }
        }
    }
}
