package io.memscope.core;

import io.memscope.core.MemoryMonitor;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.stats.MemoryBudget;
import io.memscope.core.stats.MemoryStats;
import io.memscope.core.stats.TagStats;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Map;

/**
 * The memory state at one instant, with a description: what {@link MemoryMonitor#takeSnapshot(String)}
 * records (C++ VMA wrappers' {@code MemorySnapshot}). Keeps the list of live allocations, so two snapshots can be
 * compared allocation by allocation.
 *
 * <p>Immutable; safe to share between threads. Memory: about 150 bytes per live allocation.
 *
 * @param id increasing number of the snapshot within its monitor (1, 2, ...)
 * @param takenAt wall-clock time
 * @param monotonicNanos the same instant on {@link System#nanoTime()}'s clock
 * @param description what the caller said it is ("before defragmentation")
 * @param stats device statistics (per heap, memory type, tag)
 * @param budget budget of every heap
 * @param allocations the live allocations, oldest first
 */
public record MemorySnapshot(long id, Instant takenAt, long monotonicNanos, String description, MemoryStats stats,
                             MemoryBudget budget, List<AllocationInfo> allocations) {
    public MemorySnapshot {
        Objects.requireNonNull(description, "a snapshot's description");
        allocations = List.copyOf(allocations);
    }

    /** Per-tag figures ({@link MemoryStats#tags()}). */
    public Map<String, TagStats> tags() {
        return stats.tags();
    }
}
