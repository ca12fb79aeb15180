package io.memscope.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * memscope's record of every live allocation and every {@code VkDeviceMemory} block VMA holds.
 *
 * <p><b>Threading.</b> Everything but {@link #liveCount()} runs under the core's {@link CoreLock}, so the
 * ledger is plain single-threaded code: an append per allocation, a count per free. A freed entry stays in
 * the array until the next compaction, which happens when the array fills (amortised O(1)) or when a reader
 * walks it. {@link #liveCount()} may be read from any thread. Blocks are fed by VMA's device-memory callbacks,
 * which run inside VMA calls (so under the lock as well).
 */
final class Ledger {
    /** A {@code VkDeviceMemory} block: its handle, memory type and size in bytes. */
    record Block(long deviceMemory, int memoryTypeIndex, long sizeBytes) {
    }

    private static final int INITIAL_CAPACITY = 64;
    private static final VarHandle LIVE;

    static {
        try {
            LIVE = MethodHandles.lookup().findVarHandle(Ledger.class, "live", long.class);
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
    private final Map<Long, Block> blocks = new ConcurrentHashMap<>();
    private int blocksFreed;
    private long blockBytesFreed;

    /** A process-unique, increasing id for the next allocation. */
    long nextId() {
        return ++lastId;
    }

    /** Records a new live allocation. */
    void add(Allocation allocation) {
        if (size == entries.length) {
            compact();
            if (size > entries.length * 3 / 4) {
                entries = Arrays.copyOf(entries, entries.length * 2);
            }
        }
        entries[size++] = allocation;
        LIVE.setOpaque(this, (long) LIVE.getOpaque(this) + 1);
    }

    /** Counts a free; the allocation's state word already says freed. */
    void removed() {
        LIVE.setOpaque(this, (long) LIVE.getOpaque(this) - 1);
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
    }

    void blockAllocated(long deviceMemory, int memoryTypeIndex, long size) {
        blocks.put(deviceMemory, new Block(deviceMemory, memoryTypeIndex, size));
    }

    void blockFreed(long deviceMemory) {
        Block freed = blocks.remove(deviceMemory);
        if (freed != null) {
            blocksFreed++;
            blockBytesFreed += freed.sizeBytes();
        }
    }

    /** Every block freed so far (under the lock). Two readings bracket what a run freed. */
    FreedBlocks freedBlocks() {
        return new FreedBlocks(blocksFreed, blockBytesFreed);
    }

    /** A copy of the blocks. */
    List<Block> blocks() {
        return new ArrayList<>(blocks.values());
    }

    /** Size in bytes of {@code deviceMemory}, or -1 if unknown. */
    long blockSize(long deviceMemory) {
        Block block = blocks.get(deviceMemory);
        return block == null ? -1 : block.sizeBytes();
    }

    /** Blocks VMA has freed since the core was created, and their bytes (sizes as allocated). */
    record FreedBlocks(int count, long bytes) {
    }
}
