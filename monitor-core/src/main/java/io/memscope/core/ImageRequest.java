package io.memscope.core;

import static org.lwjgl.vulkan.VK10.VK_IMAGE_LAYOUT_UNDEFINED;
import static org.lwjgl.vulkan.VK10.VK_IMAGE_TILING_OPTIMAL;
import static org.lwjgl.vulkan.VK10.VK_IMAGE_TYPE_2D;
import static org.lwjgl.vulkan.VK10.VK_SAMPLE_COUNT_1_BIT;
import static org.lwjgl.vulkan.VK10.VK_SHARING_MODE_EXCLUSIVE;

import org.jspecify.annotations.Nullable;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkExtent3D;
import org.lwjgl.vulkan.VkImageCreateInfo;

/**
 * What image to allocate. Immutable; start with {@link #texture2D} and refine:
 * <pre>{@code
 * ImageRequest.texture2D(1024, 1024, VK_FORMAT_R8G8B8A8_SRGB,
 *         VK_IMAGE_USAGE_TRANSFER_DST_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT | VK_IMAGE_USAGE_SAMPLED_BIT)
 *     .withFullMipChain().named("grass albedo")
 * }</pre>
 *
 * @param imageType {@code VkImageType}
 * @param format {@code VkFormat}, not {@code VK_FORMAT_UNDEFINED}
 * @param width texels, {@code >= 1}
 * @param height texels, {@code >= 1}
 * @param depth texels, {@code >= 1}
 * @param mipLevels {@code 1 .. floor(log2(max(width, height, depth))) + 1}
 * @param arrayLayers {@code >= 1}
 * @param tiling {@code VkImageTiling}
 * @param samples {@code VkSampleCountFlagBits}
 * @param usageFlags {@code VkImageUsageFlags}, not 0
 * @param memoryUsage where the memory should live
 * @param name optional name for reports
 * @param priority {@code VmaAllocationCreateInfo.priority} in {@code [0, 1]}, or {@code null} for the facade's; as
 *     for {@link BufferRequest#priority()}
 * @param withinBudget {@code VMA_ALLOCATION_CREATE_WITHIN_BUDGET_BIT}; as for {@link BufferRequest#withinBudget()}
 */
public record ImageRequest(int imageType, int format, int width, int height, int depth, int mipLevels,
                           int arrayLayers, int tiling, int samples, int usageFlags, MemoryUsage memoryUsage,
                           @Nullable String name, @Nullable Float priority, boolean withinBudget) {

    /** A request with the facade's priority and without the within-budget flag (the form before those existed). */
    public ImageRequest(int imageType, int format, int width, int height, int depth, int mipLevels, int arrayLayers,
                        int tiling, int samples, int usageFlags, MemoryUsage memoryUsage, @Nullable String name) {
        this(imageType, format, width, height, depth, mipLevels, arrayLayers, tiling, samples, usageFlags, memoryUsage,
                name, null, false);
    }

    /** A 2D, single-mip, single-layer, optimally tiled, device-local image. */
    public static ImageRequest texture2D(int width, int height, int format, int usageFlags) {
        return new ImageRequest(VK_IMAGE_TYPE_2D, format, width, height, 1, 1, 1, VK_IMAGE_TILING_OPTIMAL,
                VK_SAMPLE_COUNT_1_BIT, usageFlags, MemoryUsage.GPU_ONLY, null);
    }

    /** Number of levels of a full mip chain for the given extent: {@code floor(log2(max)) + 1}. */
    public static int fullMipLevels(int width, int height, int depth) {
        int max = Math.max(1, Math.max(width, Math.max(height, depth)));
        return 32 - Integer.numberOfLeadingZeros(max);
    }

    public ImageRequest withFullMipChain() {
        return withMipLevels(fullMipLevels(width, height, depth));
    }

    public ImageRequest withMipLevels(int levels) {
        return new ImageRequest(imageType, format, width, height, depth, levels, arrayLayers, tiling, samples,
                usageFlags, memoryUsage, name, priority, withinBudget);
    }

    public ImageRequest withArrayLayers(int layers) {
        return new ImageRequest(imageType, format, width, height, depth, mipLevels, layers, tiling, samples,
                usageFlags, memoryUsage, name, priority, withinBudget);
    }

    public ImageRequest withMemoryUsage(MemoryUsage usage) {
        return new ImageRequest(imageType, format, width, height, depth, mipLevels, arrayLayers, tiling, samples,
                usageFlags, usage, name, priority, withinBudget);
    }

    public ImageRequest named(@Nullable String newName) {
        return new ImageRequest(imageType, format, width, height, depth, mipLevels, arrayLayers, tiling, samples,
                usageFlags, memoryUsage, newName, priority, withinBudget);
    }

    /** This request with its own priority ({@code [0, 1]}, checked when allocating). */
    public ImageRequest withPriority(float newPriority) {
        return new ImageRequest(imageType, format, width, height, depth, mipLevels, arrayLayers, tiling, samples,
                usageFlags, memoryUsage, name, newPriority, withinBudget);
    }

    /** This request with {@code VMA_ALLOCATION_CREATE_WITHIN_BUDGET_BIT}. */
    public ImageRequest withWithinBudget() {
        return new ImageRequest(imageType, format, width, height, depth, mipLevels, arrayLayers, tiling, samples,
                usageFlags, memoryUsage, name, priority, true);
    }

    /**
     * The {@code VkImageCreateInfo} of this request with {@code vulkanUsage} (the request's usage plus what memscope
     * adds), on {@code stack}: the one definition used to create the image and to recreate it when defragmentation
     * moves it.
     */
    VkImageCreateInfo toCreateInfo(int vulkanUsage, MemoryStack stack) {
        return VkImageCreateInfo.calloc(stack).sType$Default()
                .imageType(imageType)
                .format(format)
                .extent(VkExtent3D.calloc(stack).set(width, height, depth))
                .mipLevels(mipLevels)
                .arrayLayers(arrayLayers)
                .samples(samples)
                .tiling(tiling)
                .usage(vulkanUsage)
                .sharingMode(VK_SHARING_MODE_EXCLUSIVE)
                .initialLayout(VK_IMAGE_LAYOUT_UNDEFINED);
    }
}
