package io.memscope.samples.workloads;

import io.memscope.core.AllocatorCore;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The workloads {@code memscope run} knows. Immutable. */
public final class Workloads {
    /**
     * What the command line passes to a workload's factory.
     *
     * @param seed the random seed
     * @param target the share of the budget to grow to ({@code --target}, only for workloads that
     *     {@linkplain Entry#takesTarget() take one}); null for the workload's default
     */
    public record Options(long seed, @Nullable Double target) {
        public static Options seed(long seed) {
            return new Options(seed, null);
        }
    }

    /** Makes a workload on a core. */
    @FunctionalInterface
    public interface Factory {
        Workload create(AllocatorCore core, Options options);
    }

    /**
     * A workload's name, what it shows, how to make it, and whether it takes {@code --target}.
     */
    public record Entry(String name, String description, Factory factory, boolean takesTarget) {
        Entry(String name, String description, Factory factory) {
            this(name, description, factory, false);
        }
    }

    private static final List<Entry> ALL = List.of(
            new Entry("terrain", "Terrain renderer (seed example 6): 4x4 tiles of a 1024x1024 heightmap at 5 LODs in "
                    + "128 MiB blocks, streamed in and out as the camera flies its path. Watch: TerrainRenderer's "
                    + "used bytes rising and falling with the camera, few large blocks.", (core, o) -> new TerrainWorkload(core, o.seed())),
            new Entry("dynamic", "Dynamic renderer (seed example 4): per-frame buffers with lifetimes, usage tracking, "
                    + "a bounded defragmentation step every 600 frames, pressure handling that frees buffers unused "
                    + "for 600 frames. Watch: allocation rate, fragmentation falling after each step, pressure "
                    + "warnings.", (core, o) -> new DynamicRendererWorkload(core, o.seed())),
            new Entry("mesh", "Mesh loader (seed example 1): 8 meshes uploaded through staging and verified by read-back, "
                    + "one reloaded every 60 frames. Watch: MeshLoader's steady bytes, staging buffers coming and going.",
                    (core, o) -> new MeshLoaderWorkload(core, o.seed())),
            new Entry("texture", "Texture loader (seed example 2): PNG files decoded with stb_image, uploaded, full mip "
                    + "chains made with GPU blits; one texture reloaded every 120 frames. Watch: TextureLoader images, "
                    + "staging spikes.", (core, o) -> new TextureLoaderWorkload(core, o.seed())),
            new Entry("scene", "Scene loader (seed example 3): 40 meshes (vertex, index, material UBO) allocated in one "
                    + "batch, the scene swapped every 300 frames. Watch: 120 allocations appearing at once.",
                    (core, o) -> new SceneLoaderWorkload(core, o.seed())),
            new Entry("pools", "Buffer manager (seed example 5): typed pools pre-warmed with the seed's table, buffers "
                    + "acquired and released every frame. Watch: the pools' reuse, few new allocations.",
                    (core, o) -> new BufferManagerWorkload(core, o.seed())),
            new Entry("pressure", "Staying within budget (VMA's guide): grows device-local memory in 64-256 MiB steps of "
                    + "textures and buffers with priorities toward --target (default 90 %) of the budget, within "
                    + "budget; when the budget shrinks (another process) or an allocation is refused, evicts the least "
                    + "recently used of the lowest priority, churns, defragments. Watch: usage following the budget "
                    + "down, evictions, where allocations landed.",
                    (core, o) -> new PressureWorkload(core, o.seed(), o.target() == null
                            ? PressureWorkload.Settings.defaults()
                            : PressureWorkload.Settings.defaults().withTarget(o.target())), true));

    private Workloads() {
    }

    public static List<Entry> all() {
        return ALL;
    }

    public static Optional<Entry> byName(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
