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
 * <p>Series: five allocation counters per heap (registered at once, so {@code rate()} starts from 0) and two per tag
 * label (allocations made and their bytes, registered when the tag first allocates). A tag's frees are its creates
 * minus the change of its live-allocation gauge, so they get no series of their own: every series costs each scrape
 * about a microsecond of Prometheus text formatting (docs/performance.md).
 *
 * <p>Threading: {@link #accept(MemoryEvent)} runs on the subscription's delivery thread only (memscope serialises
 * {@code onNext}), so the counter caches here are plain maps; the counters themselves are Micrometer's, read by any
 * thread. Cost per allocation event: one map lookup (the tag's label) and two to four counter increments.
 */
final class EventCounters implements Consumer<MemoryEvent> {
    private final Meters meters;
    private final TagSlots slots;
    private final HeapCounters[] byHeap;
    private final Map<String, TagCounters> byTag = new HashMap<>();
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
                "Bytes defragmentation copied");
        this.dropped = meters.counter(names.eventsDropped(), Tags.empty(), null,
                "Events the counters missed (overflow)");
        this.byHeap = new HeapCounters[meters.heapCount()];
        for (int heap = 0; heap < byHeap.length; heap++) {
            byHeap[heap] = new HeapCounters(meters, heap);
        }
    }

    @Override
    public void accept(MemoryEvent event) {
        if (event instanceof AllocationCreated created) {
            AllocationInfo allocation = created.allocation();
            HeapCounters heap = heap(allocation);
            heap.creates.increment();
            heap.allocated.increment(allocation.allocatedBytes());
            TagCounters tag = byTag.computeIfAbsent(slots.label(allocation.tag()), this::tagCounters);
            tag.creates.increment();
            tag.allocated.increment(allocation.allocatedBytes());
        } else if (event instanceof AllocationFreed freed) {
            HeapCounters heap = heap(freed.allocation());
            heap.frees.increment();
            heap.freed.increment(freed.allocation().allocatedBytes());
        } else if (event instanceof AllocationMoved moved) {
            heap(moved.allocation()).moves.increment();
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
                    null, "Threshold crossings");
        }
        return counters;
    }

    private HeapCounters heap(AllocationInfo allocation) {
        int heap = allocation.heapIndex();
        // a heap the device did not report at bind time cannot happen with Vulkan's fixed heap list
        return byHeap[heap >= 0 && heap < byHeap.length ? heap : 0];
    }

    private TagCounters tagCounters(String label) {
        Names names = meters.names();
        Tags tags = Tags.of("tag", label);
        return new TagCounters(
                meters.counter(names.tagCreates(), tags, null, "Allocations the tag made"),
                meters.counter(names.tagAllocatedBytes(), tags, BaseUnits.BYTES,
                        "Bytes the tag allocated"));
    }

    /** The allocation counters of one tag label, all heaps. */
    private record TagCounters(Counter creates, Counter allocated) {
    }

    /** The allocation counters of one heap, all tags. */
    private static final class HeapCounters {
        final Counter creates;
        final Counter frees;
        final Counter moves;
        final Counter allocated;
        final Counter freed;

        HeapCounters(Meters meters, int heap) {
            Names names = meters.names();
            Tags tags = meters.heapTags(heap);
            creates = meters.counter(names.creates(), tags, null, "Allocations made on the heap");
            frees = meters.counter(names.frees(), tags, null, "Allocations freed on the heap");
            moves = meters.counter(names.moves(), tags, null, "Allocations moved to the heap");
            allocated = meters.counter(names.allocatedBytes(), tags, BaseUnits.BYTES,
                    "Bytes allocated on the heap");
            freed = meters.counter(names.freedBytes(), tags, BaseUnits.BYTES,
                    "Bytes freed on the heap");
        }
    }
}
