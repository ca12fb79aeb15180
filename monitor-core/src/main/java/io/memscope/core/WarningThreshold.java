package io.memscope.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One facade's usage-warning threshold: remembers per heap whether usage is above it and tells listeners
 * on every crossing, up or down. Thread-safe; evaluation costs one {@code vmaGetHeapBudgets} and only runs
 * while a listener is registered.
 */
final class WarningThreshold {
    private static final Logger LOG = LoggerFactory.getLogger(WarningThreshold.class);

    private final String tag;
    private final List<MemoryWarningListener> listeners = new CopyOnWriteArrayList<>();
    private final boolean[] above;
    private volatile double threshold = 1.0;

    WarningThreshold(String tag, int heapCount) {
        this.tag = tag;
        this.above = new boolean[heapCount];
    }

    void setThreshold(double fraction) {
        if (!(fraction > 0.0 && fraction <= 1.0)) {
            throw new IllegalArgumentException("warning threshold must be in (0, 1], was " + fraction);
        }
        threshold = fraction;
    }

    double threshold() {
        return threshold;
    }

    AutoCloseable addListener(MemoryWarningListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    boolean isWatched() {
        return !listeners.isEmpty();
    }

    /** Compares {@code usageFraction} of {@code heap} with the threshold and notifies on a crossing. */
    void evaluate(int heap, double usageFraction) {
        double limit = threshold;
        boolean nowAbove = usageFraction > limit;
        boolean changed;
        synchronized (above) {
            changed = above[heap] != nowAbove;
            above[heap] = nowAbove;
        }
        if (!changed) {
            return;
        }
        MemoryWarning warning = new MemoryWarning(tag, heap, usageFraction, limit, nowAbove);
        if (nowAbove) {
            LOG.warn("[{}] heap {} usage {}% crossed the warning threshold {}%", tag, heap,
                    Math.round(usageFraction * 1000) / 10.0, Math.round(limit * 1000) / 10.0);
        }
        for (MemoryWarningListener listener : listeners) {
            try {
                listener.onWarning(warning);
            } catch (RuntimeException e) {
                LOG.error("memory warning listener failed", e);
            }
        }
    }
}
