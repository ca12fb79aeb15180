package io.memscope.benchmarks;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.util.vma.Vma.vmaCreateBuffer;
import static org.lwjgl.util.vma.Vma.vmaDestroyBuffer;
import static org.lwjgl.vulkan.VK10.VK_SHARING_MODE_EXCLUSIVE;
import static org.lwjgl.vulkan.VK10.VK_SUCCESS;

import io.memscope.core.MemoryUsage;
import java.nio.LongBuffer;
import java.util.Random;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.util.vma.VmaAllocationCreateInfo;
import org.lwjgl.util.vma.VmaAllocationInfo;
import org.lwjgl.vulkan.VkBufferCreateInfo;
import org.openjdk.jmh.infra.Blackhole;

/** The raw LWJGL VMA baseline: GPU_ONLY buffers made and destroyed with no memscope code in between. */
final class RawVmaBuffers {
    private RawVmaBuffers() {
    }

    /** Fills {@code sizes} with the benchmarks' fixed sequence of buffer sizes: powers of two, 64 B to 256 KiB. */
    static void fillSizes(long[] sizes) {
        Random random = new Random(20261124);
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = 64L << random.nextInt(13);
        }
    }

    /**
     * Creates one buffer per entry of {@code sizes} (bytes) with {@code usage}, asking for the allocation info,
     * then destroys them all. Each creation gets its own stack frame and create infos, as code that allocates
     * one buffer at a time has. {@code buffers} and {@code allocations} are scratch arrays of the same length.
     */
    static void createThenDestroy(long vma, long[] sizes, int usage, long[] buffers, long[] allocations, Blackhole bh) {
        for (int i = 0; i < sizes.length; i++) {
            try (MemoryStack stack = stackPush()) {
                VkBufferCreateInfo bufferInfo = VkBufferCreateInfo.calloc(stack).sType$Default()
                        .size(sizes[i]).usage(usage).sharingMode(VK_SHARING_MODE_EXCLUSIVE);
                VmaAllocationCreateInfo createInfo = VmaAllocationCreateInfo.calloc(stack)
                        .usage(MemoryUsage.GPU_ONLY.vmaUsage()).flags(MemoryUsage.GPU_ONLY.hostAccessFlags());
                LongBuffer pBuffer = stack.mallocLong(1);
                PointerBuffer pAllocation = stack.mallocPointer(1);
                VmaAllocationInfo info = VmaAllocationInfo.malloc(stack);
                if (vmaCreateBuffer(vma, bufferInfo, createInfo, pBuffer, pAllocation, info) != VK_SUCCESS) {
                    throw new IllegalStateException("vmaCreateBuffer failed");
                }
                buffers[i] = pBuffer.get(0);
                allocations[i] = pAllocation.get(0);
                bh.consume(info.offset());
            }
        }
        for (int i = 0; i < sizes.length; i++) {
            vmaDestroyBuffer(vma, buffers[i], allocations[i]);
        }
    }
}
