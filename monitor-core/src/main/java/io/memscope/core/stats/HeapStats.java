package io.memscope.core.stats;

import io.memscope.core.AllocatorOptions;

/**
 * {@link MemoryFigures} of one memory heap. Immutable; safe to share between threads.
 *
 * @param heapSizeBytes the heap's size as the allocator may use it: the physical size, lowered to
 *                      {@link AllocatorOptions#heapSizeLimitBytes()} when that is set
 */
public record HeapStats(int heapIndex, boolean deviceLocal, long heapSizeBytes, MemoryFigures figures) {
}
