package io.memscope.core.stats;

/** {@link MemoryFigures} of one memory type. Immutable; safe to share between threads. */
public record MemoryTypeStats(int memoryTypeIndex, int heapIndex, int propertyFlags, MemoryFigures figures) {
}
