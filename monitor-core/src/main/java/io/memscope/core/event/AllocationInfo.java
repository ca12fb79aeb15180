package io.memscope.core.event;

import io.memscope.core.AllocationKind;
import io.memscope.core.MemoryUsage;
import org.jspecify.annotations.Nullable;

/**
 * An allocation's identity and placement at one instant. Unlike the live
 * {@link io.memscope.core.Allocation} handle it never changes, so events and snapshots can keep it.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param id the allocation's process-unique id ({@link io.memscope.core.Allocation#getId()})
 * @param tag tag of the allocator that made it
 * @param kind buffer or image
 * @param name the name given at creation, or {@code null}
 * @param sizeBytes bytes asked for
 * @param allocatedBytes bytes VMA reserved (at least {@code sizeBytes})
 * @param memoryUsage the requested memory usage
 * @param memoryTypeIndex Vulkan memory type
 * @param heapIndex heap of that memory type
 * @param deviceMemory the {@code VkDeviceMemory} block
 * @param offset byte offset inside the block
 * @param resource the {@code VkBuffer} or {@code VkImage} handle
 * @param createdEpochMillis wall-clock creation time (about 1 ms precision)
 */
public record AllocationInfo(long id, String tag, AllocationKind kind, @Nullable String name, long sizeBytes,
                             long allocatedBytes, MemoryUsage memoryUsage, int memoryTypeIndex, int heapIndex,
                             long deviceMemory, long offset, long resource, long createdEpochMillis) {
}
