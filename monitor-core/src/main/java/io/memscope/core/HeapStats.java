package io.memscope.core;

/** {@link MemoryFigures} of one memory heap. Immutable; safe to share between threads. */
public record HeapStats(int heapIndex, boolean deviceLocal, long heapSizeBytes, MemoryFigures figures) {
}
