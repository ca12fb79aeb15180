package io.memscope.samples.cli;

import io.memscope.core.VulkanContext;
import io.memscope.core.stats.MemoryHeapInfo;
import io.memscope.core.stats.MemoryTypeInfo;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code memscope info}: the device, its heaps, memory types and enabled extensions. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the Vulkan device memscope would use, its heaps and memory types.")
final class InfoCommand implements Callable<Integer> {
    @Mixin
    DeviceOption device = new DeviceOption();

    @Override
    public Integer call() {
        try (VulkanContext ctx = device.open()) {
            System.out.println("Device:     " + ctx);
            System.out.println("Extensions: " + String.join(", ", ctx.getEnabledDeviceExtensions()));
            System.out.println("Budget:     " + (ctx.hasMemoryBudgetExtension() ? "VK_EXT_memory_budget" : "VMA estimate (80% of heap)"));
            for (MemoryHeapInfo heap : ctx.getMemoryLayout().heaps()) {
                System.out.printf(Locale.ROOT, "Heap %d:     %.2f GiB%s%n", heap.index(), heap.sizeBytes() / (double) (1L << 30),
                        heap.deviceLocal() ? " device-local" : "");
            }
            for (MemoryTypeInfo type : ctx.getMemoryLayout().types()) {
                System.out.printf(Locale.ROOT, "Type %d:     heap %d %s%n", type.index(), type.heapIndex(), type.describeFlags());
            }
        }
        return 0;
    }
}
