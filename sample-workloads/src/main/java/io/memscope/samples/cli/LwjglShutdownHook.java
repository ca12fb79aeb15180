package io.memscope.samples.cli;

import static org.lwjgl.vulkan.VK10.VK_FALSE;

import org.lwjgl.vulkan.VkDebugUtilsMessengerCallbackEXT;

/**
 * LWJGL registers a JVM shutdown hook when the first upcall (a native callback into Java, such as VMA's
 * device-memory callbacks) is created. After Ctrl-C has started the shutdown that registration throws, and
 * LWJGL's class initialiser fails with an {@code ExceptionInInitializerError}. Creating and freeing one callback
 * before the device opens registers the hook while that still works, so a Ctrl-C during start-up ends the
 * command cleanly instead.
 */
final class LwjglShutdownHook {
    private LwjglShutdownHook() {
    }

    /** Registers LWJGL's hook now; cheap after the first call. */
    static void registerNow() {
        try {
            VkDebugUtilsMessengerCallbackEXT.create((severity, types, data, user) -> VK_FALSE).free();
        } catch (LinkageError e) {
            if (CtrlC.pressed()) {
                throw e; // the shutdown came first: the command ends here
            }
            // LWJGL cannot load its natives: VulkanContext.create reports that (VulkanUnavailableException)
        }
    }
}
