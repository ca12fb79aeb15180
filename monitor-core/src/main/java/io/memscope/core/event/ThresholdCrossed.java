package io.memscope.core.event;

/**
 * A sampled figure crossed a threshold of {@link io.memscope.core.MonitorThresholds}. Crossings have
 * hysteresis: after an {@link Direction#UP} crossing, the next {@link Direction#DOWN} one needs the value to
 * fall below {@code threshold - hysteresis}, so a value hovering at the line does not flood.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param kind which threshold
 * @param direction whether the value rose above it or fell back below it
 * @param heapIndex the heap it concerns, or -1 for the device total
 * @param value the sampled value (a fraction: 0.93 = 93 %)
 * @param threshold the threshold it crossed (a fraction)
 */
public record ThresholdCrossed(EventHeader header, Kind kind, Direction direction, int heapIndex, double value,
                               double threshold) implements MemoryEvent {
    /** The figure a threshold watches. */
    public enum Kind {
        /** usage / budget above the warning level (default 0.8). */
        USAGE_WARNING,
        /** usage / budget above the high level (default 0.9). */
        USAGE_HIGH,
        /** device fragmentation ratio above its threshold (default 0.4). */
        FRAGMENTATION,
        /** usage above budget (threshold 1.0). */
        OVER_BUDGET
    }

    /** Which way the value crossed. */
    public enum Direction {
        UP, DOWN
    }

    /** Whether this crossing starts a warning (rather than ends one). */
    public boolean isRaised() {
        return direction == Direction.UP;
    }
}
