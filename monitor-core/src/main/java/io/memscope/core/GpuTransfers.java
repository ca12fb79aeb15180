package io.memscope.core;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.*;

import io.memscope.core.exceptions.AllocationFreedException;
import java.nio.ByteBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkBufferCopy;
import org.lwjgl.vulkan.VkBufferImageCopy;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkFormatProperties;
import org.lwjgl.vulkan.VkImageBlit;

/**
 * GPU copies the loaders need: staging uploads into device-local buffers and images, layout transitions,
 * mip-chain generation with blits, and read-back into Java arrays (for tests and tools).
 *
 * <p>Staging buffers come from the {@link MemoryAllocator} given at construction, so they show up in its
 * tag's figures while they live. Every method records one command buffer, submits it and waits
 * ({@link VulkanContext#submitAndWait}); they are synchronous, thread-safe and meant for loading, not for
 * per-frame streaming. Images must have a colour format whose texel size this class knows (see
 * {@link #texelSize(int)}); the whole image shares one layout, tracked in {@link ImageAllocation#getLayout()}.
 *
 * <p>Every allocation is checked to be live before commands are recorded
 * ({@link AllocationFreedException} otherwise). Freeing an allocation on another thread while a transfer
 * that uses it is running is the caller's race to avoid, as with any GPU work.
 */
public final class GpuTransfers {
    private final VulkanContext context;
    private final MemoryAllocator staging;

    /** @param staging the facade staging buffers are allocated from, e.g. {@code core.allocator("Staging")} */
    public GpuTransfers(MemoryAllocator staging) {
        this.staging = staging;
        this.context = staging.getCore().getContext();
    }

    // ------------------------------------------------------------------------------------------------ buffers

    /** Copies {@code size} bytes from the start of {@code src} to the start of {@code dst} on the GPU. */
    public void copyBuffer(BufferAllocation src, BufferAllocation dst, long size) {
        copyBuffer(src, 0, dst, 0, size);
    }

    /** Copies {@code size} bytes from {@code src + srcOffset} to {@code dst + dstOffset} on the GPU. */
    public void copyBuffer(BufferAllocation src, long srcOffset, BufferAllocation dst, long dstOffset, long size) {
        requireUsage(src, VK_BUFFER_USAGE_TRANSFER_SRC_BIT, "TRANSFER_SRC");
        requireUsage(dst, VK_BUFFER_USAGE_TRANSFER_DST_BIT, "TRANSFER_DST");
        requireRange(src, srcOffset, size, "copy from");
        requireRange(dst, dstOffset, size, "copy to");
        if (src == dst && srcOffset < dstOffset + size && dstOffset < srcOffset + size) {
            throw new IllegalArgumentException("copy within " + src.describe() + " from +" + srcOffset + " to +"
                    + dstOffset + " of " + size + " bytes overlaps itself (Vulkan forbids overlapping regions)");
        }
        requireLive(src, dst);
        context.submitAndWait(cmd -> {
            try (MemoryStack stack = stackPush()) {
                VkBufferCopy.Buffer region = VkBufferCopy.calloc(1, stack);
                region.get(0).srcOffset(srcOffset).dstOffset(dstOffset).size(size);
                vkCmdCopyBuffer(cmd, src.getBuffer(), dst.getBuffer(), region);
            }
        });
    }

    /**
     * Uploads {@code data} (position to limit) to the start of {@code dst} through a staging buffer. Any
     * {@link ByteBuffer} works: heap or direct, read-only, sliced; its position is left unchanged.
     */
    public void upload(ByteBuffer data, BufferAllocation dst) {
        upload(data, dst, 0);
    }

    /** Uploads {@code data} (position to limit; any kind of buffer) to {@code dst + dstOffset} through a staging buffer. */
    public void upload(ByteBuffer data, BufferAllocation dst, long dstOffset) {
        int length = data.remaining();
        if (length == 0) {
            return;
        }
        requireUsage(dst, VK_BUFFER_USAGE_TRANSFER_DST_BIT, "TRANSFER_DST");
        requireRange(dst, dstOffset, length, "upload to");
        try (BufferAllocation stagingBuffer = stagingWith(data)) {
            copyBuffer(stagingBuffer, 0, dst, dstOffset, length);
        }
    }

    /**
     * Reads all of {@code src} back through a GPU_TO_CPU staging buffer. Works on every buffer memscope made (each
     * really has TRANSFER_SRC usage, see {@link BufferAllocation#getVulkanUsageFlags()}).
     */
    public byte[] readBack(BufferAllocation src) {
        return readBack(src, 0, MappedMemory.viewLength(src.getSize(), src.describe()));
    }

    /** Reads {@code length} bytes from {@code src + offset} back through a staging buffer. */
    public byte[] readBack(BufferAllocation src, long offset, int length) {
        requireUsage(src, VK_BUFFER_USAGE_TRANSFER_SRC_BIT, "TRANSFER_SRC");
        requireRange(src, offset, length, "read-back from");
        try (BufferAllocation stagingBuffer = staging.allocateBuffer(BufferRequest.of(length,
                VK_BUFFER_USAGE_TRANSFER_DST_BIT, MemoryUsage.GPU_TO_CPU).named("read-back staging"))) {
            copyBuffer(src, offset, stagingBuffer, 0, length);
            return copyOut(stagingBuffer, length);
        }
    }

    // ------------------------------------------------------------------------------------------------- images

    /**
     * Uploads tightly packed texels (position to limit of {@code texels}, any kind of buffer; its position is left
     * unchanged) for mip level 0, layer 0 of {@code image}: transitions the image to
     * {@code TRANSFER_DST_OPTIMAL}, copies, and leaves it in {@code SHADER_READ_ONLY_OPTIMAL}.
     */
    public void uploadImage(ByteBuffer texels, ImageAllocation image) {
        long expected = (long) image.getWidth() * image.getHeight() * image.getDepth() * texelSize(image.getFormat());
        if (texels.remaining() != expected) {
            throw new IllegalArgumentException("image " + image.describe() + " level 0 needs " + expected
                    + " bytes, got " + texels.remaining());
        }
        requireImageUsage(image, VK_IMAGE_USAGE_TRANSFER_DST_BIT, "TRANSFER_DST");
        try (BufferAllocation stagingBuffer = stagingWith(texels)) {
            requireLive(image);
            context.submitAndWait(cmd -> {
                try (MemoryStack stack = stackPush()) {
                    transition(cmd, image, image.getLayout(), VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 0, image.getMipLevels(), stack);
                    vkCmdCopyBufferToImage(cmd, stagingBuffer.getBuffer(), image.getImage(),
                            VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, region(image, 0, stack));
                    transition(cmd, image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                            0, image.getMipLevels(), stack);
                }
            });
            image.setLayout(VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
        }
    }

    /**
     * Fills mip levels 1..n-1 from level 0 by successive linear blits (each level half the previous) and
     * leaves the image in {@code SHADER_READ_ONLY_OPTIMAL}. Needs TRANSFER_SRC and TRANSFER_DST usage and a
     * format that supports linear-filtered blits.
     */
    public void generateMipmaps(ImageAllocation image) {
        requireImageUsage(image, VK_IMAGE_USAGE_TRANSFER_SRC_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT, "TRANSFER_SRC|TRANSFER_DST");
        requireLinearBlit(image.getFormat());
        requireLive(image);
        int levels = image.getMipLevels();
        context.submitAndWait(cmd -> {
            try (MemoryStack stack = stackPush()) {
                transition(cmd, image, image.getLayout(), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, 0, 1, stack);
                if (levels > 1) {
                    transition(cmd, image, VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, levels - 1, stack);
                }
                int w = image.getWidth();
                int h = image.getHeight();
                for (int level = 1; level < levels; level++) {
                    int nw = Math.max(1, w / 2);
                    int nh = Math.max(1, h / 2);
                    VkImageBlit.Buffer blit = VkImageBlit.calloc(1, stack);
                    blit.srcSubresource(s -> s.set(VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, image.getArrayLayers()));
                    blit.dstSubresource(s -> s.set(VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, image.getArrayLayers()));
                    blit.srcSubresource().mipLevel(level - 1);
                    blit.dstSubresource().mipLevel(level);
                    blit.srcOffsets(1).set(w, h, 1);
                    blit.dstOffsets(1).set(nw, nh, 1);
                    vkCmdBlitImage(cmd, image.getImage(), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, image.getImage(),
                            VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, blit, VK_FILTER_LINEAR);
                    transition(cmd, image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, level, 1, stack);
                    w = nw;
                    h = nh;
                }
                transition(cmd, image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, 0, levels, stack);
            }
        });
        image.setLayout(VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
    }

    /**
     * Reads mip level {@code mipLevel} of layer 0 back as tightly packed texels. Needs TRANSFER_SRC usage.
     * The image returns to the layout it had (or stays in {@code TRANSFER_SRC_OPTIMAL} if it had none).
     */
    public byte[] readBackImage(ImageAllocation image, int mipLevel) {
        int length = mipBytes(image, mipLevel);
        try (BufferAllocation stagingBuffer = staging.allocateBuffer(BufferRequest.of(length,
                VK_BUFFER_USAGE_TRANSFER_DST_BIT, MemoryUsage.GPU_TO_CPU).named("image read-back staging"))) {
            copyImageToBuffer(image, mipLevel, stagingBuffer);
            return copyOut(stagingBuffer, length);
        }
    }

    /**
     * Copies mip level {@code mipLevel} of layer 0 into the start of {@code dst} on the GPU (tightly packed
     * texels) and waits. Needs TRANSFER_SRC usage on the image and TRANSFER_DST on the buffer, which must hold
     * the mip level. The image returns to the layout it had (or stays in {@code TRANSFER_SRC_OPTIMAL} if it had
     * none).
     */
    public void copyImageToBuffer(ImageAllocation image, int mipLevel, BufferAllocation dst) {
        int length = mipBytes(image, mipLevel);
        requireUsage(dst, VK_BUFFER_USAGE_TRANSFER_DST_BIT, "TRANSFER_DST");
        if (dst.getSize() < length) {
            throw new IndexOutOfBoundsException("mip level " + mipLevel + " of " + image.describe() + " needs " + length
                    + " bytes, " + dst.describe() + " has " + dst.getSize());
        }
        int before = image.getLayout();
        int after = before == VK_IMAGE_LAYOUT_UNDEFINED ? VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL : before;
        requireLive(image, dst);
        context.submitAndWait(cmd -> {
            try (MemoryStack stack = stackPush()) {
                transition(cmd, image, before, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, 0, image.getMipLevels(), stack);
                vkCmdCopyImageToBuffer(cmd, image.getImage(), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                        dst.getBuffer(), region(image, mipLevel, stack));
                if (after != VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL) {
                    transition(cmd, image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, after, 0, image.getMipLevels(), stack);
                }
            }
        });
        image.setLayout(after);
    }

    /** Bytes of one mip level of layer 0, checking the level and the image's TRANSFER_SRC usage. */
    private static int mipBytes(ImageAllocation image, int mipLevel) {
        if (mipLevel < 0 || mipLevel >= image.getMipLevels()) {
            throw new IndexOutOfBoundsException("mip level " + mipLevel + " of " + image.describe());
        }
        requireImageUsage(image, VK_IMAGE_USAGE_TRANSFER_SRC_BIT, "TRANSFER_SRC");
        int w = Math.max(1, image.getWidth() >> mipLevel);
        int h = Math.max(1, image.getHeight() >> mipLevel);
        int d = Math.max(1, image.getDepth() >> mipLevel);
        return Math.toIntExact((long) w * h * d * texelSize(image.getFormat()));
    }

    /** Bytes per texel of the colour formats these helpers handle. */
    public static int texelSize(int format) {
        return switch (format) {
            case VK_FORMAT_R8_UNORM, VK_FORMAT_R8_SRGB, VK_FORMAT_R8_UINT -> 1;
            case VK_FORMAT_R8G8_UNORM, VK_FORMAT_R16_SFLOAT, VK_FORMAT_R16_UNORM -> 2;
            case VK_FORMAT_R8G8B8A8_UNORM, VK_FORMAT_R8G8B8A8_SRGB, VK_FORMAT_B8G8R8A8_UNORM, VK_FORMAT_B8G8R8A8_SRGB,
                 VK_FORMAT_R32_SFLOAT, VK_FORMAT_R32_UINT, VK_FORMAT_R16G16_SFLOAT -> 4;
            case VK_FORMAT_R16G16B16A16_SFLOAT, VK_FORMAT_R32G32_SFLOAT -> 8;
            case VK_FORMAT_R32G32B32A32_SFLOAT -> 16;
            default -> throw new IllegalArgumentException("GpuTransfers does not know the texel size of VkFormat " + format);
        };
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private BufferAllocation stagingWith(ByteBuffer data) {
        int length = data.remaining();
        BufferAllocation buffer = staging.allocateBuffer(BufferRequest.of(length, VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
                MemoryUsage.CPU_TO_GPU).named("upload staging"));
        try (MappedMemory mapped = buffer.map()) {
            // a bulk put, not a raw memCopy: heap, direct, read-only and sliced buffers all copy correctly
            mapped.getByteBuffer(0, length).put(data.duplicate());
            mapped.flush();
        } catch (RuntimeException e) {
            buffer.close();
            throw e;
        }
        return buffer;
    }

    private static byte[] copyOut(BufferAllocation buffer, int length) {
        byte[] out = new byte[length];
        try (MappedMemory mapped = buffer.map()) {
            mapped.invalidate();
            mapped.getByteBuffer(0, length).get(out);
        }
        return out;
    }

    private static VkBufferImageCopy.Buffer region(ImageAllocation image, int mipLevel, MemoryStack stack) {
        VkBufferImageCopy.Buffer region = VkBufferImageCopy.calloc(1, stack);
        region.get(0)
                .bufferOffset(0).bufferRowLength(0).bufferImageHeight(0)
                .imageSubresource(s -> s.set(VK_IMAGE_ASPECT_COLOR_BIT, mipLevel, 0, 1))
                .imageOffset(o -> o.set(0, 0, 0))
                .imageExtent(e -> e.set(Math.max(1, image.getWidth() >> mipLevel), Math.max(1, image.getHeight() >> mipLevel),
                        Math.max(1, image.getDepth() >> mipLevel)));
        return region;
    }

    /** A full pipeline barrier for the colour subresources [baseMip, baseMip + mipCount) of every layer. */
    private static void transition(VkCommandBuffer cmd, ImageAllocation image, int oldLayout, int newLayout,
                                   int baseMip, int mipCount, MemoryStack stack) {
        ImageBarriers.transition(cmd, image.getImage(), VK_IMAGE_ASPECT_COLOR_BIT, baseMip, mipCount,
                image.getArrayLayers(), oldLayout, newLayout, VK_ACCESS_MEMORY_WRITE_BIT,
                VK_ACCESS_MEMORY_READ_BIT | VK_ACCESS_MEMORY_WRITE_BIT, stack);
    }

    private void requireLinearBlit(int format) {
        try (MemoryStack stack = stackPush()) {
            VkFormatProperties props = VkFormatProperties.malloc(stack);
            vkGetPhysicalDeviceFormatProperties(context.getPhysicalDevice(), format, props);
            int needed = VK_FORMAT_FEATURE_BLIT_SRC_BIT | VK_FORMAT_FEATURE_BLIT_DST_BIT
                    | VK_FORMAT_FEATURE_SAMPLED_IMAGE_FILTER_LINEAR_BIT;
            if ((props.optimalTilingFeatures() & needed) != needed) {
                throw new IllegalArgumentException("VkFormat " + format + " does not support linear blits on "
                        + context.getDeviceName() + "; generate mips on the CPU instead");
            }
        }
    }

    /** {@code [offset, offset + size)} must be a non-empty range inside {@code buffer} (overflow-safe). */
    private static void requireRange(BufferAllocation buffer, long offset, long size, String what) {
        if (size <= 0 || offset < 0 || offset > buffer.getSize() - size) {
            throw new IndexOutOfBoundsException(what + " " + buffer.describe() + ": " + size + " bytes at offset "
                    + offset + " is out of range");
        }
    }

    private static void requireUsage(BufferAllocation buffer, int bit, String name) {
        if ((buffer.getVulkanUsageFlags() & bit) == 0) {
            throw new IllegalArgumentException(buffer.describe() + " lacks usage " + name);
        }
    }

    private static void requireImageUsage(ImageAllocation image, int bits, String name) {
        if ((image.getVulkanUsageFlags() & bits) != bits) {
            throw new IllegalArgumentException(image.describe() + " lacks usage " + name);
        }
    }

    private static void requireLive(Allocation... allocations) {
        for (Allocation a : allocations) {
            if (!a.isLive()) {
                throw new AllocationFreedException("GPU transfer with " + a.describe() + ", which was already freed");
            }
        }
    }
}
