package io.memscope.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VulkanContextTest {

    @Test
    void creatingAContextNeedsLittleOfTheCallersMemoryStack() {
        // drivers list hundreds of extensions; enumerating them on LWJGL's 64 KiB thread stack overflowed it
        // on an NVIDIA driver when the caller already used part of it
        try (org.lwjgl.system.MemoryStack stack = org.lwjgl.system.MemoryStack.stackPush()) {
            stack.malloc(stack.getSize() - 24 * 1024);
            try (VulkanContext ctx = VulkanContext.create()) {
                org.assertj.core.api.Assertions.assertThat(ctx.getMemoryLayout().heaps()).isNotEmpty();
            }
        }
    }

    @Test
    void createsHeadlessDeviceWithQueueAndMemoryLayout() {
        VulkanContext ctx = TestDevice.context();
        assertThat(ctx.getDeviceName()).isNotBlank();
        assertThat(ctx.getDevice().address()).isNotZero();
        assertThat(ctx.getQueue().address()).isNotZero();
        assertThat(ctx.getMemoryLayout().heaps()).isNotEmpty();
        assertThat(ctx.getMemoryLayout().types()).isNotEmpty();
        assertThat(ctx.getMemoryLayout().types())
                .allSatisfy(t -> assertThat(t.heapIndex()).isBetween(0, ctx.getMemoryLayout().heaps().size() - 1));
        // Every wanted extension the device offers is enabled; lavapipe offers dedicated allocation at least.
        assertThat(VulkanBootstrap.WANTED_DEVICE_EXTENSIONS).containsAll(
                ctx.getEnabledDeviceExtensions().stream().filter(e -> !e.equals("VK_KHR_portability_subset")).toList());
        assertThat(ctx.getEnabledDeviceExtensions()).contains("VK_KHR_dedicated_allocation");
    }

    @Test
    void vmaAllocatorFlagsNameExactlyTheFeaturesTheContextEnabled() {
        VulkanContext ctx = TestDevice.context();
        int flags = ctx.vmaAllocatorFlags();
        assertThat((flags & org.lwjgl.util.vma.Vma.VMA_ALLOCATOR_CREATE_EXT_MEMORY_BUDGET_BIT) != 0)
                .isEqualTo(ctx.hasMemoryBudgetExtension());
        assertThat((flags & org.lwjgl.util.vma.Vma.VMA_ALLOCATOR_CREATE_BUFFER_DEVICE_ADDRESS_BIT) != 0)
                .isEqualTo(ctx.isBufferDeviceAddressEnabled());
        assertThat((flags & org.lwjgl.util.vma.Vma.VMA_ALLOCATOR_CREATE_KHR_MAINTENANCE4_BIT) != 0)
                .isEqualTo(ctx.isMaintenance4Enabled());
        assertThat(flags & org.lwjgl.util.vma.Vma.VMA_ALLOCATOR_CREATE_EXTERNALLY_SYNCHRONIZED_BIT)
                .as("synchronisation is the allocator maker's choice").isZero();
    }

    @Test
    void submitAndWaitRunsRecordedCommands() {
        VulkanContext ctx = TestDevice.context();
        boolean[] recorded = {false};
        ctx.submitAndWait(cmd -> recorded[0] = cmd.address() != 0);
        assertThat(recorded[0]).isTrue();
    }

    @Test
    void selectsDeviceByIndexAndByNameSubstring() {
        String name = TestDevice.context().getDeviceName();
        try (VulkanContext byIndex = VulkanContext.create(VulkanContextOptions.defaults().withDeviceIndex(0))) {
            assertThat(byIndex.getDeviceName()).isNotBlank();
        }
        String fragment = name.substring(0, Math.min(4, name.length())).toUpperCase();
        try (VulkanContext byName = VulkanContext.create(VulkanContextOptions.defaults().withDeviceNameContaining(fragment))) {
            assertThat(byName.getDeviceName()).isEqualTo(name);
        }
    }

    @Test
    void unknownDeviceSelectionListsTheDevices() {
        assertThatThrownBy(() -> VulkanContext.create(VulkanContextOptions.defaults().withDeviceIndex(99)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No Vulkan device at index 99")
                .hasMessageContaining("0: ");
        assertThatThrownBy(() -> VulkanContext.create(VulkanContextOptions.defaults().withDeviceNameContaining("no-such-gpu")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-gpu");
    }

    @Test
    void deviceSelectorFromOptionsWinsOverDefaults() {
        List<String> names = List.of("llvmpipe", "NVIDIA H100", "Intel UHD");
        List<Integer> types = List.of(org.lwjgl.vulkan.VK10.VK_PHYSICAL_DEVICE_TYPE_CPU,
                org.lwjgl.vulkan.VK10.VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU,
                org.lwjgl.vulkan.VK10.VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU);
        assertThat(VulkanBootstrap.chooseDevice(VulkanContextOptions.defaults(), names, types))
                .as("discrete GPU preferred").isEqualTo(1);
        assertThat(VulkanBootstrap.chooseDevice(VulkanContextOptions.defaults().withDeviceNameContaining("intel"), names, types))
                .isEqualTo(2);
        assertThat(VulkanBootstrap.chooseDevice(VulkanContextOptions.defaults().withDeviceIndex(0), names, types))
                .isEqualTo(0);
    }

    @Test
    void systemPropertySelectsTheDeviceWhenOptionsDoNot() {
        List<String> names = List.of("llvmpipe", "NVIDIA H100");
        List<Integer> types = List.of(org.lwjgl.vulkan.VK10.VK_PHYSICAL_DEVICE_TYPE_CPU,
                org.lwjgl.vulkan.VK10.VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU);
        String before = System.getProperty(VulkanContextOptions.DEVICE_PROPERTY);
        try {
            System.setProperty(VulkanContextOptions.DEVICE_PROPERTY, "0");
            assertThat(VulkanBootstrap.chooseDevice(VulkanContextOptions.defaults(), names, types)).isEqualTo(0);
            System.setProperty(VulkanContextOptions.DEVICE_PROPERTY, "LLVM");
            assertThat(VulkanBootstrap.chooseDevice(VulkanContextOptions.defaults(), names, types)).isEqualTo(0);
            assertThat(VulkanBootstrap.chooseDevice(VulkanContextOptions.defaults().withDeviceIndex(1), names, types))
                    .as("an API option wins over the property").isEqualTo(1);
        } finally {
            if (before == null) {
                System.clearProperty(VulkanContextOptions.DEVICE_PROPERTY);
            } else {
                System.setProperty(VulkanContextOptions.DEVICE_PROPERTY, before);
            }
        }
    }

    @Test
    void missingLoaderGivesClearExceptionNotACrash() throws Exception {
        String out = runProbe(List.of("-Dorg.lwjgl.vulkan.libname=/nonexistent/libvulkan.so.1"), Map.of());
        assertThat(out).startsWith("UNAVAILABLE")
                .contains("libvulkan.so.1")
                .contains("apt-get install libvulkan1 mesa-vulkan-drivers");
    }

    @Test
    void missingDriverGivesClearExceptionNotACrash() throws Exception {
        String out = runProbe(List.of(), Map.of("VK_ICD_FILENAMES", "/nonexistent/icd.json",
                "VK_DRIVER_FILES", "/nonexistent/icd.json"));
        assertThat(out).startsWith("UNAVAILABLE")
                .containsIgnoringCase("driver")
                .contains("mesa-vulkan-drivers");
    }

    @Test
    void malformedDriverManifestIsTreatedLikeAMissingDriver(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // the loader answers VK_ERROR_OUT_OF_HOST_MEMORY for a manifest it cannot parse, and leaves the
        // extension count unwritten
        Path garbage = java.nio.file.Files.writeString(dir.resolve("icd.json"), "\u0000\u00ff garbage {{");
        String out = runProbe(List.of(), Map.of("VK_ICD_FILENAMES", garbage.toString(),
                "VK_DRIVER_FILES", garbage.toString()));
        assertThat(out).startsWith("UNAVAILABLE")
                .containsIgnoringCase("driver")
                .contains("manifest")
                .contains("mesa-vulkan-drivers");
    }

    @Test
    void aDeviceSelectorIsAnIndexWhenItIsAsciiDigitsAndANameOtherwise() {
        VulkanContextOptions defaults = VulkanContextOptions.defaults();
        assertThat(defaults.withDevice(" 1 ")).isEqualTo(defaults.withDeviceIndex(1));
        assertThat(defaults.withDevice("nvidia")).isEqualTo(defaults.withDeviceNameContaining("nvidia"));
        assertThat(defaults.withDevice("-1")).as("not an index").isEqualTo(defaults.withDeviceNameContaining("-1"));
        assertThat(defaults.withDevice("\u0663")).as("Arabic-Indic three: a name")
                .isEqualTo(defaults.withDeviceNameContaining("\u0663"));
        assertThatThrownBy(() -> defaults.withDevice("99999999999"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("No Vulkan device at index 99999999999");
        assertThatThrownBy(() -> defaults.withDevice(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPropertySelectorThatSelectsNothingSaysWhereItCameFrom() {
        List<String> names = List.of("llvmpipe");
        List<Integer> types = List.of(org.lwjgl.vulkan.VK10.VK_PHYSICAL_DEVICE_TYPE_CPU);
        String before = System.getProperty(VulkanContextOptions.DEVICE_PROPERTY);
        try {
            System.setProperty(VulkanContextOptions.DEVICE_PROPERTY, "99999999999");
            assertThatThrownBy(() -> VulkanBootstrap.chooseDevice(VulkanContextOptions.defaults(), names, types))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("No Vulkan device at index 99999999999; selected by -Dmemscope.device=99999999999");
            System.setProperty(VulkanContextOptions.DEVICE_PROPERTY, "7");
            assertThatThrownBy(() -> VulkanBootstrap.chooseDevice(VulkanContextOptions.defaults(), names, types))
                    .hasMessage("No Vulkan device at index 7; devices: 0: llvmpipe; selected by -Dmemscope.device=7");
        } finally {
            if (before == null) {
                System.clearProperty(VulkanContextOptions.DEVICE_PROPERTY);
            } else {
                System.setProperty(VulkanContextOptions.DEVICE_PROPERTY, before);
            }
        }
    }

    /** The JVM class path plus what any URL class loader above this test adds (IDE and console launchers use one). */
    private static String childClassPath() {
        java.util.LinkedHashSet<String> entries = new java.util.LinkedHashSet<>(
                List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)));
        for (ClassLoader loader = VulkanContextTest.class.getClassLoader(); loader != null; loader = loader.getParent()) {
            if (loader instanceof java.net.URLClassLoader urls) {
                for (java.net.URL url : urls.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (java.net.URISyntaxException | IllegalArgumentException ignored) {
                        // not a file: nothing a child JVM could use
                    }
                }
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static String runProbe(List<String> jvmArgs, Map<String, String> env) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(childClassPath());
        command.add(VulkanUnavailableProbe.class.getName());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process process = pb.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("the JVM must not crash").isZero();
        String text = new String(output, StandardCharsets.UTF_8);
        return text.lines().filter(l -> l.startsWith("UNAVAILABLE") || l.startsWith("CREATED") || l.startsWith("OTHER"))
                .findFirst().orElse(text);
    }
}
