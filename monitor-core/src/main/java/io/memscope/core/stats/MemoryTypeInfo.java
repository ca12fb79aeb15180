package io.memscope.core.stats;

import static org.lwjgl.vulkan.VK10.VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
import static org.lwjgl.vulkan.VK10.VK_MEMORY_PROPERTY_HOST_CACHED_BIT;
import static org.lwjgl.vulkan.VK10.VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
import static org.lwjgl.vulkan.VK10.VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT;

/**
 * One {@code VkMemoryType} of the device.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param index memory type index
 * @param heapIndex the heap it draws from
 * @param propertyFlags {@code VkMemoryPropertyFlags}
 */
public record MemoryTypeInfo(int index, int heapIndex, int propertyFlags) {
    public boolean isDeviceLocal() {
        return (propertyFlags & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT) != 0;
    }

    public boolean isHostVisible() {
        return (propertyFlags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT) != 0;
    }

    public boolean isHostCoherent() {
        return (propertyFlags & VK_MEMORY_PROPERTY_HOST_COHERENT_BIT) != 0;
    }

    public boolean isHostCached() {
        return (propertyFlags & VK_MEMORY_PROPERTY_HOST_CACHED_BIT) != 0;
    }

    /** Short description, e.g. {@code "DEVICE_LOCAL|HOST_VISIBLE|HOST_COHERENT"}. */
    public String describeFlags() {
        StringBuilder sb = new StringBuilder();
        if (isDeviceLocal()) sb.append("DEVICE_LOCAL|");
        if (isHostVisible()) sb.append("HOST_VISIBLE|");
        if (isHostCoherent()) sb.append("HOST_COHERENT|");
        if (isHostCached()) sb.append("HOST_CACHED|");
        return sb.length() == 0 ? "NONE" : sb.substring(0, sb.length() - 1);
    }
}
