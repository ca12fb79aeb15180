package io.memscope.core;

import static org.lwjgl.vulkan.VK10.VK_PIPELINE_STAGE_ALL_COMMANDS_BIT;
import static org.lwjgl.vulkan.VK10.VK_QUEUE_FAMILY_IGNORED;
import static org.lwjgl.vulkan.VK10.vkCmdPipelineBarrier;

import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkImageMemoryBarrier;

/** Records image layout transitions: one full pipeline barrier over a mip range of every layer. Stateless. */
final class ImageBarriers {
    private ImageBarriers() {
    }

    /**
     * Transitions mips {@code [baseMip, baseMip + mipCount)} of layers {@code [0, layers)} of {@code vkImage}
     * from {@code oldLayout} to {@code newLayout}, ordering all commands before against all after.
     */
    static void transition(VkCommandBuffer cmd, long vkImage, int aspect, int baseMip, int mipCount, int layers,
                           int oldLayout, int newLayout, int srcAccess, int dstAccess, MemoryStack stack) {
        VkImageMemoryBarrier.Buffer barrier = VkImageMemoryBarrier.calloc(1, stack).sType$Default()
                .srcAccessMask(srcAccess).dstAccessMask(dstAccess)
                .oldLayout(oldLayout).newLayout(newLayout)
                .srcQueueFamilyIndex(VK_QUEUE_FAMILY_IGNORED).dstQueueFamilyIndex(VK_QUEUE_FAMILY_IGNORED)
                .image(vkImage);
        barrier.subresourceRange().set(aspect, baseMip, mipCount, 0, layers);
        vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_ALL_COMMANDS_BIT, VK_PIPELINE_STAGE_ALL_COMMANDS_BIT, 0, null,
                null, barrier);
    }
}
