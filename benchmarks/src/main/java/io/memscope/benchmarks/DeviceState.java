package io.memscope.benchmarks;

import io.memscope.core.AllocatorCore;
import io.memscope.core.AllocatorOptions;
import io.memscope.core.MonitorOptions;
import io.memscope.core.VulkanContext;

/** A Vulkan device and one allocator core, opened once per benchmark trial. Not thread-safe. */
final class DeviceState implements AutoCloseable {
    final VulkanContext context;
    final AllocatorCore core;

    DeviceState() {
        this(MonitorOptions.defaults());
    }

    DeviceState(MonitorOptions monitor) {
        context = VulkanContext.create();
        core = AllocatorCore.create(context, AllocatorOptions.defaults().withMonitor(monitor));
    }

    @Override
    public void close() {
        core.close();
        context.close();
    }
}
