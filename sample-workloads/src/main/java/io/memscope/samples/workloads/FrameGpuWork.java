package io.memscope.samples.workloads;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_DST_BIT;
import static org.lwjgl.vulkan.VK10.vkCmdCopyBuffer;

import io.memscope.core.BufferAllocation;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemoryUsage;
import java.util.List;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkBufferCopy;

/**
 * The GPU's use of a frame's buffers: one submission that copies the first bytes of every buffer the
 * frame reads into a scratch buffer, so the memory is really read by the device each frame (not only
 * allocated). Not thread-safe.
 */
final class FrameGpuWork implements AutoCloseable {
    private static final long READ_BYTES = 256;

    private final BufferAllocation scratch;

    FrameGpuWork(MemoryAllocator allocator) {
        scratch = allocator.allocateBuffer(READ_BYTES, VK_BUFFER_USAGE_TRANSFER_DST_BIT, MemoryUsage.GPU_ONLY);
    }

    /** Submits the reads of {@code buffers} (created with TRANSFER_SRC usage) and waits for them. */
    void read(List<BufferAllocation> buffers) {
        if (buffers.isEmpty()) {
            return;
        }
        scratch.getAllocator().getCore().getContext().submitAndWait(cmd -> {
            try (MemoryStack stack = stackPush()) {
                VkBufferCopy.Buffer region = VkBufferCopy.calloc(1, stack);
                for (BufferAllocation buffer : buffers) {
                    region.get(0).srcOffset(0).dstOffset(0).size(Math.min(READ_BYTES, buffer.getSize()));
                    vkCmdCopyBuffer(cmd, buffer.getBuffer(), scratch.getBuffer(), region);
                }
            }
        });
    }

    @Override
    public void close() {
        if (scratch.isLive()) {
            scratch.close();
        }
    }
}
