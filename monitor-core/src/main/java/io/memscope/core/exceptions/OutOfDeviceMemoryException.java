package io.memscope.core.exceptions;

/**
 * The device (or the host, for host-visible heaps) had no memory left for a request:
 * {@code VK_ERROR_OUT_OF_DEVICE_MEMORY} or {@code VK_ERROR_OUT_OF_HOST_MEMORY}. Freeing memory and retrying
 * is the expected recovery; the allocator stays usable.
 */
public final class OutOfDeviceMemoryException extends VulkanException {
    private static final long serialVersionUID = 1L;

    OutOfDeviceMemoryException(int resultCode, String operation) {
        super(resultCode, operation);
    }
}
