package io.memscope.core.event;

import java.time.Instant;

/**
 * What every {@link MemoryEvent} carries.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param sequence the hub's number for this event: 1, 2, 3, ... without gaps over everything the hub
 *     published. A subscriber that lost events to its overflow policy sees an {@link EventsDropped} that
 *     accounts for every missing number.
 * @param monotonicNanos when it happened, on {@link System#nanoTime()}'s clock. Allocation events are
 *     stamped from a coarse clock (about 1 ms precision, never ahead); sampled events precisely.
 * @param epochMillis the same instant as wall-clock milliseconds since the epoch
 * @param tag the tag of the {@link io.memscope.core.MemoryAllocator} that caused it, or {@link #DEVICE}
 *     for device-wide events (samples, thresholds)
 * @param thread name of the thread that caused it
 */
public record EventHeader(long sequence, long monotonicNanos, long epochMillis, String tag, String thread) {
    /** The tag of device-wide events. */
    public static final String DEVICE = "*";

    /** {@link #epochMillis()} as an {@link Instant}. */
    public Instant time() {
        return Instant.ofEpochMilli(epochMillis);
    }
}
