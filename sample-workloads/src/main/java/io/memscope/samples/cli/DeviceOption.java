package io.memscope.samples.cli;

import io.memscope.core.VulkanContext;
import io.memscope.core.VulkanContextOptions;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code --device}: a device index or a name substring; opens the device. */
final class DeviceOption {
    @Spec(Spec.Target.MIXEE)
    @Nullable CommandSpec command;

    @Option(names = "--device", paramLabel = "INDEX|NAME", converter = Selector.class,
            description = "Vulkan device: index or name substring (default: memscope.device, MEMSCOPE_DEVICE, best GPU)")
    @Nullable VulkanContextOptions selected;

    /**
     * Opens the selected device. A selection that matches no device (from {@code --device},
     * {@code -Dmemscope.device} or {@code MEMSCOPE_DEVICE}) is a usage error.
     *
     * @throws CancellationException if Ctrl-C came first: nothing is opened
     */
    VulkanContext open() {
        if (CtrlC.pressed()) {
            throw new CancellationException("Ctrl-C before the device opened");
        }
        LwjglShutdownHook.registerNow();
        try {
            return VulkanContext.create(selected != null ? selected : VulkanContextOptions.defaults());
        } catch (IllegalArgumentException noSuchDevice) { // VulkanContext.create's contract: the options select no device
            throw new ParameterException(Objects.requireNonNull(command).commandLine(),
                    noSuchDevice.getMessage(), noSuchDevice);
        }
    }

    /** Reads the selector as {@link VulkanContextOptions#withDevice} does. */
    static final class Selector implements ITypeConverter<VulkanContextOptions> {
        @Override
        public VulkanContextOptions convert(String value) {
            try {
                return VulkanContextOptions.defaults().withDevice(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
