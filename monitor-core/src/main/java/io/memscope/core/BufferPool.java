package io.memscope.core;

import io.memscope.core.exceptions.AllocationFreedException;
import io.memscope.core.exceptions.ForeignAllocationException;
import io.memscope.core.exceptions.InvalidAllocationRequestException;
import io.memscope.core.stats.BufferPoolStats;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reuses buffers of one type (usage flags and memory usage) by size class, as C++ VMA wrappers'
 * {@code OptimizedBufferManager} does: a free buffer of size {@code s} serves a request of {@code r} bytes
 * when {@code r <= s <= 2r}; of those, the smallest is taken. Otherwise a new buffer is created.
 *
 * <p>Thread-safe (methods synchronise on the pool). {@link #acquire} and {@link #release} are O(log n).
 * {@link #close()} frees the free buffers; buffers still out become ordinary allocations their holders free.
 */
public final class BufferPool implements AutoCloseable {
    private final MemoryAllocator allocator;
    private final String typeName;
    private final int usageFlags;
    private final MemoryUsage memoryUsage;
    private final TreeMap<Long, ArrayDeque<BufferAllocation>> free = new TreeMap<>();
    private final Set<BufferAllocation> active = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<BufferAllocation, Boolean> owned = new IdentityHashMap<>();
    private long totalAllocations;
    private long totalBytes;
    private long reuseCount;
    private int freeCount;
    private boolean closed;

    BufferPool(MemoryAllocator allocator, String typeName, int usageFlags, MemoryUsage memoryUsage) {
        this.allocator = allocator;
        this.typeName = typeName;
        this.usageFlags = usageFlags;
        this.memoryUsage = memoryUsage;
    }

    public String getTypeName() {
        return typeName;
    }

    /** A buffer of at least {@code size} bytes: a free one of at most {@code 2 * size} bytes, or a new one. */
    public synchronized BufferAllocation acquire(long size) {
        ensureOpen();
        if (size <= 0) {
            throw new InvalidAllocationRequestException("pool " + typeName + ": size must be > 0, was " + size);
        }
        Map.Entry<Long, ArrayDeque<BufferAllocation>> fit = free.ceilingEntry(size);
        if (fit != null && fit.getKey() <= 2 * size) {
            BufferAllocation buffer = fit.getValue().pop();
            if (fit.getValue().isEmpty()) {
                free.remove(fit.getKey());
            }
            freeCount--;
            active.add(buffer);
            reuseCount++;
            return buffer;
        }
        BufferAllocation buffer = allocator.allocateBuffer(BufferRequest.of(size, usageFlags, memoryUsage)
                .named(typeName + " pool"));
        owned.put(buffer, Boolean.TRUE);
        active.add(buffer);
        totalAllocations++;
        totalBytes += size;
        return buffer;
    }

    /**
     * Returns a buffer for reuse.
     *
     * @throws ForeignAllocationException if the pool did not make it
     * @throws IllegalStateException if it is already free in the pool
     */
    public synchronized void release(BufferAllocation buffer) {
        ensureOpen();
        if (!owned.containsKey(buffer)) {
            throw new ForeignAllocationException(buffer.describe() + " was not made by pool " + typeName);
        }
        if (!active.remove(buffer)) {
            throw new IllegalStateException(buffer.describe() + " was already released to pool " + typeName);
        }
        if (!buffer.isLive()) {
            owned.remove(buffer);
            totalBytes -= buffer.getSize();
            throw new AllocationFreedException(buffer.describe() + " was freed while out of pool " + typeName);
        }
        free.computeIfAbsent(buffer.getSize(), k -> new ArrayDeque<>()).push(buffer);
        freeCount++;
    }

    /**
     * Creates {@code count} buffers of {@code size} bytes and puts them in the free list. All or nothing: if one
     * cannot be created, those made before it are freed and the exception is rethrown.
     */
    public synchronized void prewarm(long size, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("prewarm count must be >= 0, was " + count);
        }
        List<BufferAllocation> made = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                made.add(allocator.allocateBuffer(BufferRequest.of(size, usageFlags, memoryUsage)
                        .named(typeName + " pool")));
            }
        } catch (RuntimeException e) {
            made.forEach(BufferAllocation::close);
            throw e;
        }
        for (BufferAllocation buffer : made) {
            owned.put(buffer, Boolean.TRUE);
            totalAllocations++;
            totalBytes += size;
            free.computeIfAbsent(size, k -> new ArrayDeque<>()).push(buffer);
            freeCount++;
        }
    }

    public synchronized BufferPoolStats getStats() {
        return new BufferPoolStats(typeName, totalAllocations, active.size(), freeCount, totalBytes, reuseCount);
    }

    /** Frees every free buffer. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ArrayDeque<BufferAllocation> sameSize : free.values()) {
            for (BufferAllocation buffer : sameSize) {
                if (buffer.isLive()) {
                    buffer.close();
                }
            }
        }
        free.clear();
        freeCount = 0;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("buffer pool " + typeName + " is closed");
        }
    }
}
