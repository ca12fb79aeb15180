package io.memscope.core.event;

/**
 * A figure crossed a threshold: one of the monitor's ({@link io.memscope.core.MonitorThresholds}, evaluated on
 * every sample, header tag {@link EventHeader#DEVICE}) or a facade's own usage warning level
 * ({@link io.memscope.core.MemoryAllocator#setMemoryUsageWarningThreshold}, kind {@link Kind#TAG_USAGE}, header
 * tag the facade's). Both come from one mechanism with hysteresis: after an {@link Direction#UP} crossing, the
 * next {@link Direction#DOWN} one needs the value to fall below {@code threshold - hysteresis}
 * ({@link io.memscope.core.MonitorThresholds#hysteresis()}), so a value hovering at the line does not flood.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param kind which threshold
 * @param direction whether the value rose above it or fell back below it
 * @param heapIndex the heap it concerns, or -1 for the device total
 * @param value the sampled value (a fraction: 0.93 = 93 %)
 * @param threshold the threshold it crossed (a fraction)
 * @param scope what the value measures, in words: {@code "all heaps"}, {@code "heap 0 (device-local)"},
 *              {@code "tag TerrainRenderer, heap 0 (device-local)"}
 */
public record ThresholdCrossed(EventHeader header, Kind kind, Direction direction, int heapIndex, double value,
                               double threshold, String scope) implements MemoryEvent {
    /** The figure a threshold watches. */
    public enum Kind {
        /** usage / budget above the warning level (default 0.8). */
        USAGE_WARNING,
        /** usage / budget above the high level (default 0.9). */
        USAGE_HIGH,
        /** device fragmentation ratio above its threshold (default 0.4). */
        FRAGMENTATION,
        /** usage above budget (threshold 1.0). */
        OVER_BUDGET,
        /** usage / budget of a heap above a facade's own warning level (the header's tag names the facade). */
        TAG_USAGE
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
