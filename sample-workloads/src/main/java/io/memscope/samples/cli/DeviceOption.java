package io.memscope.samples.cli;

import io.memscope.core.VulkanContextOptions;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code --device}: a device index or a name substring. */
final class DeviceOption {
    @Option(names = "--device", paramLabel = "INDEX|NAME",
            description = "Vulkan device: index or name substring (default: memscope.device, MEMSCOPE_DEVICE, best GPU)")
    @Nullable String device;

    VulkanContextOptions options() {
        VulkanContextOptions defaults = VulkanContextOptions.defaults();
        if (device == null || device.isBlank()) {
            return defaults;
        }
        return device.chars().allMatch(Character::isDigit)
                ? defaults.withDeviceIndex(Integer.parseInt(device))
                : defaults.withDeviceNameContaining(device);
    }
}
