package io.memscope.export.capture;

import io.memscope.core.event.AllocationInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A core's live allocations at one moment of a capture, rebuilt from the latest chunk-start state before it and the
 * memory events after that state.
 *
 * @param coreId the core
 * @param at the moment asked for (for {@link CaptureReader#stateAtSequence(int, long)}: the time of that event)
 * @param sequence the number of the last memory event the state reflects
 * @param allocations the live allocations, oldest first
 */
public record CaptureState(int coreId, Instant at, long sequence, List<AllocationInfo> allocations) {
    public CaptureState {
        allocations = List.copyOf(allocations);
    }

    /** Bytes VMA reserved for the live allocations ({@link AllocationInfo#allocatedBytes()}), summed. O(n). */
    public long allocatedBytes() {
        return allocations.stream().mapToLong(AllocationInfo::allocatedBytes).sum();
    }

    /** Bytes requested ({@link AllocationInfo#sizeBytes()}), summed. O(n). */
    public long requestedBytes() {
        return allocations.stream().mapToLong(AllocationInfo::sizeBytes).sum();
    }

    /** Reserved bytes per tag, by tag name. O(n). */
    public Map<String, Long> allocatedBytesByTag() {
        Map<String, Long> out = new TreeMap<>();
        allocations.forEach(a -> out.merge(a.tag(), a.allocatedBytes(), Long::sum));
        return out;
    }

    /** Reserved bytes per heap, by heap index. O(n). */
    public Map<Integer, Long> allocatedBytesByHeap() {
        Map<Integer, Long> out = new TreeMap<>();
        allocations.forEach(a -> out.merge(a.heapIndex(), a.allocatedBytes(), Long::sum));
        return out;
    }
}
