package io.memscope.core;

import org.jspecify.annotations.Nullable;

/**
 * How {@link VulkanContext#create(VulkanContextOptions)} picks a device.
 *
 * <p>Selection order: {@code deviceIndex} if set, else {@code deviceNameContains} if set, else the system
 * property {@value #DEVICE_PROPERTY}, else the environment variable {@value #DEVICE_ENV} (a number is an
 * index, anything else a case-insensitive name substring), else the first discrete GPU, then integrated,
 * virtual and CPU devices in that order.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param deviceIndex index into {@code vkEnumeratePhysicalDevices}, or {@code null}
 * @param deviceNameContains case-insensitive substring of {@code deviceName}, or {@code null}
 * @param applicationName passed to {@code VkApplicationInfo}
 */
public record VulkanContextOptions(@Nullable Integer deviceIndex, @Nullable String deviceNameContains,
                                   String applicationName) {
    /** System property that selects a device when the options do not: an index or a name substring. */
    public static final String DEVICE_PROPERTY = "memscope.device";
    /** Environment variable read when neither the options nor {@value #DEVICE_PROPERTY} select a device. */
    public static final String DEVICE_ENV = "MEMSCOPE_DEVICE";

    public VulkanContextOptions {
        if (deviceIndex != null && deviceIndex < 0) {
            throw new IllegalArgumentException("deviceIndex must be >= 0, was " + deviceIndex);
        }
    }

    /** No explicit selection: property, environment, then the best device type. */
    public static VulkanContextOptions defaults() {
        return new VulkanContextOptions(null, null, "memscope");
    }

    /** Selects the device at {@code index} in enumeration order. */
    public VulkanContextOptions withDeviceIndex(int index) {
        return new VulkanContextOptions(index, null, applicationName);
    }

    /** Selects the first device whose name contains {@code substring} (case-insensitive). */
    public VulkanContextOptions withDeviceNameContaining(String substring) {
        return new VulkanContextOptions(null, substring, applicationName);
    }

    /**
     * Selects a device the way {@value #DEVICE_PROPERTY} and {@value #DEVICE_ENV} do: ASCII digits are an
     * index ({@link #withDeviceIndex}), anything else a name substring ({@link #withDeviceNameContaining});
     * leading and trailing white space is ignored.
     *
     * @throws IllegalArgumentException if {@code selector} is blank, or is an index no device can have
     *         (beyond {@code int})
     */
    public VulkanContextOptions withDevice(String selector) {
        String trimmed = selector.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("A device selector needs an index or a name; it was blank");
        }
        if (!trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return withDeviceNameContaining(trimmed);
        }
        try {
            return withDeviceIndex(Integer.parseInt(trimmed));
        } catch (NumberFormatException tooLarge) {
            throw new IllegalArgumentException("No Vulkan device at index " + trimmed, tooLarge);
        }
    }
}
