package io.memscope.core.internal.events;

import io.memscope.core.event.MemoryEvent;

/**
 * An event as recorded on the thread that caused it, before the hub numbers it. Completing it (building
 * the immutable record) happens on the hub's drain thread, so the recording thread pays only for this
 * small object and one queue offer.
 */
public interface PendingEvent {
    /**
     * Builds the published record.
     *
     * @param sequence the hub's gap-free number for it
     * @param clock converts the recorded {@code System.nanoTime()} to wall-clock time
     */
    MemoryEvent complete(long sequence, HubClock clock);
}
