package io.memscope.samples.workloads;

import io.memscope.core.AllocatorCore;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/** The workloads {@code memscope run} knows. Immutable. */
public final class Workloads {
    /** A workload's name, what it shows, and how to make it for a core and seed. */
    public record Entry(String name, String description, BiFunction<AllocatorCore, Long, Workload> factory) {
    }

    private static final List<Entry> ALL = List.of(
            new Entry("terrain", "Terrain renderer (seed example 6): 4x4 tiles of a 1024x1024 heightmap at 5 LODs in "
                    + "128 MiB blocks, streamed in and out as the camera flies its path. Watch: TerrainRenderer's "
                    + "used bytes rising and falling with the camera, few large blocks.", TerrainWorkload::new),
            new Entry("dynamic", "Dynamic renderer (seed example 4): per-frame buffers with lifetimes, usage tracking, "
                    + "a bounded defragmentation step every 600 frames, pressure handling that frees buffers unused "
                    + "for 600 frames. Watch: allocation rate, fragmentation falling after each step, pressure "
                    + "warnings.", DynamicRendererWorkload::new),
            new Entry("mesh", "Mesh loader (seed example 1): 8 meshes uploaded through staging and verified by read-back, "
                    + "one reloaded every 60 frames. Watch: MeshLoader's steady bytes, staging buffers coming and going.",
                    MeshLoaderWorkload::new),
            new Entry("texture", "Texture loader (seed example 2): PNG files decoded with stb_image, uploaded, full mip "
                    + "chains made with GPU blits; one texture reloaded every 120 frames. Watch: TextureLoader images, "
                    + "staging spikes.", TextureLoaderWorkload::new),
            new Entry("scene", "Scene loader (seed example 3): 40 meshes (vertex, index, material UBO) allocated in one "
                    + "batch, the scene swapped every 300 frames. Watch: 120 allocations appearing at once.",
                    SceneLoaderWorkload::new),
            new Entry("pools", "Buffer manager (seed example 5): typed pools pre-warmed with the seed's table, buffers "
                    + "acquired and released every frame. Watch: the pools' reuse, few new allocations.",
                    BufferManagerWorkload::new));

    private Workloads() {
    }

    public static List<Entry> all() {
        return ALL;
    }

    public static Optional<Entry> byName(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
