package io.memscope.core;

/** {@link MemoryFigures} of one memory type. */
public record MemoryTypeStats(int memoryTypeIndex, int heapIndex, int propertyFlags, MemoryFigures figures) {
}
