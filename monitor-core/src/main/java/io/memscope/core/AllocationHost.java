package io.memscope.core;

import io.memscope.core.stats.DeviceMemoryLayout;

/**
 * What an {@link Allocation} and its {@link MappedMemory} need of the engine that made them: the device's
 * layout, the clock, and the native calls on the allocation (each checks the owner and state first, under the
 * core lock). Implemented by the engine only; lets handles work without knowing {@link AllocatorCore}.
 */
interface AllocationHost {
    DeviceMemoryLayout layout();

    /** Wall-clock time in epoch milliseconds of a {@link System#nanoTime()} reading taken in this JVM. */
    long epochMillisAt(long nanoTime);

    MappedMemory map(Allocation allocation);

    /** Ends a mapping made by {@link #map}. */
    void unmap(Allocation allocation);

    void flush(Allocation allocation, long offset, long size);

    void invalidate(Allocation allocation, long offset, long size);
}
