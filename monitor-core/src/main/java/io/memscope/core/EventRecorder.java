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
import io.memscope.core.internal.jfr.AllocationJfrEvent;
import io.memscope.core.internal.jfr.FreeJfrEvent;
import io.memscope.core.internal.jfr.JfrRecordingState;
import io.memscope.core.internal.jfr.MoveJfrEvent;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The allocation hot path's side of the event stream. Per allocation or free: one volatile read for JFR, then
 * (when allocation events are enabled and someone subscribes to them) one small object and one queue offer.
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
        if (JfrRecordingState.anyRecordingRunning()) {
            commitCreated(new AllocationJfrEvent(), allocation);
        }
        if (enabled && hub.hasAllocationSubscribers()) {
            hub.record(new Recorded(Recorded.CREATED, allocation, Thread.currentThread(), allocation.getCreatedNanos(),
                    null));
        }
    }

    void freed(Allocation allocation) {
        long now = CoarseClock.nanoTime();
        if (JfrRecordingState.anyRecordingRunning()) {
            commitFreed(allocation, now);
        }
        if (enabled && hub.hasAllocationSubscribers()) {
            hub.record(new Recorded(Recorded.FREED, allocation, Thread.currentThread(), now, null));
        }
    }

    private static void commitFreed(Allocation allocation, long now) {
        FreeJfrEvent jfr = new FreeJfrEvent();
        if (jfr.isEnabled()) {
            jfr.id = allocation.getId();
            jfr.tag = allocation.getTag();
            jfr.size = allocation.getSize();
            jfr.lifetime = now - allocation.getCreatedNanos();
            jfr.commit();
        }
    }

    /** {@code allocation} already holds its new placement; {@code before} is the old one. */
    void moved(Allocation allocation, AllocationInfo before) {
        MoveJfrEvent jfr = new MoveJfrEvent();
        if (jfr.isEnabled()) {
            jfr.id = allocation.getId();
            jfr.tag = allocation.getTag();
            jfr.size = allocation.getSize();
            jfr.oldDeviceMemory = before.deviceMemory();
            jfr.oldOffset = before.offset();
            jfr.newDeviceMemory = allocation.getDeviceMemory();
            jfr.newOffset = allocation.getOffset();
            jfr.commit();
        }
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

    private static void commitCreated(AllocationJfrEvent jfr, Allocation allocation) {
        if (!jfr.isEnabled()) {
            return;
        }
        jfr.id = allocation.getId();
        jfr.tag = allocation.getTag();
        jfr.kind = allocation.getKind().name();
        jfr.allocationName = Objects.requireNonNullElse(allocation.getName(), "");
        jfr.size = allocation.getSize();
        jfr.memoryType = allocation.getMemoryTypeIndex();
        jfr.heap = allocation.getHeapIndex();
        jfr.deviceMemory = allocation.getDeviceMemory();
        jfr.offset = allocation.getOffset();
        jfr.commit();
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
