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
 * @param priority {@code VmaAllocationCreateInfo.priority}, in {@code [0, 1]} (checked when allocating: NaN or out
 *     of range is an {@link io.memscope.core.exceptions.InvalidAllocationRequestException} before any native call), or
 *     {@code null} for the facade's ({@link MemoryAllocator#setAllocationPriority}); see
 *     {@link MemoryAllocator#setAllocationPriority} for when the driver sees it
 * @param withinBudget {@code VMA_ALLOCATION_CREATE_WITHIN_BUDGET_BIT}: refuse (with
 *     {@link io.memscope.core.exceptions.OutOfDeviceMemoryException}) rather than exceed a heap's budget; VMA tries
 *     the other fitting memory types first. Also on for every request of a facade with
 *     {@link MemoryAllocator#setWithinBudget} on
 */
public record BufferRequest(long size, int usageFlags, MemoryUsage memoryUsage, @Nullable String name,
                            boolean persistentlyMapped, boolean dedicated, @Nullable Float priority,
                            boolean withinBudget) {

    /** A request with the facade's priority and without the within-budget flag (the form before those existed). */
    public BufferRequest(long size, int usageFlags, MemoryUsage memoryUsage, @Nullable String name,
                         boolean persistentlyMapped, boolean dedicated) {
        this(size, usageFlags, memoryUsage, name, persistentlyMapped, dedicated, null, false);
    }

    public static BufferRequest of(long size, int usageFlags, MemoryUsage memoryUsage) {
        return new BufferRequest(size, usageFlags, memoryUsage, null, false, false, null, false);
    }

    public BufferRequest named(@Nullable String newName) {
        return new BufferRequest(size, usageFlags, memoryUsage, newName, persistentlyMapped, dedicated, priority,
                withinBudget);
    }

    public BufferRequest withPersistentMapping() {
        return new BufferRequest(size, usageFlags, memoryUsage, name, true, dedicated, priority, withinBudget);
    }

    public BufferRequest withDedicatedMemory() {
        return new BufferRequest(size, usageFlags, memoryUsage, name, persistentlyMapped, true, priority, withinBudget);
    }

    public BufferRequest withSize(long newSize) {
        return new BufferRequest(newSize, usageFlags, memoryUsage, name, persistentlyMapped, dedicated, priority,
                withinBudget);
    }

    /** This request with its own priority ({@code [0, 1]}, checked when allocating). */
    public BufferRequest withPriority(float newPriority) {
        return new BufferRequest(size, usageFlags, memoryUsage, name, persistentlyMapped, dedicated, newPriority,
                withinBudget);
    }

    /** This request with {@code VMA_ALLOCATION_CREATE_WITHIN_BUDGET_BIT}. */
    public BufferRequest withWithinBudget() {
        return new BufferRequest(size, usageFlags, memoryUsage, name, persistentlyMapped, dedicated, priority, true);
    }
}
