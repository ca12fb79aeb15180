package io.memscope.core;

import io.memscope.core.internal.FreeRanges;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The allocations that start inside one stretch of a {@link LedgerBlock}'s offsets, and the gaps between them.
 *
 * <p><b>Layout.</b> Three parallel arrays hold each allocation and its start and end offset (the offsets of
 * newcomers are copied in at the next refresh). The first {@code sortedCount} slots are in offset order (as the last
 * refresh left them); allocations that joined since are appended after them, and one that leaves is replaced by a
 * hole ({@code null}), so joining and leaving are O(1) and keep the sorted part sorted. Each allocation knows its
 * slot.
 *
 * <p><b>Cost.</b> {@link #add}/{@link #remove}: O(1) amortised (a full array is compacted or doubled, keeping
 * order). {@link #refresh()}: O(1) if nothing changed; otherwise holes are squeezed out, the d newcomers sorted and
 * merged in, and the gaps summed: O(k + d log d) over primitive arrays for the segment's k allocations.
 *
 * <p>Guarded by the core lock.
 */
final class BlockSegment {
    private static final int INITIAL_CAPACITY = 4;

    /** The block this segment is part of. */
    final LedgerBlock block;

    private @Nullable Allocation[] members = new Allocation[INITIAL_CAPACITY];
    private long[] starts = new long[INITIAL_CAPACITY];
    private long[] ends = new long[INITIAL_CAPACITY];
    /** Slots in use, holes included. */
    private int slots;
    /** Slots {@code [0, sortedCount)} are in offset order (holes aside). */
    private int sortedCount;
    private int liveCount;
    private boolean changed;
    /** The gaps between this segment's allocations (not before the first one). */
    private final FreeRanges gaps = new FreeRanges();
    private long firstStart;
    private long lastEnd;
    /** The tags of the allocations inside, each once. */
    private final List<TagTotals> tags = new ArrayList<>(1);

    BlockSegment(LedgerBlock block) {
        this.block = block;
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
        allocation.segment = this;
        allocation.slotInBlock = slots;
        members[slots] = allocation; // its offsets are copied at the next refresh: one store here, not three
        slots++;
        liveCount++;
        changed = true;
    }

    void remove(Allocation allocation) {
        members[allocation.slotInBlock] = null;
        liveCount--;
        allocation.segment = null;
        allocation.slotInBlock = -1;
        changed = true;
    }

    boolean isEmpty() {
        return liveCount == 0;
    }

    /** Start of the first allocation, after {@link #refresh()}; meaningless when empty. */
    long firstStart() {
        return firstStart;
    }

    /** The furthest end of any allocation, after {@link #refresh()}; meaningless when empty. */
    long lastEnd() {
        return lastEnd;
    }

    /** The gaps between the allocations, after {@link #refresh()}. */
    FreeRanges gaps() {
        return gaps;
    }

    /** Adds the allocations, in offset order, to {@code into}, after {@link #refresh()}. */
    void addAllocationsTo(List<Allocation> into) {
        for (int i = 0; i < slots; i++) {
            into.add(members[i]);
        }
    }

    /** Adds the tags of the allocations, each once (by identity), to {@code into}, after {@link #refresh()}. */
    void addTagsTo(List<TagTotals> into) {
        for (TagTotals tag : tags) {
            addOnce(into, tag);
        }
    }

    /** Brings order and gap figures up to date; whether anything had changed. */
    boolean refresh() {
        if (!changed) {
            return false;
        }
        compact();
        for (int i = sortedCount; i < slots; i++) {
            Allocation a = members[i];
            starts[i] = a.offset;
            ends[i] = a.offset + a.allocatedSize;
        }
        sortNewcomers();
        gaps.clear();
        tags.clear();
        if (slots > 0) {
            firstStart = starts[0];
            long cursor = ends[0];
            for (int i = 1; i < slots; i++) {
                gaps.add(starts[i] - cursor);
                cursor = Math.max(cursor, ends[i]);
            }
            lastEnd = cursor;
        }
        for (int i = 0; i < slots; i++) {
            TagTotals tag = members[i].tagTotals;
            if (tag != null) {
                addOnce(tags, tag);
            }
        }
        changed = false;
        return true;
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

    /**
     * Sorts the newcomers after the sorted part and merges them in, from the back, so only the d newcomers need
     * room of their own. Needs no holes. O(k + d log d).
     */
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
        Allocation[] newMembers = new Allocation[d];
        long[] newStarts = new long[d];
        long[] newEnds = new long[d];
        for (int i = 0; i < d; i++) {
            newMembers[i] = members[order[i]];
            newStarts[i] = starts[order[i]];
            newEnds[i] = ends[order[i]];
        }
        int old = sortedCount - 1;
        int fresh = d - 1;
        for (int out = slots - 1; fresh >= 0; out--) {
            if (old >= 0 && starts[old] > newStarts[fresh]) {
                members[out] = members[old];
                starts[out] = starts[old];
                ends[out] = ends[old];
                old--;
            } else {
                members[out] = newMembers[fresh];
                starts[out] = newStarts[fresh];
                ends[out] = newEnds[fresh];
                fresh--;
            }
            members[out].slotInBlock = out;
        }
        sortedCount = slots;
    }

    /** Adds {@code tag} unless the list holds it already (by identity); lists hold a few tags. */
    private static void addOnce(List<TagTotals> list, TagTotals tag) {
        for (TagTotals t : list) {
            if (t == tag) {
                return;
            }
        }
        list.add(tag);
    }
}
