package io.memscope.core;

import static org.lwjgl.vulkan.VK10.VK_SUCCESS;

import io.memscope.core.exceptions.VulkanException;

/** The one check of a Vulkan or VMA result code: anything but success becomes a {@link VulkanException}. */
final class VkCheck {
    private VkCheck() {
    }

    /** Throws a {@link VulkanException} naming {@code operation} unless {@code result} is {@code VK_SUCCESS}. */
    static void check(int result, String operation) {
        if (result != VK_SUCCESS) {
            throw VulkanException.of(result, operation);
        }
    }

    /** As {@link #check(int, String)}, also accepting {@code alsoFine} (e.g. {@code VK_INCOMPLETE}). */
    static void check(int result, int alsoFine, String operation) {
        if (result != alsoFine) {
            check(result, operation);
        }
    }
}
