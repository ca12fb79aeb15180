package io.memscope.metrics;

import io.memscope.core.event.AllocationCreated;
import io.memscope.core.event.AllocationFreed;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.event.AllocationMoved;
import io.memscope.core.event.DefragmentationFinished;
import io.memscope.core.event.EventsDropped;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.event.ThresholdCrossed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The counters: fed by one subscription to the monitor's {@code events()}, so they count the events that subscription
 * received; what it lost ({@link EventsDropped}, at the hub's intake or in its own buffer) is counted in
 * {@code gpu.memory.events.dropped}, never guessed back into the others.
 *
 * <p>Threading: {@link #accept(MemoryEvent)} runs on the subscription's delivery thread only (memscope serialises
 * {@code onNext}), so the counter caches here are plain maps; the counters themselves are Micrometer's, read by any
 * thread. Cost per allocation event: one map lookup (tag label and heap) and two counter increments.
 */
final class EventCounters implements Consumer<MemoryEvent> {
    private final Meters meters;
    private final TagSlots slots;
    private final Map<String, AllocationCounters[]> byTagAndHeap = new HashMap<>();
    private final Map<ThresholdCrossed.Kind, Counter[]> thresholds = new EnumMap<>(ThresholdCrossed.Kind.class);
    private final Counter defragmentations;
    private final Counter defragmentedBytes;
    private final Counter dropped;

    EventCounters(Meters meters, TagSlots slots) {
        this.meters = meters;
        this.slots = slots;
        Names names = meters.names();
        this.defragmentations = meters.counter(names.defragmentations(), Tags.empty(), null,
                "Defragmentations that finished");
        this.defragmentedBytes = meters.counter(names.defragmentedBytes(), Tags.empty(), BaseUnits.BYTES,
                "Bytes defragmentation copied to new places");
        this.dropped = meters.counter(names.eventsDropped(), Tags.empty(), null,
                "Memory events the metrics' subscription lost to the overflow policy; the other counters miss them");
    }

    @Override
    public void accept(MemoryEvent event) {
        if (event instanceof AllocationCreated created) {
            AllocationCounters c = counters(created.allocation());
            c.creates.increment();
            c.allocated.increment(created.allocation().allocatedBytes());
        } else if (event instanceof AllocationFreed freed) {
            AllocationCounters c = counters(freed.allocation());
            c.frees.increment();
            c.freed.increment(freed.allocation().allocatedBytes());
        } else if (event instanceof AllocationMoved moved) {
            counters(moved.allocation()).moves.increment();
        } else if (event instanceof ThresholdCrossed crossed) {
            Counter[] byDirection = thresholds.computeIfAbsent(crossed.kind(), this::thresholdCounters);
            byDirection[crossed.direction().ordinal()].increment();
        } else if (event instanceof DefragmentationFinished finished) {
            defragmentations.increment();
            defragmentedBytes.increment(finished.result().bytesMoved());
        } else if (event instanceof EventsDropped lost) {
            dropped.increment(lost.count());
        }
    }

    private Counter[] thresholdCounters(ThresholdCrossed.Kind kind) {
        ThresholdCrossed.Direction[] directions = ThresholdCrossed.Direction.values();
        Counter[] counters = new Counter[directions.length];
        for (ThresholdCrossed.Direction direction : directions) {
            counters[direction.ordinal()] = meters.counter(meters.names().thresholdCrossings(),
                    Tags.of("kind", kind.name().toLowerCase(java.util.Locale.ROOT), "direction",
                            direction.name().toLowerCase(java.util.Locale.ROOT)),
                    null, "Threshold crossings (the monitor's thresholds and facades' warning levels)");
        }
        return counters;
    }

    private AllocationCounters counters(AllocationInfo allocation) {
        String label = slots.label(allocation.tag());
        AllocationCounters[] byHeap = byTagAndHeap.computeIfAbsent(label,
                k -> new AllocationCounters[meters.heapCount()]);
        int heap = allocation.heapIndex();
        if (heap < 0 || heap >= byHeap.length) {
            heap = 0; // a heap the device did not report at bind time: cannot happen with Vulkan's fixed heap list
        }
        AllocationCounters c = byHeap[heap];
        if (c == null) {
            c = new AllocationCounters(meters, label, heap);
            byHeap[heap] = c;
        }
        return c;
    }

    /** The allocation counters of one tag label on one heap. */
    private static final class AllocationCounters {
        final Counter creates;
        final Counter frees;
        final Counter moves;
        final Counter allocated;
        final Counter freed;

        AllocationCounters(Meters meters, String label, int heap) {
            Names names = meters.names();
            Tags tags = meters.heapTags(heap).and("tag", label);
            creates = meters.counter(names.creates(), tags, null, "Allocations made (buffers and images)");
            frees = meters.counter(names.frees(), tags, null, "Allocations freed");
            moves = meters.counter(names.moves(), tags, null, "Allocations defragmentation moved (heap: where to)");
            allocated = meters.counter(names.allocatedBytes(), tags, BaseUnits.BYTES,
                    "Bytes of the allocations made (as VMA reserved them)");
            freed = meters.counter(names.freedBytes(), tags, BaseUnits.BYTES,
                    "Bytes of the allocations freed (as VMA reserved them)");
        }
    }
}
