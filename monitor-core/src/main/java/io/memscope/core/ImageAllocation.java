package io.memscope.core;

import org.jspecify.annotations.Nullable;

/**
 * A {@code VkImage} bound to VMA memory, with the shape it was created with and the layout memscope's
 * {@link GpuTransfers} last left it in. See {@link Allocation} for state and threading rules.
 */
public final class ImageAllocation extends Allocation {
    /** Replaced when defragmentation moves the image (under the core lock). */
    private long image;
    private final ImageRequest request;
    /** The usage the {@code VkImage} really has: the request's plus transfer bits where supported. */
    private final int vulkanUsageFlags;
    private final int format;
    private final int width;
    private final int height;
    private final int depth;
    private final int mipLevels;
    private final int arrayLayers;
    private final int usageFlags;
    private volatile int layout;

    ImageAllocation(MemoryAllocator owner, AllocationHost host, long id, @Nullable String name, long size, MemoryUsage memoryUsage,
                    ImageRequest request, int vulkanUsageFlags, long image, long vmaAllocation, long deviceMemory,
                    long offset, long allocatedSize, int memoryTypeIndex) {
        super(owner, host, id, name, size, memoryUsage, vmaAllocation, deviceMemory, offset, allocatedSize,
                memoryTypeIndex, 0);
        this.image = image;
        this.request = request;
        this.format = request.format();
        this.width = request.width();
        this.height = request.height();
        this.depth = request.depth();
        this.mipLevels = request.mipLevels();
        this.arrayLayers = request.arrayLayers();
        this.usageFlags = request.usageFlags();
        this.vulkanUsageFlags = vulkanUsageFlags;
        this.layout = org.lwjgl.vulkan.VK10.VK_IMAGE_LAYOUT_UNDEFINED;
    }

    @Override
    public AllocationKind getKind() {
        return AllocationKind.IMAGE;
    }

    /** The {@code VkImage} handle. Invalid once the allocation is freed. */
    public long getImage() {
        return image;
    }

    /** {@code VkFormat}. */
    public int getFormat() {
        return format;
    }

    public int getWidth() {
        return width;
    }

    public int getHeight() {
        return height;
    }

    public int getDepth() {
        return depth;
    }

    public int getMipLevels() {
        return mipLevels;
    }

    public int getArrayLayers() {
        return arrayLayers;
    }

    /** The {@code VkImageUsageFlags} that were asked for. */
    public int getUsageFlags() {
        return usageFlags;
    }

    /**
     * The {@code VkImageUsageFlags} the {@code VkImage} really has: the requested ones plus
     * {@code TRANSFER_SRC | TRANSFER_DST} where the device supports the image with them (memscope adds them so
     * defragmentation and {@link GpuTransfers} can copy it).
     */
    public int getVulkanUsageFlags() {
        return vulkanUsageFlags;
    }

    /** The {@code VkImageLayout} of every subresource after the last {@link GpuTransfers} operation. */
    public int getLayout() {
        return layout;
    }

    void setLayout(int layout) {
        this.layout = layout;
    }

    @Override
    long resourceHandle() {
        return image;
    }

    @Override
    void replaceResource(long newImage) {
        this.image = newImage;
    }

    /** The shape it was created with (to recreate it when it moves). */
    ImageRequest request() {
        return request;
    }
}
