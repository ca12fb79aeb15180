package io.memscope.core;

/** {@link MemoryFigures} of one memory heap. */
public record HeapStats(int heapIndex, boolean deviceLocal, long heapSizeBytes, MemoryFigures figures) {
}
