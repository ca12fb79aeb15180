package io.memscope.core;

import io.memscope.core.internal.FreeRanges;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One {@code VkDeviceMemory} block in the {@link Ledger}: the allocations inside it and its free-range figures.
 *
 * <p><b>Layout.</b> Three parallel arrays hold each allocation and its start and end offset. The first
 * {@code sortedCount} slots are in offset order (as the last read left them); allocations that joined since are
 * appended after them, and one that leaves is replaced by a hole ({@code null}), so joining and leaving are O(1)
 * and keep the sorted part sorted. Each allocation knows its slot.
 *
 * <p><b>Cost.</b> {@link #add}/{@link #remove}: O(1) amortised (a full array is compacted or doubled, keeping
 * order). {@link #freeRanges()}: O(1) while nothing changed since the last read; otherwise the holes are squeezed
 * out, the d newcomers sorted and merged into the sorted part, and the gaps summed: O(k + d log d) over primitive
 * arrays for the block's k allocations. A reader pays only for the blocks that changed since it last looked.
 *
 * <p>Guarded by the core lock, like the ledger.
 */
final class LedgerBlock {
    private static final int INITIAL_CAPACITY = 8;

    final long deviceMemory;
    final int memoryTypeIndex;
    final long sizeBytes;
    /** The custom pool whose allocations it holds, known from its first allocation; null for default pools. */
    CustomPools.@Nullable Pool pool;
    private @Nullable Allocation[] members = new Allocation[INITIAL_CAPACITY];
    private long[] starts = new long[INITIAL_CAPACITY];
    private long[] ends = new long[INITIAL_CAPACITY];
    /** Slots in use, holes included. */
    private int slots;
    /** Slots {@code [0, sortedCount)} are in offset order (holes aside). */
    private int sortedCount;
    private int liveCount;
    private long usedBytes;
    private boolean changed = true;
    private final FreeRanges free = new FreeRanges();
    private final List<TagTotals> tags = new ArrayList<>(2);

    LedgerBlock(long deviceMemory, int memoryTypeIndex, long sizeBytes) {
        this.deviceMemory = deviceMemory;
        this.memoryTypeIndex = memoryTypeIndex;
        this.sizeBytes = sizeBytes;
    }

    void add(Allocation allocation) {
        if (slots == members.length) {
            compact();
            if (slots > members.length / 2) {
                members = Arrays.copyOf(members, members.length * 2);
                starts = Arrays.copyOf(starts, members.length);
                ends = Arrays.copyOf(ends, members.length);
            }
        }
        allocation.block = this;
        allocation.slotInBlock = slots;
        members[slots] = allocation;
        starts[slots] = allocation.offset;
        ends[slots] = allocation.offset + allocation.allocatedSize;
        slots++;
        liveCount++;
        usedBytes += allocation.allocatedSize;
        if (pool == null) {
            pool = allocation.pool;
        }
        changed = true;
    }

    void remove(Allocation allocation) {
        members[allocation.slotInBlock] = null;
        liveCount--;
        usedBytes -= allocation.allocatedSize;
        allocation.block = null;
        allocation.slotInBlock = -1;
        changed = true;
    }

    int allocationCount() {
        return liveCount;
    }

    long usedBytes() {
        return usedBytes;
    }

    /** The block's allocations in offset order. O(k + d log d), see the class comment. */
    List<Allocation> allocations() {
        refresh();
        List<Allocation> inside = new ArrayList<>(liveCount);
        for (int i = 0; i < slots; i++) {
            inside.add(members[i]);
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
        compact();
        sortNewcomers();
        free.clear();
        tags.clear();
        long cursor = 0;
        for (int i = 0; i < slots; i++) {
            free.add(starts[i] - cursor);
            cursor = Math.max(cursor, ends[i]);
            TagTotals tag = members[i].tagTotals;
            if (tag != null && !containsIdentity(tags, tag)) {
                tags.add(tag);
            }
        }
        free.add(sizeBytes - cursor);
        changed = false;
    }

    /** Squeezes the holes out, keeping order: the sorted part stays sorted, newcomers stay after it. O(slots). */
    private void compact() {
        int kept = 0;
        int sortedKept = 0;
        for (int i = 0; i < slots; i++) {
            Allocation a = members[i];
            if (a != null) {
                members[kept] = a;
                starts[kept] = starts[i];
                ends[kept] = ends[i];
                a.slotInBlock = kept;
                kept++;
                if (i < sortedCount) {
                    sortedKept++;
                }
            }
        }
        Arrays.fill(members, kept, slots, null);
        slots = kept;
        sortedCount = sortedKept;
    }

    /** Sorts the newcomers after the sorted part and merges them in. Needs no holes. O(k + d log d). */
    private void sortNewcomers() {
        int d = slots - sortedCount;
        if (d == 0) {
            return;
        }
        Integer[] order = new Integer[d];
        for (int i = 0; i < d; i++) {
            order[i] = sortedCount + i;
        }
        Arrays.sort(order, (x, y) -> Long.compare(starts[x], starts[y]));
        Allocation[] mergedMembers = new Allocation[members.length];
        long[] mergedStarts = new long[members.length];
        long[] mergedEnds = new long[members.length];
        int old = 0;
        int fresh = 0;
        for (int out = 0; out < slots; out++) {
            int from;
            if (fresh == d || (old < sortedCount && starts[old] <= starts[order[fresh]])) {
                from = old++;
            } else {
                from = order[fresh++];
            }
            Allocation a = members[from];
            mergedMembers[out] = a;
            mergedStarts[out] = starts[from];
            mergedEnds[out] = ends[from];
            a.slotInBlock = out;
        }
        members = mergedMembers;
        starts = mergedStarts;
        ends = mergedEnds;
        sortedCount = slots;
    }

    private static boolean containsIdentity(List<TagTotals> list, TagTotals tag) {
        for (TagTotals t : list) {
            if (t == tag) {
                return true;
            }
        }
        return false;
    }
}
