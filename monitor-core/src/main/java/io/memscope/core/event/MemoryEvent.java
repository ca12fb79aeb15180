package io.memscope.core.event;

import java.time.Instant;

/**
 * Something that happened to GPU memory. The hierarchy is sealed: a {@code switch} (Java 21) or Kotlin
 * {@code when} over it is exhaustive, and so is a chain of {@code instanceof} patterns checked by tests.
 *
 * <p>Events are immutable records; safe to share between threads and keep.
 */
public sealed interface MemoryEvent
        permits AllocationEvent, SampleEvent, ThresholdCrossed, DefragmentationEvent, SnapshotTaken, LeakReported,
        EventsDropped {

    /** Sequence, time, tag and thread of this event. */
    EventHeader header();

    /** {@link EventHeader#sequence()}. */
    default long sequence() {
        return header().sequence();
    }

    /** {@link EventHeader#tag()}. */
    default String tag() {
        return header().tag();
    }

    /** {@link EventHeader#time()}. */
    default Instant time() {
        return header().time();
    }
}
