package io.memscope.core;

import static org.lwjgl.util.vma.Vma.VMA_ALLOCATION_CREATE_HOST_ACCESS_RANDOM_BIT;
import static org.lwjgl.util.vma.Vma.VMA_ALLOCATION_CREATE_HOST_ACCESS_SEQUENTIAL_WRITE_BIT;
import static org.lwjgl.util.vma.Vma.VMA_MEMORY_USAGE_AUTO;
import static org.lwjgl.util.vma.Vma.VMA_MEMORY_USAGE_AUTO_PREFER_DEVICE;
import static org.lwjgl.util.vma.Vma.VMA_MEMORY_USAGE_AUTO_PREFER_HOST;

/**
 * Where memory should live, named as VMA 2 named it. Each value maps onto VMA 3's
 * {@code VMA_MEMORY_USAGE_AUTO*} plus host-access flags; the deprecated VMA usages are never passed.
 *
 * <table>
 *   <caption>Mapping onto VMA 3</caption>
 *   <tr><th>value</th><th>VMA usage</th><th>host access</th><th>mappable</th></tr>
 *   <tr><td>GPU_ONLY</td><td>AUTO_PREFER_DEVICE</td><td>none</td><td>no</td></tr>
 *   <tr><td>CPU_TO_GPU</td><td>AUTO</td><td>SEQUENTIAL_WRITE</td><td>yes</td></tr>
 *   <tr><td>GPU_TO_CPU</td><td>AUTO</td><td>RANDOM</td><td>yes</td></tr>
 *   <tr><td>CPU_ONLY</td><td>AUTO_PREFER_HOST</td><td>SEQUENTIAL_WRITE</td><td>yes</td></tr>
 * </table>
 *
 * <p>On a unified-memory device (lavapipe, integrated GPUs) even {@code GPU_ONLY} memory may turn out to
 * be host-visible; {@link Allocation#isHostVisible()} tells what was actually chosen.
 */
public enum MemoryUsage {
    /** Device-local memory the CPU never touches: vertex, index, textures. Fastest for the GPU. */
    GPU_ONLY(VMA_MEMORY_USAGE_AUTO_PREFER_DEVICE, 0),
    /** Host-visible memory the CPU writes sequentially and the GPU reads: staging, per-frame uniforms. */
    CPU_TO_GPU(VMA_MEMORY_USAGE_AUTO, VMA_ALLOCATION_CREATE_HOST_ACCESS_SEQUENTIAL_WRITE_BIT),
    /** Host-visible, preferably cached memory the GPU writes and the CPU reads back: read-back, queries. */
    GPU_TO_CPU(VMA_MEMORY_USAGE_AUTO, VMA_ALLOCATION_CREATE_HOST_ACCESS_RANDOM_BIT),
    /** Host memory for CPU-side data the GPU seldom reads: long-lived staging. */
    CPU_ONLY(VMA_MEMORY_USAGE_AUTO_PREFER_HOST, VMA_ALLOCATION_CREATE_HOST_ACCESS_SEQUENTIAL_WRITE_BIT);

    private final int vmaUsage;
    private final int hostAccessFlags;

    MemoryUsage(int vmaUsage, int hostAccessFlags) {
        this.vmaUsage = vmaUsage;
        this.hostAccessFlags = hostAccessFlags;
    }

    /** The {@code VmaMemoryUsage} value passed to VMA. */
    public int vmaUsage() {
        return vmaUsage;
    }

    /** The {@code VMA_ALLOCATION_CREATE_HOST_ACCESS_*} flags passed to VMA (0 for {@link #GPU_ONLY}). */
    public int hostAccessFlags() {
        return hostAccessFlags;
    }

    /** Whether allocations of this usage are guaranteed to be mappable. */
    public boolean isHostAccessible() {
        return hostAccessFlags != 0;
    }
}
