package io.memscope.core.exceptions;

/**
 * Vulkan cannot be used on this machine: the loader library ({@code libvulkan.so.1}) is missing, or no
 * driver (ICD) offers a device. The message says which and how to install it; on Debian/Ubuntu that is
 * {@code apt-get install libvulkan1 mesa-vulkan-drivers} (Mesa's lavapipe is a conformant CPU driver).
 */
public final class VulkanUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VulkanUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public VulkanUnavailableException(String message) {
        super(message);
    }
}
