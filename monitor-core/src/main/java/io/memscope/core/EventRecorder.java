package io.memscope.core;

import io.memscope.core.event.AllocationCreated;
import io.memscope.core.event.AllocationFreed;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.event.AllocationMoved;
import io.memscope.core.event.EventHeader;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.internal.CoarseClock;
import io.memscope.core.internal.events.EventHub;
import io.memscope.core.internal.events.HubClock;
import io.memscope.core.internal.events.PendingEvent;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The allocation hot path's side of the event stream. Per allocation or free: one volatile read, then (when
 * allocation events are enabled and someone subscribes to them) one small object and one queue offer. Flight
 * Recorder events are not committed here: the monitor's JFR bridge is an ordinary subscriber.
 * Building the record, numbering and wall-clock conversion happen on the hub's drain thread.
 *
 * <p>Thread-safe; called on allocating threads under the core lock.
 */
final class EventRecorder {
    private final EventHub hub;
    private final boolean enabled;

    EventRecorder(EventHub hub, boolean enabled) {
        this.hub = hub;
        this.enabled = enabled;
    }

    void created(Allocation allocation) {
        if (enabled && hub.hasAllocationSubscribers()) {
            hub.record(new Recorded(Recorded.CREATED, allocation, Thread.currentThread(), allocation.getCreatedNanos(),
                    null));
        }
    }

    void freed(Allocation allocation) {
        long now = CoarseClock.nanoTime();
        if (enabled && hub.hasAllocationSubscribers()) {
            hub.record(new Recorded(Recorded.FREED, allocation, Thread.currentThread(), now, null));
        }
    }

    /** {@code allocation} already holds its new placement; {@code before} is the old one. */
    void moved(Allocation allocation, AllocationInfo before) {
        if (enabled && hub.hasAllocationSubscribers()) {
            // the new placement is captured now: a later move must not change what this event says
            hub.record(new Recorded(Recorded.MOVED, allocation, Thread.currentThread(), System.nanoTime(),
                    new AllocationInfo[] {before, allocation.toInfo()}));
        }
    }

    /** Publishes a device-wide or tagged event built later on the drain thread. Not for hot paths. */
    void publish(String tag, Function<EventHeader, MemoryEvent> factory) {
        hub.record(new Published(tag, Thread.currentThread(), System.nanoTime(), factory));
    }

    /** An allocation event as recorded on the hot path: a reference to the handle, thread and time. */
    private record Recorded(int kind, Allocation allocation, Thread thread, long nanos,
                            AllocationInfo @Nullable [] placements) implements PendingEvent {
        static final int CREATED = 0;
        static final int FREED = 1;
        static final int MOVED = 2;

        @Override
        public MemoryEvent complete(long sequence, HubClock clock) {
            EventHeader header = new EventHeader(sequence, nanos, clock.epochMillis(nanos), allocation.getTag(),
                    thread.getName());
            return switch (kind) {
                case CREATED -> new AllocationCreated(header, allocation.toInfo());
                case FREED -> new AllocationFreed(header, allocation.toInfo(), nanos - allocation.getCreatedNanos());
                default -> new AllocationMoved(header, Objects.requireNonNull(placements)[0], placements[1]);
            };
        }
    }

    private record Published(String tag, Thread thread, long nanos, Function<EventHeader, MemoryEvent> factory)
            implements PendingEvent {
        @Override
        public MemoryEvent complete(long sequence, HubClock clock) {
            return factory.apply(new EventHeader(sequence, nanos, clock.epochMillis(nanos), tag, thread.getName()));
        }
    }
}
