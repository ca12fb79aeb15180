package io.memscope.core;

import org.jspecify.annotations.Nullable;

/**
 * A {@code VkBuffer} bound to VMA memory. See {@link Allocation} for state and threading rules.
 */
public final class BufferAllocation extends Allocation {
    /** Replaced when defragmentation moves the buffer (under the core lock). */
    private long buffer;
    private final int usageFlags;

    BufferAllocation(MemoryAllocator owner, AllocationHost host, long id, @Nullable String name, long size, MemoryUsage memoryUsage,
                     int usageFlags, long buffer, long vmaAllocation, long deviceMemory, long offset, long allocatedSize,
                     int memoryTypeIndex, long persistentMappedAddress) {
        super(owner, host, id, name, size, memoryUsage, vmaAllocation, deviceMemory, offset, allocatedSize,
                memoryTypeIndex, persistentMappedAddress);
        this.buffer = buffer;
        this.usageFlags = usageFlags;
    }

    @Override
    public AllocationKind getKind() {
        return AllocationKind.BUFFER;
    }

    /** The {@code VkBuffer} handle. Invalid once the allocation is freed. */
    public long getBuffer() {
        return buffer;
    }

    /** The {@code VkBufferUsageFlags} that were asked for. */
    public int getUsageFlags() {
        return usageFlags;
    }

    /**
     * The {@code VkBufferUsageFlags} the {@code VkBuffer} really has: the requested ones plus
     * {@code TRANSFER_SRC | TRANSFER_DST}, which memscope adds to every buffer so defragmentation (and
     * {@link GpuTransfers}) can copy it.
     */
    public int getVulkanUsageFlags() {
        return usageFlags | CoreEngine.MOVABLE_BUFFER_USAGE;
    }

    @Override
    long resourceHandle() {
        return buffer;
    }

    @Override
    void replaceResource(long newBuffer) {
        this.buffer = newBuffer;
    }
}
