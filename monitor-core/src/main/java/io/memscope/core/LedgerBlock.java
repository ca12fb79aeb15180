package io.memscope.core;

import io.memscope.core.internal.FreeRangeScan;
import io.memscope.core.internal.FreeRanges;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One {@code VkDeviceMemory} block in the {@link Ledger}: its allocations (an unordered array; each allocation knows
 * its slot, so joining and leaving are O(1)) and its free-range figures, rebuilt only when read after a change.
 *
 * <p><b>Cost.</b> {@link #add}/{@link #remove}: O(1), no allocation while the array has room. {@link #freeRanges()}:
 * O(1) while nothing changed since the last read, otherwise O(k) for the block's k allocations (O(k log k) if their
 * offsets are out of order). So a reader pays only for the blocks that changed since it last looked.
 *
 * <p>Guarded by the core lock, like the ledger.
 */
final class LedgerBlock {
    final long deviceMemory;
    final int memoryTypeIndex;
    final long sizeBytes;
    /** The custom pool whose allocations it holds, known from its first allocation; null for default pools. */
    CustomPools.@Nullable Pool pool;
    private Allocation[] members = new Allocation[4];
    private int memberCount;
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
        if (memberCount == members.length) {
            members = Arrays.copyOf(members, memberCount * 2);
        }
        allocation.block = this;
        allocation.slotInBlock = memberCount;
        members[memberCount++] = allocation;
        usedBytes += allocation.allocatedSize;
        if (pool == null) {
            pool = allocation.pool;
        }
        changed = true;
    }

    void remove(Allocation allocation) {
        int slot = allocation.slotInBlock;
        Allocation last = members[--memberCount];
        members[slot] = last;
        last.slotInBlock = slot;
        members[memberCount] = null;
        usedBytes -= allocation.allocatedSize;
        allocation.block = null;
        allocation.slotInBlock = -1;
        changed = true;
    }

    int allocationCount() {
        return memberCount;
    }

    long usedBytes() {
        return usedBytes;
    }

    /** The block's allocations, in no particular order. O(k). */
    List<Allocation> allocations() {
        return List.of(Arrays.copyOf(members, memberCount));
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
        long[] starts = new long[memberCount];
        long[] ends = new long[memberCount];
        tags.clear();
        for (int i = 0; i < memberCount; i++) {
            Allocation a = members[i];
            starts[i] = a.offset;
            ends[i] = a.offset + a.allocatedSize;
            TagTotals tag = a.tagTotals;
            if (tag != null && !containsIdentity(tags, tag)) {
                tags.add(tag);
            }
        }
        free.clear();
        FreeRangeScan.scanBlock(starts, ends, 0, memberCount, sizeBytes, free);
        changed = false;
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
