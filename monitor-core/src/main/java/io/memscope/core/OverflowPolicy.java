package io.memscope.core;

/**
 * What a {@link MemoryMonitor}'s event streams do when a subscriber (or the hub itself) falls behind.
 * Chosen once, in {@link MonitorOptions}.
 */
public enum OverflowPolicy {
    /**
     * Every event reaches every subscriber exactly once. Each subscriber has a bounded buffer; when one is
     * full the hub's drain thread waits for that subscriber, and when the hub's intake queue is full too,
     * <b>allocating threads wait</b> (spin, then park in microsecond steps) until there is room. They never
     * fail and never lose an event, but a subscriber that stops requesting stalls allocation: use it for
     * capture and tests, with subscribers that keep up. A waiting allocating thread holds its core's lock, so
     * the core's other allocating threads wait too, and a subscriber must not call that core's allocator from
     * {@code onNext} (it would wait for the lock of a producer that waits for it).
     */
    LOSSLESS,
    /**
     * Allocating threads never wait. A subscriber whose buffer is full loses its oldest buffered event; a
     * full intake queue loses the newest. Losses are counted exactly and reported as
     * {@link io.memscope.core.event.EventsDropped}. The default.
     */
    DROP_OLDEST,
    /**
     * Like {@link #DROP_OLDEST} with a buffer of one event per subscriber: a slow subscriber always gets
     * the most recent event. For gauges that only need the current state.
     */
    LATEST
}
