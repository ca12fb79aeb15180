package io.memscope.core;

import io.memscope.core.internal.FreeRanges;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One {@code VkDeviceMemory} block in the {@link Ledger}: the allocations inside it and its free-range figures.
 *
 * <p><b>Layout.</b> The block's offsets are cut into at most {@value #MAX_SEGMENTS} equal stretches of a power of
 * two bytes, at least 1 MiB; each allocation is filed in the {@link BlockSegment} of the stretch where it starts. A segment knows the gaps
 * between its own allocations; the block adds the gaps between segments and its tail.
 *
 * <p><b>Cost.</b> {@link #add}/{@link #remove}: O(1). {@link #freeRanges()}: O(1) while nothing changed since the
 * last read; otherwise O(segments) plus a refresh of each changed segment (O(k) for its k allocations, see
 * {@link BlockSegment}). So a read after one change costs about O(k / segments + segments), not O(k): a block of
 * 100 000 allocations is read again in microseconds.
 *
 * <p>Guarded by the core lock, like the ledger.
 */
final class LedgerBlock {
    static final int MAX_SEGMENTS = 256;

    final long deviceMemory;
    final int memoryTypeIndex;
    final long sizeBytes;
    /** The custom pool whose allocations it holds, known from its first allocation; null for default pools. */
    CustomPools.@Nullable Pool pool;
    private final @Nullable BlockSegment[] segments;
    /** log2 of the bytes one segment covers (at least 1 MiB), so finding an allocation's segment is a shift. */
    private final int segmentShift;
    private int liveCount;
    private long usedBytes;
    private boolean changed = true;
    private final FreeRanges free = new FreeRanges();
    private final List<TagTotals> tags = new ArrayList<>(2);

    LedgerBlock(long deviceMemory, int memoryTypeIndex, long sizeBytes) {
        this.deviceMemory = deviceMemory;
        this.memoryTypeIndex = memoryTypeIndex;
        this.sizeBytes = sizeBytes;
        long lastByte = Math.max(0, sizeBytes - 1);
        int shift = 20;
        while (shift < 62 && (lastByte >>> shift) >= MAX_SEGMENTS) {
            shift++;
        }
        this.segmentShift = shift;
        this.segments = new BlockSegment[(int) (lastByte >>> shift) + 1];
    }

    /** Files {@code allocation}; {@code allocationPool} is the custom pool it was made in, or null. */
    void add(Allocation allocation, CustomPools.@Nullable Pool allocationPool) {
        int index = (int) Math.min(segments.length - 1, allocation.offset >>> segmentShift);
        BlockSegment segment = segments[index];
        if (segment == null) {
            segment = new BlockSegment(this);
            segments[index] = segment;
        }
        segment.add(allocation);
        liveCount++;
        usedBytes += allocation.allocatedSize;
        if (pool == null) {
            pool = allocationPool;
        }
        changed = true;
    }

    /** Takes out {@code allocation}, which {@code segment} (one of this block's) holds. */
    void remove(Allocation allocation, BlockSegment segment) {
        segment.remove(allocation);
        liveCount--;
        usedBytes -= allocation.allocatedSize;
        changed = true;
    }

    int allocationCount() {
        return liveCount;
    }

    long usedBytes() {
        return usedBytes;
    }

    /** The block's allocations in offset order. O(k) plus the refresh of changed segments. */
    List<Allocation> allocations() {
        refresh();
        List<Allocation> inside = new ArrayList<>(liveCount);
        for (BlockSegment segment : segments) {
            if (segment != null) {
                segment.addAllocationsTo(inside);
            }
        }
        return inside;
    }

    /** The block's free ranges; rebuilt if an allocation joined, left or moved since the last call. */
    FreeRanges freeRanges() {
        refresh();
        return free;
    }

    /** The tags of the allocations inside, each once; rebuilt like {@link #freeRanges()}. */
    List<TagTotals> tags() {
        refresh();
        return tags;
    }

    private void refresh() {
        if (!changed) {
            return;
        }
        free.clear();
        tags.clear();
        long cursor = 0;
        for (BlockSegment segment : segments) {
            if (segment == null) {
                continue;
            }
            segment.refresh();
            if (segment.isEmpty()) {
                continue;
            }
            free.add(segment.firstStart() - cursor);
            free.addAll(segment.gaps());
            cursor = Math.max(cursor, segment.lastEnd());
            segment.addTagsTo(tags);
        }
        free.add(sizeBytes - cursor);
        changed = false;
    }
}
