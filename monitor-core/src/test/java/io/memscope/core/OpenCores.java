package io.memscope.core;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The cores open on a {@link VulkanContext}, read from the context's own registry: every {@link CoreEngine}
 * registers with its context when its core is created (however it was created: {@link TestDevice#newCore()},
 * {@code AllocatorCore.create(TestDevice.context(), options)}, from Kotlin, from a workload) and unregisters
 * when the core closes, so this is exactly the set of open cores, kept by the code under test itself rather than
 * by a test-side list that a new test could bypass.
 *
 * <p>The registry is a private field ({@code VulkanContext.dependents}); read by reflection, from the same
 * package and module. If it is renamed or replaced this throws at once, for every test, instead of silently
 * finding no cores.
 */
final class OpenCores {
    private static final Field DEPENDENTS = dependentsField();

    private OpenCores() {
    }

    /** The engines of the cores open on {@code context} now. */
    static List<CoreEngine> on(VulkanContext context) {
        Set<?> dependents;
        try {
            dependents = (Set<?>) DEPENDENTS.get(context);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read VulkanContext.dependents", e);
        }
        List<CoreEngine> engines = new ArrayList<>();
        for (Object dependent : dependents) { // a concurrent set: iteration is safe while cores open and close
            if (dependent instanceof CoreEngine engine && !engine.isClosed()) {
                engines.add(engine);
            }
        }
        return engines;
    }

    private static Field dependentsField() {
        try {
            Field field = VulkanContext.class.getDeclaredField("dependents");
            if (!Set.class.isAssignableFrom(field.getType())) {
                throw new IllegalStateException("VulkanContext.dependents is no longer a Set: " + field.getType());
            }
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("OpenCores reads the cores open on a VulkanContext from its registry of "
                    + "dependents (the engines that register with it); VulkanContext.dependents is gone: update OpenCores", e);
        }
    }
}
