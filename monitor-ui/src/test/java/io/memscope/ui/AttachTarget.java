package io.memscope.ui;

import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

import io.memscope.core.AllocatorCore;
import io.memscope.core.AllocatorOptions;
import io.memscope.core.BufferAllocation;
import io.memscope.core.BufferRequest;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemoryUsage;
import io.memscope.core.MonitorOptions;
import io.memscope.core.VulkanContext;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM for {@link AttachedDashboardUiTest}: an engine with one allocator core on the default device that
 * obeys lines on stdin ({@code alloc N}: N buffers of 64 KiB tagged "Terrain"; {@code snapshots}: how many the
 * monitor keeps) and answers each with one line; {@code ready} once its core exists.
 */
public final class AttachTarget {
    private AttachTarget() {
    }

    public static void main(String[] args) throws Exception {
        try (VulkanContext context = VulkanContext.create();
             AllocatorCore core = AllocatorCore.create(context, AllocatorOptions.defaults()
                     .withMonitor(MonitorOptions.defaults().withSampleInterval(Duration.ofMillis(100))))) {
            MemoryAllocator terrain = core.allocator("Terrain");
            List<BufferAllocation> buffers = new ArrayList<>();
            System.out.println("ready");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                String[] words = line.trim().split("\\s+");
                switch (words[0]) {
                    case "alloc" -> {
                        for (int i = Integer.parseInt(words[1]); i > 0; i--) {
                            buffers.add(terrain.allocateBuffer(BufferRequest.of(1 << 16, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                                    MemoryUsage.GPU_ONLY).named("chunk " + buffers.size())));
                        }
                        System.out.println("live " + core.getStats().allocationCount());
                    }
                    case "snapshots" -> System.out.println("snapshots " + core.monitor().getSnapshots().size());
                    default -> System.out.println("unknown " + line);
                }
            }
            buffers.forEach(BufferAllocation::close);
        }
    }
}
