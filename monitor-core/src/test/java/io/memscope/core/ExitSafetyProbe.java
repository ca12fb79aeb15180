package io.memscope.core;

import static org.lwjgl.vulkan.VK10.*;

import java.util.concurrent.CountDownLatch;

/**
 * Child-JVM side of {@link ExitSafetyTest}: opens a context, a core with a live buffer, an open mapping and a
 * subscribed monitor, forgets to close any of it, prints {@code READY} and ends the way its argument says:
 * {@code end} (main returns), {@code exit} ({@code System.exit(3)}), {@code throw} (uncaught exception) or
 * {@code wait} (blocks until a signal ends the JVM); or, {@code closed-elsewhere}, closes everything properly but on
 * another thread than the one that created it, then returns.
 */
public final class ExitSafetyProbe {
    private ExitSafetyProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        VulkanContext vulkan = VulkanContext.create();
        AllocatorCore core = AllocatorCore.create(vulkan);
        core.monitor().events().subscribe(event -> { });
        BufferAllocation buffer = core.allocator("Forgotten").allocateBuffer(BufferRequest.of(1 << 20,
                VK_BUFFER_USAGE_TRANSFER_SRC_BIT, MemoryUsage.CPU_TO_GPU).named("left live"));
        buffer.map().getByteBuffer().put(0, (byte) 1);
        System.out.println("READY");
        System.out.flush();
        if (args[0].equals("writer")) { // a daemon thread writes through the mapping while the JVM exits
            java.nio.ByteBuffer view = buffer.map().getByteBuffer();
            CountDownLatch writing = new CountDownLatch(1);
            Thread writer = new Thread(() -> {
                for (long i = 0; ; i++) {
                    view.putLong((int) (i % (view.capacity() / 8)) * 8, i);
                    writing.countDown();
                }
            }, "writer");
            writer.setDaemon(true);
            writer.start();
            writing.await();
            System.exit(0);
        }
        if (args[0].equals("lossless-stalled")) { // an allocation waits, holding the core lock, for a stalled subscriber
            lossslessStalled(vulkan);
            return;
        }
        if (args[0].equals("close-while-stalled")) { // the application closes its context while the core is stuck
            lossslessStalled(vulkan);
            long start = System.nanoTime();
            try {
                vulkan.close();
                System.out.println("CLOSED");
            } catch (IllegalStateException refused) {
                System.out.println("REFUSED after " + (System.nanoTime() - start) / 1_000_000_000 + " s: "
                        + refused.getMessage() + " / " + refused.getCause());
            }
            return;
        }
        if (args[0].equals("closed-elsewhere")) {
            Thread closer = new Thread(() -> {
                buffer.getAllocator().getCore(); // touch from this thread too
                vulkan.close();
            }, "closer");
            closer.start();
            closer.join();
            System.out.println("CLOSED " + core.isClosed() + " " + vulkan.isClosed());
            return;
        }
        switch (args[0]) {
            case "end" -> { }
            case "exit" -> System.exit(3);
            case "throw" -> throw new IllegalStateException("the application failed (expected by the test)");
            case "wait" -> new CountDownLatch(1).await();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void lossslessStalled(VulkanContext vulkan) throws InterruptedException {
        AllocatorCore lossless = AllocatorCore.create(vulkan, AllocatorOptions.defaults().withMonitor(
                MonitorOptions.defaults().withOverflowPolicy(OverflowPolicy.LOSSLESS).withBufferCapacity(16)));
        CountDownLatch never = new CountDownLatch(1);
        lossless.monitor().events().subscribe(event -> never.await());
        MemoryAllocator allocator = lossless.allocator("Stalled");
        Thread allocating = new Thread(() -> {
            while (true) {
                allocator.allocateBuffer(256, VK_BUFFER_USAGE_TRANSFER_SRC_BIT, MemoryUsage.CPU_TO_GPU).close();
            }
        }, "allocating");
        allocating.setDaemon(true);
        allocating.start();
        while (allocating.getState() == Thread.State.RUNNABLE) { // until it waits for the subscriber
            Thread.onSpinWait();
        }
        System.out.println("STALLED");
    }
}
