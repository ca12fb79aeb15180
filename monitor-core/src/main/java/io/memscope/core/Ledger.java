package io.memscope.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * memscope's own record of every live allocation and every {@code VkDeviceMemory} block VMA holds.
 * Adding and removing are O(1) and lock-free (hot path); iterating is O(live) and meant for sampling.
 * Blocks are fed by VMA's device-memory callbacks, which run on the allocating thread.
 */
final class Ledger {
    /** A {@code VkDeviceMemory} block: its handle, memory type and size in bytes. */
    record Block(long deviceMemory, int memoryTypeIndex, long sizeBytes) {
    }

    private final Set<Allocation> live = ConcurrentHashMap.newKeySet();
    private final Map<Long, Block> blocks = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);

    long nextId() {
        return nextId.getAndIncrement();
    }

    void add(Allocation allocation) {
        live.add(allocation);
    }

    void remove(Allocation allocation) {
        live.remove(allocation);
    }

    int liveCount() {
        return live.size();
    }

    /** A copy of the live allocations, in no particular order. O(live). */
    List<Allocation> liveAllocations() {
        return new ArrayList<>(live);
    }

    void blockAllocated(long deviceMemory, int memoryTypeIndex, long size) {
        blocks.put(deviceMemory, new Block(deviceMemory, memoryTypeIndex, size));
    }

    void blockFreed(long deviceMemory) {
        blocks.remove(deviceMemory);
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
}
