package io.memscope.core;

import static io.memscope.core.VkCheck.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.KHRPortabilityEnumeration.VK_INSTANCE_CREATE_ENUMERATE_PORTABILITY_BIT_KHR;
import static org.lwjgl.vulkan.VK10.*;
import static org.lwjgl.vulkan.VK11.vkGetPhysicalDeviceFeatures2;

import io.memscope.core.exceptions.VulkanException;
import io.memscope.core.exceptions.VulkanUnavailableException;
import io.memscope.core.stats.DeviceMemoryLayout;
import io.memscope.core.stats.MemoryHeapInfo;
import io.memscope.core.stats.MemoryTypeInfo;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VK;
import org.lwjgl.vulkan.VkApplicationInfo;
import org.lwjgl.vulkan.VkCommandPoolCreateInfo;
import org.lwjgl.vulkan.VkDevice;
import org.lwjgl.vulkan.VkDeviceCreateInfo;
import org.lwjgl.vulkan.VkDeviceQueueCreateInfo;
import org.lwjgl.vulkan.VkExtensionProperties;
import org.lwjgl.vulkan.VkInstance;
import org.lwjgl.vulkan.VkInstanceCreateInfo;
import org.lwjgl.vulkan.VkPhysicalDevice;
import org.lwjgl.vulkan.VkPhysicalDeviceFeatures2;
import org.lwjgl.vulkan.VkPhysicalDeviceMemoryPriorityFeaturesEXT;
import org.lwjgl.vulkan.VkPhysicalDeviceMemoryProperties;
import org.lwjgl.vulkan.VkPhysicalDevicePageableDeviceLocalMemoryFeaturesEXT;
import org.lwjgl.vulkan.VkPhysicalDeviceProperties;
import org.lwjgl.vulkan.VkPhysicalDeviceVulkan12Features;
import org.lwjgl.vulkan.VkPhysicalDeviceVulkan13Features;
import org.lwjgl.vulkan.VkQueue;
import org.lwjgl.vulkan.VkQueueFamilyProperties;

/** Creates {@link VulkanContext}s: loader check, instance, device choice, extensions, queue, command pool. */
final class VulkanBootstrap {
    static final String INSTALL_HINT =
            "On Debian/Ubuntu install the loader and Mesa's drivers (lavapipe runs Vulkan on the CPU): "
                    + "apt-get install libvulkan1 mesa-vulkan-drivers";

    /** Device extensions VMA can use; each is enabled when the device offers it. */
    static final List<String> WANTED_DEVICE_EXTENSIONS = List.of(
            "VK_EXT_memory_budget",
            "VK_KHR_dedicated_allocation",
            "VK_KHR_get_memory_requirements2",
            "VK_KHR_bind_memory2",
            "VK_KHR_buffer_device_address",
            "VK_KHR_maintenance4");
    /** Enabled, with its feature {@code memoryPriority}, where the device has both: VMA passes priorities through. */
    static final String MEMORY_PRIORITY = "VK_EXT_memory_priority";
    /** Enabled, with its feature, where the device has it and memory priority is on (it depends on it). */
    static final String PAGEABLE_DEVICE_LOCAL_MEMORY = "VK_EXT_pageable_device_local_memory";

    private static final int MAX_API_VERSION = VK_MAKE_API_VERSION(0, 1, 3, 0);

    private VulkanBootstrap() {
    }

    static VulkanContext create(VulkanContextOptions options) {
        int instanceVersion = Math.min(loadVulkanLoader(), MAX_API_VERSION);
        VkInstance instance = createInstance(options.applicationName(), instanceVersion);
        try {
            return createOnInstance(instance, instanceVersion, options);
        } catch (RuntimeException | Error e) {
            vkDestroyInstance(instance, null);
            throw e;
        }
    }

    /** Loads {@code libvulkan} through LWJGL; returns the instance version it supports. */
    private static int loadVulkanLoader() {
        try {
            VK.getFunctionProvider();
            return VK.getInstanceVersionSupported();
        } catch (LinkageError | RuntimeException e) {
            throw new VulkanUnavailableException("The Vulkan loader (libvulkan.so.1) could not be loaded: "
                    + e + ". " + INSTALL_HINT, e);
        }
    }

    private static VkInstance createInstance(String applicationName, int apiVersion) {
        try (MemoryStack stack = stackPush()) {
            Set<String> available = instanceExtensions(stack);
            boolean portability = available.contains("VK_KHR_portability_enumeration");
            PointerBuffer extensions = stack.mallocPointer(1);
            if (portability) {
                extensions.put(stack.UTF8("VK_KHR_portability_enumeration"));
            }
            extensions.flip();
            VkApplicationInfo app = VkApplicationInfo.calloc(stack).sType$Default()
                    .pApplicationName(stack.UTF8(applicationName))
                    .pEngineName(stack.UTF8("memscope"))
                    .apiVersion(apiVersion);
            VkInstanceCreateInfo info = VkInstanceCreateInfo.calloc(stack).sType$Default()
                    .pApplicationInfo(app)
                    .ppEnabledExtensionNames(extensions)
                    .flags(portability ? VK_INSTANCE_CREATE_ENUMERATE_PORTABILITY_BIT_KHR : 0);
            PointerBuffer pInstance = stack.mallocPointer(1);
            int result = vkCreateInstance(info, null, pInstance);
            if (result == VK_ERROR_INCOMPATIBLE_DRIVER || result == VK_ERROR_INITIALIZATION_FAILED
                    || result == VK_ERROR_OUT_OF_HOST_MEMORY) {
                throw noUsableDriver(result, "vkCreateInstance");
            }
            if (result != VK_SUCCESS) {
                throw VulkanException.of(result, "vkCreateInstance(api " + versionString(apiVersion) + ")");
            }
            return new VkInstance(pInstance.get(0), info);
        }
    }

    /**
     * The loader could not use its drivers. It answers {@code VK_ERROR_OUT_OF_HOST_MEMORY} when a driver
     * manifest (ICD JSON) is malformed, so that counts as no usable driver too.
     */
    private static VulkanUnavailableException noUsableDriver(int result, String operation) {
        String name = VulkanException.of(result, operation).getResultName();
        String manifests = result == VK_ERROR_OUT_OF_HOST_MEMORY
                ? "; the loader answers so when a driver manifest (ICD JSON: VK_DRIVER_FILES, VK_ICD_FILENAMES, "
                        + "/usr/share/vulkan/icd.d) is malformed"
                : "";
        return new VulkanUnavailableException("The Vulkan loader found no usable driver (" + operation + ": " + name
                + manifests + "). " + INSTALL_HINT);
    }

    private static Set<String> instanceExtensions(MemoryStack stack) {
        IntBuffer count = stack.ints(0);
        int result = vkEnumerateInstanceExtensionProperties((String) null, count, null);
        if (result != VK_SUCCESS) {
            throw noUsableDriver(result, "vkEnumerateInstanceExtensionProperties");
        }
        // on the heap: drivers list hundreds of extensions (260 bytes each), more than the 64 KiB MemoryStack holds
        VkExtensionProperties.Buffer props = VkExtensionProperties.malloc(count.get(0));
        try {
            check(vkEnumerateInstanceExtensionProperties((String) null, count, props), "vkEnumerateInstanceExtensionProperties");
            return names(props);
        } finally {
            props.free();
        }
    }

    private static Set<String> names(VkExtensionProperties.Buffer props) {
        Set<String> names = new LinkedHashSet<>();
        props.forEach(p -> names.add(p.extensionNameString()));
        return names;
    }

    private static VulkanContext createOnInstance(VkInstance instance, int instanceVersion, VulkanContextOptions options) {
        try (MemoryStack stack = stackPush()) {
            List<VkPhysicalDevice> devices = physicalDevices(instance, stack);
            if (devices.isEmpty()) {
                throw new VulkanUnavailableException("The Vulkan loader works but no driver offers a device. " + INSTALL_HINT);
            }
            List<String> names = new ArrayList<>();
            List<Integer> types = new ArrayList<>();
            for (VkPhysicalDevice d : devices) {
                VkPhysicalDeviceProperties props = VkPhysicalDeviceProperties.malloc(stack);
                vkGetPhysicalDeviceProperties(d, props);
                names.add(props.deviceNameString());
                types.add(props.deviceType());
            }
            int chosen = chooseDevice(options, names, types);
            VkPhysicalDevice physical = devices.get(chosen);
            VkPhysicalDeviceProperties props = VkPhysicalDeviceProperties.malloc(stack);
            vkGetPhysicalDeviceProperties(physical, props);
            int apiVersion = Math.min(instanceVersion, props.apiVersion());
            apiVersion = VK_MAKE_API_VERSION(0, VK_API_VERSION_MAJOR(apiVersion), VK_API_VERSION_MINOR(apiVersion), 0);
            return createDevice(instance, physical, names.get(chosen), apiVersion, stack);
        }
    }

    private static List<VkPhysicalDevice> physicalDevices(VkInstance instance, MemoryStack stack) {
        IntBuffer count = stack.mallocInt(1);
        check(vkEnumeratePhysicalDevices(instance, count, null), "vkEnumeratePhysicalDevices");
        PointerBuffer handles = stack.mallocPointer(count.get(0));
        check(vkEnumeratePhysicalDevices(instance, count, handles), "vkEnumeratePhysicalDevices");
        List<VkPhysicalDevice> devices = new ArrayList<>();
        for (int i = 0; i < count.get(0); i++) {
            devices.add(new VkPhysicalDevice(handles.get(i), instance));
        }
        return devices;
    }

    /** Picks a device index; see {@link VulkanContextOptions} for the order. */
    static int chooseDevice(VulkanContextOptions options, List<String> names, List<Integer> types) {
        if (options.deviceIndex() != null || options.deviceNameContains() != null) {
            return chooseSelected(options, names);
        }
        String property = System.getProperty(VulkanContextOptions.DEVICE_PROPERTY);
        if (property != null && !property.isBlank()) {
            return chooseBySelector(options, property, "-D" + VulkanContextOptions.DEVICE_PROPERTY, names);
        }
        String env = System.getenv(VulkanContextOptions.DEVICE_ENV);
        if (env != null && !env.isBlank()) {
            return chooseBySelector(options, env, VulkanContextOptions.DEVICE_ENV, names);
        }
        int[] preference = {VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU, VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU,
                VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU, VK_PHYSICAL_DEVICE_TYPE_CPU};
        for (int type : preference) {
            int i = types.indexOf(type);
            if (i >= 0) {
                return i;
            }
        }
        return 0;
    }

    /** A selector from the system property or the environment; a selector that selects nothing says where it came from. */
    private static int chooseBySelector(VulkanContextOptions options, String selector, String source, List<String> names) {
        try {
            return chooseSelected(options.withDevice(selector), names);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + "; selected by " + source + "=" + selector.strip(), e);
        }
    }

    private static int chooseSelected(VulkanContextOptions options, List<String> names) {
        Integer index = options.deviceIndex();
        if (index != null) {
            if (index >= names.size()) {
                throw new IllegalArgumentException("No Vulkan device at index " + index + "; devices: " + list(names));
            }
            return index;
        }
        String name = String.valueOf(options.deviceNameContains());
        String needle = name.toLowerCase(Locale.ROOT);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).toLowerCase(Locale.ROOT).contains(needle)) {
                return i;
            }
        }
        throw new IllegalArgumentException("No Vulkan device name contains '" + name + "'; devices: " + list(names));
    }

    private static String list(List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(i).append(": ").append(names.get(i));
        }
        return sb.toString();
    }

    private static VulkanContext createDevice(VkInstance instance, VkPhysicalDevice physical, String deviceName,
                                              int apiVersion, MemoryStack stack) {
        int queueFamily = chooseQueueFamily(physical, stack);
        Set<String> available = deviceExtensions(physical, stack);
        Set<String> enabled = new LinkedHashSet<>();
        for (String ext : WANTED_DEVICE_EXTENSIONS) {
            if (available.contains(ext)) {
                enabled.add(ext);
            }
        }
        if (available.contains("VK_KHR_portability_subset")) {
            enabled.add("VK_KHR_portability_subset");
        }
        boolean atLeast11 = apiVersion >= VK_MAKE_API_VERSION(0, 1, 1, 0);
        boolean atLeast12 = apiVersion >= VK_MAKE_API_VERSION(0, 1, 2, 0);
        boolean atLeast13 = apiVersion >= VK_MAKE_API_VERSION(0, 1, 3, 0);
        VkPhysicalDeviceVulkan12Features supported12 = VkPhysicalDeviceVulkan12Features.calloc(stack).sType$Default();
        VkPhysicalDeviceVulkan13Features supported13 = VkPhysicalDeviceVulkan13Features.calloc(stack).sType$Default();
        VkPhysicalDeviceMemoryPriorityFeaturesEXT supportedPriority =
                VkPhysicalDeviceMemoryPriorityFeaturesEXT.calloc(stack).sType$Default();
        VkPhysicalDevicePageableDeviceLocalMemoryFeaturesEXT supportedPageable =
                VkPhysicalDevicePageableDeviceLocalMemoryFeaturesEXT.calloc(stack).sType$Default();
        boolean priorityOffered = atLeast11 && available.contains(MEMORY_PRIORITY);
        boolean pageableOffered = priorityOffered && available.contains(PAGEABLE_DEVICE_LOCAL_MEMORY);
        if (atLeast11) {
            VkPhysicalDeviceFeatures2 query = VkPhysicalDeviceFeatures2.calloc(stack).sType$Default();
            if (atLeast12) {
                query.pNext(supported12);
            }
            if (atLeast13) {
                query.pNext(supported13);
            }
            if (priorityOffered) {
                query.pNext(supportedPriority);
            }
            if (pageableOffered) {
                query.pNext(supportedPageable);
            }
            vkGetPhysicalDeviceFeatures2(physical, query);
        }
        boolean bufferDeviceAddress = atLeast12 && supported12.bufferDeviceAddress();
        boolean maintenance4 = atLeast13 && supported13.maintenance4();
        boolean memoryPriority = priorityOffered && supportedPriority.memoryPriority();
        boolean pageable = memoryPriority && pageableOffered && supportedPageable.pageableDeviceLocalMemory();
        if (memoryPriority) {
            enabled.add(MEMORY_PRIORITY);
        }
        if (pageable) {
            enabled.add(PAGEABLE_DEVICE_LOCAL_MEMORY);
        }
        PointerBuffer extNames = stack.mallocPointer(enabled.size());
        enabled.forEach(e -> extNames.put(stack.UTF8(e)));
        extNames.flip();

        VkDeviceQueueCreateInfo.Buffer queues = VkDeviceQueueCreateInfo.calloc(1, stack);
        queues.get(0).sType$Default().queueFamilyIndex(queueFamily).pQueuePriorities(stack.floats(1.0f));
        VkDeviceCreateInfo info = VkDeviceCreateInfo.calloc(stack).sType$Default()
                .pQueueCreateInfos(queues)
                .ppEnabledExtensionNames(extNames);
        if (atLeast12) {
            info.pNext(VkPhysicalDeviceVulkan12Features.calloc(stack).sType$Default().bufferDeviceAddress(bufferDeviceAddress));
        }
        if (atLeast13) {
            info.pNext(VkPhysicalDeviceVulkan13Features.calloc(stack).sType$Default().maintenance4(maintenance4));
        }
        if (memoryPriority) {
            info.pNext(VkPhysicalDeviceMemoryPriorityFeaturesEXT.calloc(stack).sType$Default().memoryPriority(true));
        }
        if (pageable) {
            info.pNext(VkPhysicalDevicePageableDeviceLocalMemoryFeaturesEXT.calloc(stack).sType$Default()
                    .pageableDeviceLocalMemory(true));
        }
        PointerBuffer pDevice = stack.mallocPointer(1);
        check(vkCreateDevice(physical, info, null, pDevice), "vkCreateDevice(" + deviceName + ")");
        VkDevice device = new VkDevice(pDevice.get(0), physical, info, apiVersion);
        try {
            PointerBuffer pQueue = stack.mallocPointer(1);
            vkGetDeviceQueue(device, queueFamily, 0, pQueue);
            VkQueue queue = new VkQueue(pQueue.get(0), device);
            var pPool = stack.mallocLong(1);
            check(vkCreateCommandPool(device, VkCommandPoolCreateInfo.calloc(stack).sType$Default()
                    .flags(VK_COMMAND_POOL_CREATE_TRANSIENT_BIT | VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT)
                    .queueFamilyIndex(queueFamily), null, pPool), "vkCreateCommandPool");
            return new VulkanContext(instance, physical, device, queue, queueFamily, pPool.get(0), apiVersion,
                    deviceName, enabled, bufferDeviceAddress, maintenance4, memoryLayout(physical, stack));
        } catch (RuntimeException | Error e) {
            vkDestroyDevice(device, null);
            throw e;
        }
    }

    private static int chooseQueueFamily(VkPhysicalDevice physical, MemoryStack stack) {
        IntBuffer count = stack.mallocInt(1);
        vkGetPhysicalDeviceQueueFamilyProperties(physical, count, null);
        VkQueueFamilyProperties.Buffer families = VkQueueFamilyProperties.malloc(count.get(0), stack);
        vkGetPhysicalDeviceQueueFamilyProperties(physical, count, families);
        for (int i = 0; i < families.capacity(); i++) {
            if ((families.get(i).queueFlags() & VK_QUEUE_GRAPHICS_BIT) != 0) {
                return i;
            }
        }
        for (int i = 0; i < families.capacity(); i++) {
            if ((families.get(i).queueFlags() & (VK_QUEUE_COMPUTE_BIT | VK_QUEUE_TRANSFER_BIT)) != 0) {
                return i;
            }
        }
        throw new VulkanUnavailableException("The Vulkan device offers no queue that can transfer");
    }

    private static Set<String> deviceExtensions(VkPhysicalDevice physical, MemoryStack stack) {
        IntBuffer count = stack.ints(0);
        check(vkEnumerateDeviceExtensionProperties(physical, (String) null, count, null), "vkEnumerateDeviceExtensionProperties");
        VkExtensionProperties.Buffer props = VkExtensionProperties.malloc(count.get(0)); // heap: see instanceExtensions
        try {
            check(vkEnumerateDeviceExtensionProperties(physical, (String) null, count, props), "vkEnumerateDeviceExtensionProperties");
            return names(props);
        } finally {
            props.free();
        }
    }

    private static DeviceMemoryLayout memoryLayout(VkPhysicalDevice physical, MemoryStack stack) {
        VkPhysicalDeviceMemoryProperties props = VkPhysicalDeviceMemoryProperties.malloc(stack);
        vkGetPhysicalDeviceMemoryProperties(physical, props);
        List<MemoryHeapInfo> heaps = new ArrayList<>();
        for (int i = 0; i < props.memoryHeapCount(); i++) {
            heaps.add(new MemoryHeapInfo(i, props.memoryHeaps(i).size(),
                    (props.memoryHeaps(i).flags() & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT) != 0));
        }
        List<MemoryTypeInfo> types = new ArrayList<>();
        for (int i = 0; i < props.memoryTypeCount(); i++) {
            types.add(new MemoryTypeInfo(i, props.memoryTypes(i).heapIndex(), props.memoryTypes(i).propertyFlags()));
        }
        return new DeviceMemoryLayout(heaps, types);
    }

    static String versionString(int version) {
        return VK_API_VERSION_MAJOR(version) + "." + VK_API_VERSION_MINOR(version) + "." + VK_API_VERSION_PATCH(version);
    }
}
