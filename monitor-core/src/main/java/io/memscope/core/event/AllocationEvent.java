package io.memscope.core.event;

/** An allocation was created, freed or moved. {@link io.memscope.core.MemoryMonitor#allocations()} streams these. */
public sealed interface AllocationEvent extends MemoryEvent permits AllocationCreated, AllocationFreed, AllocationMoved {
    /** The allocation as it is after the event (for a free: as it was). */
    AllocationInfo allocation();
}
