package io.memscope.core;

import org.jspecify.annotations.Nullable;

/**
 * One real Vulkan device (lavapipe on CI, a GPU where there is one) shared by every test class in the JVM;
 * closed when the JUnit launcher session ends ({@link TestDeviceSessionListener}), with a shutdown hook as a
 * fallback. Tests make their own {@link AllocatorCore}s on it.
 */
public final class TestDevice {
    private static VulkanContext context;

    private TestDevice() {
    }

    public static synchronized VulkanContext context() {
        if (context == null) {
            context = VulkanContext.create();
            VulkanContext created = context;
            Runtime.getRuntime().addShutdownHook(new Thread(created::close, "close-test-vulkan"));
        }
        return context;
    }

    /** The shared device if a test opened it and it is still open, else null (this never opens it). */
    static synchronized @Nullable VulkanContext openContext() {
        return context == null || context.isClosed() ? null : context;
    }

    /** Closes the shared device if it was opened. Idempotent. */
    public static synchronized void close() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    /** A fresh core with default options. */
    public static AllocatorCore newCore() {
        return AllocatorCore.create(context());
    }

    /** A fresh core whose heaps VMA treats as {@code limitBytes} large. */
    public static AllocatorCore newCore(long limitBytes) {
        return AllocatorCore.create(context(), AllocatorOptions.defaults().withHeapSizeLimit(limitBytes));
    }
}
