package io.memscope.core;

import org.jspecify.annotations.Nullable;

/**
 * What buffer to allocate. Immutable; build with {@link #of} and the {@code with...} methods:
 * <pre>{@code
 * BufferRequest.of(64 * 1024, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT, MemoryUsage.GPU_ONLY)
 *              .named("terrain LOD 0 vertices")
 * }</pre>
 *
 * @param size bytes, {@code > 0}
 * @param usageFlags {@code VkBufferUsageFlags}, not 0
 * @param memoryUsage where the memory should live
 * @param name optional name, shown in reports and set with {@code vmaSetAllocationName}
 * @param persistentlyMapped keep the memory mapped for the allocation's lifetime (host-accessible usages only)
 * @param dedicated give the buffer its own {@code VkDeviceMemory} block
 */
public record BufferRequest(long size, int usageFlags, MemoryUsage memoryUsage, @Nullable String name,
                            boolean persistentlyMapped, boolean dedicated) {

    public static BufferRequest of(long size, int usageFlags, MemoryUsage memoryUsage) {
        return new BufferRequest(size, usageFlags, memoryUsage, null, false, false);
    }

    public BufferRequest named(@Nullable String newName) {
        return new BufferRequest(size, usageFlags, memoryUsage, newName, persistentlyMapped, dedicated);
    }

    public BufferRequest withPersistentMapping() {
        return new BufferRequest(size, usageFlags, memoryUsage, name, true, dedicated);
    }

    public BufferRequest withDedicatedMemory() {
        return new BufferRequest(size, usageFlags, memoryUsage, name, persistentlyMapped, true);
    }

    public BufferRequest withSize(long newSize) {
        return new BufferRequest(newSize, usageFlags, memoryUsage, name, persistentlyMapped, dedicated);
    }
}
