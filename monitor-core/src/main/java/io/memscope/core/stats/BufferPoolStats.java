package io.memscope.core.stats;

import io.memscope.core.BufferPool;

/**
 * Figures of one {@link BufferPool} (C++ VMA wrappers' per-type pool statistics).
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param typeName the pool's name, e.g. {@code "Vertex"}
 * @param totalAllocations buffers the pool ever created
 * @param activeBuffers buffers handed out and not yet released
 * @param freeBuffers buffers waiting for reuse
 * @param totalBytes bytes of all buffers the pool holds (active + free), by requested size
 * @param reuseCount acquisitions served by a free buffer instead of a new one
 */
public record BufferPoolStats(String typeName, long totalAllocations, int activeBuffers, int freeBuffers,
                              long totalBytes, long reuseCount) {
}
