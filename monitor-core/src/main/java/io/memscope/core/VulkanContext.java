package io.memscope.core;

import static io.memscope.core.VkCheck.check;
import static org.lwjgl.util.vma.Vma.VMA_ALLOCATOR_CREATE_BUFFER_DEVICE_ADDRESS_BIT;
import static org.lwjgl.util.vma.Vma.VMA_ALLOCATOR_CREATE_EXT_MEMORY_BUDGET_BIT;
import static org.lwjgl.util.vma.Vma.VMA_ALLOCATOR_CREATE_EXT_MEMORY_PRIORITY_BIT;
import static org.lwjgl.util.vma.Vma.VMA_ALLOCATOR_CREATE_KHR_BIND_MEMORY2_BIT;
import static org.lwjgl.util.vma.Vma.VMA_ALLOCATOR_CREATE_KHR_DEDICATED_ALLOCATION_BIT;
import static org.lwjgl.util.vma.Vma.VMA_ALLOCATOR_CREATE_KHR_MAINTENANCE4_BIT;
import static org.lwjgl.vulkan.VK10.VK_COMMAND_BUFFER_LEVEL_PRIMARY;
import static org.lwjgl.vulkan.VK10.VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
import static org.lwjgl.vulkan.VK10.VK_MAKE_API_VERSION;
import static org.lwjgl.vulkan.VK10.VK_SUCCESS;
import static org.lwjgl.vulkan.VK10.vkAllocateCommandBuffers;
import static org.lwjgl.vulkan.VK10.vkBeginCommandBuffer;
import static org.lwjgl.vulkan.VK10.vkCreateFence;
import static org.lwjgl.vulkan.VK10.vkDestroyCommandPool;
import static org.lwjgl.vulkan.VK10.vkDestroyDevice;
import static org.lwjgl.vulkan.VK10.vkDestroyFence;
import static org.lwjgl.vulkan.VK10.vkDestroyInstance;
import static org.lwjgl.vulkan.VK10.vkDeviceWaitIdle;
import static org.lwjgl.vulkan.VK10.vkEndCommandBuffer;
import static org.lwjgl.vulkan.VK10.vkFreeCommandBuffers;
import static org.lwjgl.vulkan.VK10.vkQueueSubmit;
import static org.lwjgl.vulkan.VK10.vkWaitForFences;

import io.memscope.core.exceptions.VulkanException;
import io.memscope.core.exceptions.VulkanUnavailableException;
import io.memscope.core.stats.DeviceMemoryLayout;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkCommandBufferAllocateInfo;
import org.lwjgl.vulkan.VkCommandBufferBeginInfo;
import org.lwjgl.vulkan.VkDevice;
import org.lwjgl.vulkan.VkFenceCreateInfo;
import org.lwjgl.vulkan.VkInstance;
import org.lwjgl.vulkan.VkPhysicalDevice;
import org.lwjgl.vulkan.VkQueue;
import org.lwjgl.vulkan.VkSubmitInfo;

/**
 * A headless Vulkan instance and logical device (no window, no surface), with the extensions VMA benefits
 * from enabled where the device offers them ({@code VK_EXT_memory_budget}, dedicated allocation, bind
 * memory 2, buffer device address, maintenance4, {@code VK_EXT_memory_priority} and
 * {@code VK_EXT_pageable_device_local_memory} with their features), one queue that supports graphics (for blits) and a
 * command pool for one-shot transfer work.
 *
 * <p>Threading: getters are safe from any thread. {@link #submitAndWait} serialises submissions on the one
 * queue. {@link #close()} must come after every {@link AllocatorCore} on this context is closed.
 *
 * <p>Cost: creation takes milliseconds to a few hundred milliseconds (driver start-up); create one per
 * application.
 *
 * <p>Driver thread: the instance and device are created and destroyed on one memscope thread, whichever threads
 * call {@link #create} and {@link #close()} (NVIDIA's driver crashes otherwise). Exit: a context still open when the
 * JVM exits is closed by a shutdown hook, after the application's running threads have had up to five seconds to
 * end (drivers crash at exit with a live device); see {@code docs/allocator.md}. Closing it yourself is still the
 * right thing to do.
 */
public final class VulkanContext implements AutoCloseable {
    private static final long FENCE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final VkInstance instance;
    private final VkPhysicalDevice physicalDevice;
    private final VkDevice device;
    private final VkQueue queue;
    private final int queueFamilyIndex;
    private final long commandPool;
    private final int apiVersion;
    private final String deviceName;
    private final Set<String> enabledDeviceExtensions;
    private final boolean bufferDeviceAddressEnabled;
    private final boolean maintenance4Enabled;
    private final DeviceMemoryLayout memoryLayout;
    private final Object queueLock = new Object();
    /** What must close before the device goes (the engines of the cores on it); they register and unregister. */
    private final Set<Dependent> dependents = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    VulkanContext(VkInstance instance, VkPhysicalDevice physicalDevice, VkDevice device, VkQueue queue,
                  int queueFamilyIndex, long commandPool, int apiVersion, String deviceName,
                  Set<String> enabledDeviceExtensions, boolean bufferDeviceAddressEnabled,
                  boolean maintenance4Enabled, DeviceMemoryLayout memoryLayout) {
        this.instance = instance;
        this.physicalDevice = physicalDevice;
        this.device = device;
        this.queue = queue;
        this.queueFamilyIndex = queueFamilyIndex;
        this.commandPool = commandPool;
        this.apiVersion = apiVersion;
        this.deviceName = deviceName;
        this.enabledDeviceExtensions = Set.copyOf(enabledDeviceExtensions);
        this.bufferDeviceAddressEnabled = bufferDeviceAddressEnabled;
        this.maintenance4Enabled = maintenance4Enabled;
        this.memoryLayout = memoryLayout;
        ExitCloser.opened(this);
    }

    /** Creates a context on the device chosen by {@link VulkanContextOptions#defaults()}. */
    public static VulkanContext create() {
        return create(VulkanContextOptions.defaults());
    }

    /**
     * Creates a context.
     *
     * @throws VulkanUnavailableException if the Vulkan loader or a driver is missing
     * @throws IllegalArgumentException if the options select no device; the message lists the devices
     * @throws VulkanException if instance or device creation fails
     */
    public static VulkanContext create(VulkanContextOptions options) {
        return DriverThread.call(() -> VulkanBootstrap.create(options)); // destroyed on the same thread, see there
    }

    public VkInstance getInstance() {
        return instance;
    }

    public VkPhysicalDevice getPhysicalDevice() {
        return physicalDevice;
    }

    public VkDevice getDevice() {
        return device;
    }

    /** The one queue memscope submits to; it supports graphics, compute and transfer. */
    public VkQueue getQueue() {
        return queue;
    }

    public int getQueueFamilyIndex() {
        return queueFamilyIndex;
    }

    /** The Vulkan API version the device was created with ({@code VK_MAKE_API_VERSION} encoding). */
    public int getApiVersion() {
        return apiVersion;
    }

    /** {@code VkPhysicalDeviceProperties.deviceName}, e.g. {@code "llvmpipe (LLVM 15.0.6, 256 bits)"}. */
    public String getDeviceName() {
        return deviceName;
    }

    /** The device extensions that were enabled. */
    public Set<String> getEnabledDeviceExtensions() {
        return enabledDeviceExtensions;
    }

    /** Whether {@code VK_EXT_memory_budget} is enabled, so budgets come from the driver rather than VMA's estimate. */
    public boolean hasMemoryBudgetExtension() {
        return enabledDeviceExtensions.contains("VK_EXT_memory_budget");
    }

    /**
     * Whether {@code VK_EXT_memory_priority} and its feature {@code memoryPriority} are on: then every
     * {@link AllocatorCore} creates VMA with {@code VMA_ALLOCATOR_CREATE_EXT_MEMORY_PRIORITY_BIT}, and allocation
     * priorities ({@link MemoryAllocator#setAllocationPriority}) reach the driver. O(1).
     */
    public boolean isMemoryPriorityEnabled() {
        return enabledDeviceExtensions.contains(VulkanBootstrap.MEMORY_PRIORITY);
    }

    /**
     * Whether {@code VK_EXT_pageable_device_local_memory} and its feature are on (only with
     * {@link #isMemoryPriorityEnabled()}): the driver may then page device-local memory out to host memory when it is
     * oversubscribed instead of failing, lowest priority first. VMA has no flag of its own for it. O(1).
     */
    public boolean isPageableDeviceLocalMemoryEnabled() {
        return enabledDeviceExtensions.contains(VulkanBootstrap.PAGEABLE_DEVICE_LOCAL_MEMORY);
    }

    public boolean isBufferDeviceAddressEnabled() {
        return bufferDeviceAddressEnabled;
    }

    public boolean isMaintenance4Enabled() {
        return maintenance4Enabled;
    }

    /**
     * The {@code VmaAllocatorCreateFlags} for what this context enabled: {@code EXT_MEMORY_BUDGET}, {@code EXT_MEMORY_PRIORITY},
     * {@code BUFFER_DEVICE_ADDRESS}, {@code KHR_MAINTENANCE4}, and on Vulkan 1.0 {@code KHR_DEDICATED_ALLOCATION}
     * and {@code KHR_BIND_MEMORY2} where their extensions are on. {@link AllocatorCore} adds
     * {@code EXTERNALLY_SYNCHRONIZED}; code that creates a {@code VmaAllocator} of its own on this device can use
     * them as they are. O(1).
     */
    public int vmaAllocatorFlags() {
        int flags = 0;
        if (hasMemoryBudgetExtension()) {
            flags |= VMA_ALLOCATOR_CREATE_EXT_MEMORY_BUDGET_BIT;
        }
        if (isMemoryPriorityEnabled()) {
            flags |= VMA_ALLOCATOR_CREATE_EXT_MEMORY_PRIORITY_BIT;
        }
        if (bufferDeviceAddressEnabled) {
            flags |= VMA_ALLOCATOR_CREATE_BUFFER_DEVICE_ADDRESS_BIT;
        }
        if (maintenance4Enabled) {
            flags |= VMA_ALLOCATOR_CREATE_KHR_MAINTENANCE4_BIT;
        }
        if (apiVersion < VK_MAKE_API_VERSION(0, 1, 1, 0)) {
            if (enabledDeviceExtensions.contains("VK_KHR_dedicated_allocation")) {
                flags |= VMA_ALLOCATOR_CREATE_KHR_DEDICATED_ALLOCATION_BIT;
            }
            if (enabledDeviceExtensions.contains("VK_KHR_bind_memory2")) {
                flags |= VMA_ALLOCATOR_CREATE_KHR_BIND_MEMORY2_BIT;
            }
        }
        return flags;
    }

    /** Heaps and memory types of the device. */
    public DeviceMemoryLayout getMemoryLayout() {
        return memoryLayout;
    }

    /**
     * Records commands into a fresh primary command buffer, submits it to the queue and waits for it
     * (fence, 60 s limit). Serialised with other submissions through this context. Meant for one-shot
     * transfer work (staging copies, layout transitions, blits), not for per-frame rendering.
     *
     * @throws VulkanException if allocation, submission or the wait fails
     */
    public void submitAndWait(Consumer<VkCommandBuffer> recorder) {
        synchronized (queueLock) {
            ensureOpen(); // under the lock: close() cannot destroy the device between the check and the submit
            try (MemoryStack stack = MemoryStack.stackPush()) {
                VkCommandBufferAllocateInfo allocInfo = VkCommandBufferAllocateInfo.calloc(stack)
                        .sType$Default()
                        .commandPool(commandPool)
                        .level(VK_COMMAND_BUFFER_LEVEL_PRIMARY)
                        .commandBufferCount(1);
                PointerBuffer pCmd = stack.mallocPointer(1);
                check(vkAllocateCommandBuffers(device, allocInfo, pCmd), "vkAllocateCommandBuffers");
                VkCommandBuffer cmd = new VkCommandBuffer(pCmd.get(0), device);
                long fence = 0;
                try {
                    check(vkBeginCommandBuffer(cmd, VkCommandBufferBeginInfo.calloc(stack).sType$Default()
                            .flags(VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT)), "vkBeginCommandBuffer");
                    recorder.accept(cmd);
                    check(vkEndCommandBuffer(cmd), "vkEndCommandBuffer");
                    var pFence = stack.mallocLong(1);
                    check(vkCreateFence(device, VkFenceCreateInfo.calloc(stack).sType$Default(), null, pFence),
                            "vkCreateFence");
                    fence = pFence.get(0);
                    VkSubmitInfo submit = VkSubmitInfo.calloc(stack).sType$Default().pCommandBuffers(pCmd);
                    check(vkQueueSubmit(queue, submit, fence), "vkQueueSubmit");
                    check(vkWaitForFences(device, fence, true, FENCE_TIMEOUT_NANOS), "vkWaitForFences");
                } finally {
                    if (fence != 0) {
                        vkDestroyFence(device, fence, null);
                    }
                    vkFreeCommandBuffers(device, commandPool, pCmd);
                }
            }
        }
    }

    /**
     * Closes every {@link AllocatorCore} still open on this context (freeing and reporting their leaks, so
     * nothing can reach a destroyed device), waits for the device to be idle, then destroys the command
     * pool, the device and the instance. Idempotent.
     */
    @Override
    public void close() {
        DriverThread.run(this::closeOnDriverThread);
    }

    private void closeOnDriverThread() {
        for (Dependent dependent : dependents) {
            try {
                dependent.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + dependent + " before " + this + " failed", e);
            }
        }
        destroyDevice();
    }

    /**
     * At JVM exit ({@link ExitCloser}): closes what can be closed safely by {@code deadlineNanos} and destroys the
     * device only if every dependent closed; a dependent that cannot (its lock held, memory mapped) keeps the device.
     */
    void closeAtExit(long deadlineNanos, @Nullable String runningThread) {
        DriverThread.run(() -> {
            boolean all = true;
            for (Dependent dependent : dependents) {
                all &= dependent.closeAtExit(deadlineNanos, runningThread);
            }
            if (all) {
                destroyDevice();
            }
        });
    }

    private void destroyDevice() {
        synchronized (queueLock) {
            if (closed) {
                return;
            }
            closed = true;
            vkDeviceWaitIdle(device);
            vkDestroyCommandPool(device, commandPool, null);
            vkDestroyDevice(device, null);
            vkDestroyInstance(instance, null);
        }
        ExitCloser.closed(this);
    }

    /** Whether {@link #close()} has run. */
    public boolean isClosed() {
        return closed;
    }

    /** {@code dependent} will be closed by {@link #close()} before the device is destroyed, unless it unregisters. */
    void register(Dependent dependent) {
        ensureOpen();
        dependents.add(dependent);
    }

    void unregister(Dependent dependent) {
        dependents.remove(dependent);
    }

    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("VulkanContext for " + deviceName + " is closed");
        }
    }

    @Override
    public String toString() {
        return "VulkanContext[" + deviceName + ", api " + VulkanBootstrap.versionString(apiVersion) + "]";
    }

    /** What must close before the device goes: the engines of the cores on it. */
    interface Dependent extends AutoCloseable {
        /** Closes if that is safe at JVM exit (see {@link CoreEngine#closeAtExit}); returns whether it is closed. */
        boolean closeAtExit(long deadlineNanos, @Nullable String runningThread);
    }
}
