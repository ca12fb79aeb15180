package io.memscope.benchmarks;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.util.vma.Vma.VMA_ALLOCATOR_CREATE_EXTERNALLY_SYNCHRONIZED_BIT;
import static org.lwjgl.util.vma.Vma.vmaCreateAllocator;
import static org.lwjgl.util.vma.Vma.vmaDestroyAllocator;
import static org.lwjgl.vulkan.VK10.VK_SUCCESS;

import io.memscope.core.VulkanContext;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.util.vma.VmaAllocatorCreateInfo;
import org.lwjgl.util.vma.VmaVulkanFunctions;

/**
 * A {@code VmaAllocator} of the benchmarks' own on memscope's device, made as an application using LWJGL's VMA
 * directly would make it: the feature flags of the device ({@link VulkanContext#vmaAllocatorFlags()}), and VMA's default
 * <em>internal</em> synchronisation (thread-safe), which is the work memscope's own lock does for it. With
 * {@link Sync#UNSYNCHRONIZED} it is created {@code EXTERNALLY_SYNCHRONIZED} and used without any lock: not
 * thread-safe, the floor that no thread-safe allocator can reach. Not thread-safe itself; close it before the
 * device.
 */
final class RawVmaAllocator implements AutoCloseable {
    final long handle;

    RawVmaAllocator(VulkanContext context, Sync sync) {
        int flags = context.vmaAllocatorFlags()
                | (sync == Sync.UNSYNCHRONIZED ? VMA_ALLOCATOR_CREATE_EXTERNALLY_SYNCHRONIZED_BIT : 0);
        try (MemoryStack stack = stackPush()) {
            VmaAllocatorCreateInfo info = VmaAllocatorCreateInfo.calloc(stack).flags(flags)
                    .physicalDevice(context.getPhysicalDevice())
                    .device(context.getDevice())
                    .instance(context.getInstance())
                    .vulkanApiVersion(context.getApiVersion())
                    .pVulkanFunctions(VmaVulkanFunctions.calloc(stack).set(context.getInstance(), context.getDevice()));
            PointerBuffer pAllocator = stack.mallocPointer(1);
            if (vmaCreateAllocator(info, pAllocator) != VK_SUCCESS) {
                throw new IllegalStateException("vmaCreateAllocator failed");
            }
            handle = pAllocator.get(0);
        }
    }

    @Override
    public void close() {
        vmaDestroyAllocator(handle);
    }

    enum Sync { INTERNAL, UNSYNCHRONIZED }
}
