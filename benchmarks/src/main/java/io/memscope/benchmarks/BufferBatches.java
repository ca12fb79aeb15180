package io.memscope.benchmarks;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.util.vma.Vma.vmaCreateBuffer;
import static org.lwjgl.util.vma.Vma.vmaDestroyBuffer;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_DST_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_SRC_BIT;
import static org.lwjgl.vulkan.VK10.VK_SHARING_MODE_EXCLUSIVE;
import static org.lwjgl.vulkan.VK10.VK_SUCCESS;

import io.memscope.core.BufferAllocation;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemoryUsage;
import java.nio.LongBuffer;
import java.util.Random;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.util.vma.VmaAllocationCreateInfo;
import org.lwjgl.util.vma.VmaAllocationInfo;
import org.lwjgl.vulkan.VkBufferCreateInfo;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One thread's allocate-then-free batches for the allocate/free benchmarks: GPU_ONLY buffers whose sizes come
 * from one fixed sequence (powers of two, 64 B to 256 KiB), made and destroyed raw (LWJGL VMA, no memscope code
 * in between) or through memscope, with the scratch arrays both need. Not thread-safe: one per benchmark thread.
 */
final class BufferBatches {
    /**
     * The usage of the very buffer memscope creates for a STORAGE request: memscope adds TRANSFER_SRC|TRANSFER_DST
     * to every buffer so defragmentation can copy it.
     */
    static final int SAME_BUFFER_USAGE = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT
            | VK_BUFFER_USAGE_TRANSFER_DST_BIT;

    private final long[] sizes;
    private final long[] buffers;
    private final long[] allocations;
    private final BufferAllocation[] handles;

    /** Batches of {@code size} buffers. */
    BufferBatches(int size) {
        sizes = new long[size];
        buffers = new long[size];
        allocations = new long[size];
        handles = new BufferAllocation[size];
        Random random = new Random(20261124);
        for (int i = 0; i < size; i++) {
            sizes[i] = 64L << random.nextInt(13);
        }
    }

    /**
     * Creates one buffer per size with {@code usage} on {@code vma}, asking for the allocation info, then
     * destroys them all. Each creation gets its own stack frame and create infos, as code that allocates one
     * buffer at a time has.
     */
    void rawCreateThenDestroy(long vma, int usage, Blackhole bh) {
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

    /** Allocates one STORAGE buffer per size through {@code allocator}, then closes them all. */
    void memscopeAllocateThenFree(MemoryAllocator allocator, Blackhole bh) {
        for (int i = 0; i < sizes.length; i++) {
            handles[i] = allocator.allocateBuffer(sizes[i], VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY);
            bh.consume(handles[i].getOffset());
        }
        for (int i = 0; i < sizes.length; i++) {
            handles[i].close();
        }
    }
}
