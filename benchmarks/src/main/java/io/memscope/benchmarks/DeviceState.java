package io.memscope.benchmarks;

import io.memscope.core.AllocatorCore;
import io.memscope.core.VulkanContext;

/** A Vulkan device and one allocator core, opened once per benchmark trial. Not thread-safe. */
final class DeviceState implements AutoCloseable {
    final VulkanContext context;
    final AllocatorCore core;

    DeviceState() {
        context = VulkanContext.create();
        core = AllocatorCore.create(context);
    }

    @Override
    public void close() {
        core.close();
        context.close();
    }
}
