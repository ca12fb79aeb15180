package io.memscope.benchmarks;

import io.memscope.core.AllocatorCore;
import io.memscope.core.AllocatorOptions;
import io.memscope.core.MonitorOptions;
import io.memscope.core.OverflowPolicy;
import io.memscope.core.VulkanContext;
import java.time.Duration;

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

    /**
     * The monitor options of a benchmark's {@code monitoring} parameter: {@code off} = allocation events
     * disabled; {@code idle} = enabled, nobody subscribed; {@code subscribed} = enabled and lossless (the
     * benchmark subscribes); {@code jfr} = as {@code subscribed}, and the benchmark also runs a Flight Recorder
     * recording with memscope's events enabled (what an attached monitor's remote stream starts in the target).
     * The periodic sampler is off in all.
     */
    static MonitorOptions monitoring(String mode) {
        MonitorOptions options = switch (mode) {
            case "off" -> MonitorOptions.disabled();
            case "idle" -> MonitorOptions.defaults();
            case "subscribed", "jfr", "capture", "stacks", "stacks16" -> MonitorOptions.defaults().withOverflowPolicy(OverflowPolicy.LOSSLESS);
            default -> throw new IllegalArgumentException("monitoring=" + mode);
        };
        return options.withSampleInterval(Duration.ZERO);
    }

    @Override
    public void close() {
        core.close();
        context.close();
    }
}
