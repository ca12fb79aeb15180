package io.memscope.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * memscope's record of every live allocation and every {@code VkDeviceMemory} block VMA holds.
 *
 * <p><b>Hot path.</b> Recording appends to the calling thread's {@link ThreadShard}: no atomics, no
 * hashing. A free flips the allocation's state word (done by the caller) and counts it in the freeing
 * thread's shard; the freed entry stays where it was until its shard is compacted, which happens when the
 * shard fills (amortised O(1)) or when an exclusive reader walks it. Ids come from per-thread blocks.
 *
 * <p><b>Threading.</b> {@link #shard()} is per thread; {@link #liveAllocations()} and {@link #clear()}
 * need the core's exclusive mode ({@link ActivityGate}). Blocks are fed by VMA's device-memory callbacks on
 * allocating threads and live in a concurrent map.
 */
final class Ledger {
    /** A {@code VkDeviceMemory} block: its handle, memory type and size in bytes. */
    record Block(long deviceMemory, int memoryTypeIndex, long sizeBytes) {
    }

    private static final int ID_BLOCK = 1 << 16;

    private final List<ThreadShard> shards = new CopyOnWriteArrayList<>();
    private final ThreadLocal<ThreadShard> shardOfThread = ThreadLocal.withInitial(this::newShard);
    private final AtomicLong idBlocks = new AtomicLong();
    private final Map<Long, Block> blocks = new ConcurrentHashMap<>();

    private ThreadShard newShard() {
        ThreadShard shard = new ThreadShard();
        shards.add(shard);
        return shard;
    }

    /** Every shard ever made, for {@link ActivityGate}. */
    List<ThreadShard> shards() {
        return shards;
    }

    /** The calling thread's shard. */
    ThreadShard shard() {
        return shardOfThread.get();
    }

    /** A process-unique id for the next allocation of {@code shard}'s thread. */
    long nextId(ThreadShard shard) {
        if (shard.nextId == shard.idLimit) {
            shard.nextId = idBlocks.getAndIncrement() * ID_BLOCK + 1;
            shard.idLimit = shard.nextId + ID_BLOCK;
        }
        return shard.nextId++;
    }

    /** Records a new live allocation made by {@code shard}'s thread. */
    void add(ThreadShard shard, Allocation allocation) {
        shard.append(allocation);
        shard.countRecorded();
    }

    /** Counts a free on {@code shard}'s thread; the allocation's state word already says freed. */
    void removed(ThreadShard shard) {
        shard.countFreed();
    }

    /** Live allocations: exact when no other thread is allocating, otherwise a recent value. O(threads). */
    int liveCount() {
        long live = 0;
        for (ThreadShard shard : shards) {
            live += shard.recorded() - shard.freed();
        }
        return (int) live;
    }

    /** The live allocations in no particular order. Caller is in exclusive mode. O(recorded). */
    List<Allocation> liveAllocations() {
        List<Allocation> live = new ArrayList<>(Math.max(16, liveCount()));
        for (ThreadShard shard : shards) {
            shard.compact();
            for (int i = 0; i < shard.size; i++) {
                live.add(shard.entries[i]);
            }
        }
        return live;
    }

    /** Forgets every recorded allocation (close freed them). Caller is in exclusive mode. */
    void clear() {
        shards.forEach(ThreadShard::clear);
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
