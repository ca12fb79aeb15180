package io.memscope.core.stats;

import io.memscope.core.AllocationKind;
import io.memscope.core.AllocatorCore;
import org.jspecify.annotations.Nullable;

/**
 * An allocation that was still live when its {@link AllocatorCore} closed; memscope freed it.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param id allocation id
 * @param tag allocator tag
 * @param kind buffer or image
 * @param sizeBytes requested size
 * @param name allocation name, if any
 * @param ageMillis how long it had lived
 */
public record LeakReport(long id, String tag, AllocationKind kind, long sizeBytes, @Nullable String name, long ageMillis) {
}
