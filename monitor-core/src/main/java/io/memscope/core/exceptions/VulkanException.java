package io.memscope.core.exceptions;

import io.memscope.core.internal.VkResults;

/**
 * A Vulkan or VMA call returned an error code. The message names the code and what was asked, for example
 * {@code "vmaCreateBuffer failed with VK_ERROR_OUT_OF_DEVICE_MEMORY (-2) for buffer of 64 MiB (GPU_ONLY) tag=TerrainRenderer"}.
 *
 * <p>The allocator that threw stays usable: nothing was recorded for the failed request.
 */
public class VulkanException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int resultCode;
    private final String operation;

    /**
     * @param resultCode the {@code VkResult} returned (negative for errors)
     * @param operation what was asked, in words; becomes part of the message
     */
    public VulkanException(int resultCode, String operation) {
        super(operation + " failed with " + VkResults.describe(resultCode));
        this.resultCode = resultCode;
        this.operation = operation;
    }

    /** Creates the most specific exception for {@code resultCode}. */
    public static VulkanException of(int resultCode, String operation) {
        return switch (resultCode) {
            case org.lwjgl.vulkan.VK10.VK_ERROR_OUT_OF_DEVICE_MEMORY,
                 org.lwjgl.vulkan.VK10.VK_ERROR_OUT_OF_HOST_MEMORY -> new OutOfDeviceMemoryException(resultCode, operation);
            default -> new VulkanException(resultCode, operation);
        };
    }

    /** The raw {@code VkResult} code, e.g. {@code -2} for {@code VK_ERROR_OUT_OF_DEVICE_MEMORY}. */
    public int getResultCode() {
        return resultCode;
    }

    /** The symbolic name of {@link #getResultCode()}, e.g. {@code "VK_ERROR_OUT_OF_DEVICE_MEMORY"}. */
    public String getResultName() {
        return VkResults.name(resultCode);
    }

    /** What was asked when the call failed, in words. */
    public String getOperation() {
        return operation;
    }
}
