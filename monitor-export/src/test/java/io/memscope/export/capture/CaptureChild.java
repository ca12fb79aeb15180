package io.memscope.export.capture;

import io.memscope.core.AllocatorCore;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.VulkanContext;

/**
 * Child JVM of {@link KilledCaptureTest}: started with {@code -Dmemscope.capture=FILE}, it creates a core (which
 * starts the capture), allocates {@code args[0]} buffers, prints {@code allocated N} and waits to be killed.
 */
public final class CaptureChild {
    private CaptureChild() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        VulkanContext context = VulkanContext.create();
        AllocatorCore core = AllocatorCore.create(context);
        MemoryAllocator allocator = core.allocator("Child");
        for (int i = 0; i < count; i++) {
            var unused = CaptureReaderTest.buffer(allocator, 4096, "child " + i);
        }
        System.out.println("allocated " + count);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE); // killed here
    }
}
