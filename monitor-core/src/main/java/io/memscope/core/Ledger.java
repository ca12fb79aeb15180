package io.memscope.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * memscope's record of every live allocation and every {@code VkDeviceMemory} block VMA holds, kept so that
 * figures are cheap to read: each allocation is filed under its block ({@link LedgerBlock}, O(1)), and running
 * totals per block and per tag change with every allocation and free (O(1)). {@link StatsCalculator} then
 * reads O(blocks + tags), plus a rebuild of the free ranges of the blocks that changed since the last read.
 *
 * <p><b>Threading.</b> Everything but {@link #liveCount()} runs under the core's {@link CoreLock}, so the
 * ledger is plain single-threaded code: an append per allocation, a count per free. A freed entry stays in
 * the array until the next compaction, which happens when the array fills (amortised O(1)) or when a reader
 * walks it. {@link #liveCount()} may be read from any thread. Blocks are fed by VMA's device-memory callbacks,
 * which run inside VMA calls (so under the lock as well).
 */
final class Ledger {
    private static final int INITIAL_CAPACITY = 64;
    private static final VarHandle LIVE;
    private static final VarHandle BLOCK_GENERATION;

    static {
        try {
            LIVE = MethodHandles.lookup().findVarHandle(Ledger.class, "live", long.class);
            BLOCK_GENERATION = MethodHandles.lookup().findVarHandle(Ledger.class, "blockGeneration", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Allocation[] entries = new Allocation[INITIAL_CAPACITY];
    private int size;
    private long lastId;
    /** Live allocations; written under the lock with opaque stores, read anywhere. */
    @SuppressWarnings("unused") // through LIVE
    private long live;
    /** Blocks allocated plus blocks freed; written under the lock with opaque stores, read anywhere. */
    @SuppressWarnings("unused") // through BLOCK_GENERATION
    private long blockGeneration;
    /** Blocks VMA holds, by handle; concurrent so tests may read sizes without the lock. */
    private final Map<Long, LedgerBlock> blocks = new ConcurrentHashMap<>();
    /** The block the last allocation landed in: most allocations land where the one before did. */
    private @Nullable LedgerBlock lastBlock;
    /** Running totals per tag, kept once a tag was used (readers skip those at zero). */
    private final Map<String, TagTotals> tags = new HashMap<>();
    private @Nullable TagTotals lastTag;
    private int blocksFreed;
    private long blockBytesFreed;

    /** A process-unique, increasing id for the next allocation. */
    long nextId() {
        return ++lastId;
    }

    /** Records a new live allocation, made in custom pool {@code pool} (null: VMA's default pools). */
    void add(Allocation allocation, CustomPools.@Nullable Pool pool) {
        if (size == entries.length) {
            compact();
            if (size > entries.length * 3 / 4) {
                entries = Arrays.copyOf(entries, entries.length * 2);
            }
        }
        entries[size++] = allocation;
        LIVE.setOpaque(this, (long) LIVE.getOpaque(this) + 1);
        file(allocation, pool);
        String tagName = allocation.getTag();
        TagTotals tag = lastTag;
        if (tag == null || !tag.tag.equals(tagName)) { // most allocations come from the facade of the one before
            tag = tags.get(tagName);
            if (tag == null) {
                tag = new TagTotals(tagName);
                tags.put(tagName, tag);
            }
            lastTag = tag;
        }
        allocation.tagTotals = tag;
        tag.add(allocation, 1);
    }

    /** Counts a free; the allocation's state word already says freed. The entry leaves at the next compaction. */
    void remove(Allocation allocation) {
        LIVE.setOpaque(this, (long) LIVE.getOpaque(this) - 1);
        unfile(allocation);
        TagTotals tag = allocation.tagTotals;
        if (tag != null) {
            tag.add(allocation, -1); // kept at zero: readers skip empty tags
            allocation.tagTotals = null;
        }
    }

    /**
     * Before a move: the allocation leaves its block; returns that block's pool (a move stays in its pool) for
     * {@link #placed}, which files it under the new one.
     */
    CustomPools.@Nullable Pool moving(Allocation allocation) {
        BlockSegment segment = allocation.segment;
        CustomPools.Pool pool = segment == null ? null : segment.block.pool;
        unfile(allocation);
        return pool;
    }

    /** After a move: the allocation holds its new placement in a block of {@code pool}. */
    void placed(Allocation allocation, CustomPools.@Nullable Pool pool) {
        file(allocation, pool);
    }

    private void file(Allocation allocation, CustomPools.@Nullable Pool pool) {
        LedgerBlock block = lastBlock;
        if (block == null || block.deviceMemory != allocation.deviceMemory) {
            block = blocks.get(allocation.deviceMemory);
            lastBlock = block;
        }
        if (block != null) { // VMA reports a block before it places anything in it; unknown ones are skipped
            block.add(allocation, pool);
        }
    }

    private static void unfile(Allocation allocation) {
        BlockSegment segment = allocation.segment;
        if (segment != null) {
            segment.block.remove(allocation, segment);
        }
    }

    /** Live allocations: exact under the lock, otherwise a recent value. O(1), any thread. */
    int liveCount() {
        return (int) (long) LIVE.getOpaque(this);
    }

    /** The live allocations in creation order. O(recorded). */
    List<Allocation> liveAllocations() {
        compact();
        return new ArrayList<>(Arrays.asList(entries).subList(0, size));
    }

    /** Drops freed entries, keeping order. */
    private void compact() {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            Allocation a = entries[i];
            if (a.isLive()) {
                entries[kept++] = a;
            }
        }
        Arrays.fill(entries, kept, size, null);
        size = kept;
    }

    /** Forgets every recorded allocation (close freed them). */
    void clear() {
        Arrays.fill(entries, 0, size, null);
        size = 0;
        LIVE.setOpaque(this, 0L);
        tags.clear();
        lastTag = null;
    }

    void blockAllocated(long deviceMemory, int memoryTypeIndex, long size) {
        blocks.put(deviceMemory, new LedgerBlock(deviceMemory, memoryTypeIndex, size));
        BLOCK_GENERATION.setOpaque(this, (long) BLOCK_GENERATION.getOpaque(this) + 1);
    }

    /** Increases with every block allocated or freed; any thread (a recent value off the lock). */
    long blockGeneration() {
        return (long) BLOCK_GENERATION.getOpaque(this);
    }

    /**
     * VMA freed a block. During defragmentation it may do so before the allocations moved out of it are re-filed
     * ({@link #placed}); they leave the forgotten block then.
     */
    void blockFreed(long deviceMemory) {
        LedgerBlock freed = blocks.remove(deviceMemory);
        BLOCK_GENERATION.setOpaque(this, (long) BLOCK_GENERATION.getOpaque(this) + 1);
        if (freed != null) {
            blocksFreed++;
            blockBytesFreed += freed.sizeBytes;
            if (lastBlock == freed) {
                lastBlock = null;
            }
        }
    }

    /** Every block freed so far (under the lock). Two readings bracket what a run freed. */
    FreedBlocks freedBlocks() {
        return new FreedBlocks(blocksFreed, blockBytesFreed);
    }

    /** The blocks VMA holds now (a live view: read under the lock). */
    Collection<LedgerBlock> blocks() {
        return blocks.values();
    }

    /** The running totals of every tag used so far, some maybe at zero (a live view: read under the lock). */
    Collection<TagTotals> tags() {
        return tags.values();
    }

    /** Size in bytes of {@code deviceMemory}, or -1 if unknown. Any thread. */
    long blockSize(long deviceMemory) {
        LedgerBlock block = blocks.get(deviceMemory);
        return block == null ? -1 : block.sizeBytes;
    }

    /** Blocks VMA has freed since the core was created, and their bytes (sizes as allocated). */
    record FreedBlocks(int count, long bytes) {
    }
}
