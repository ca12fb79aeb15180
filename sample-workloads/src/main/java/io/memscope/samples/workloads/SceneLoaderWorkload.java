package io.memscope.samples.workloads;

import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_INDEX_BUFFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_DST_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_VERTEX_BUFFER_BIT;

import io.memscope.core.AllocationStrategy;
import io.memscope.core.AllocatorCore;
import io.memscope.core.BufferAllocation;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * The seed's SceneLoader (example 3) as a workload: a scene of {@value #MESHES} meshes, each a vertex, an
 * index and a 256-byte material UBO, allocated in one all-or-nothing batch; every {@value #SWAP_EVERY}
 * frames the scene is unloaded and the next one loaded. The GPU reads every vertex buffer each frame.
 *
 * <p>Deterministic for a seed. Not thread-safe.
 */
public final class SceneLoaderWorkload implements Workload {
    public static final int MESHES = 40;
    static final int SWAP_EVERY = 300;

    private final MemoryAllocator allocator;
    private final Random random;
    private List<BufferAllocation> scene = List.of();
    private @Nullable FrameGpuWork gpu;
    private int scenesLoaded;

    public SceneLoaderWorkload(AllocatorCore core, long seed) {
        this.allocator = core.allocator("SceneLoader");
        allocator.setAllocationStrategy(AllocationStrategy.SPEED_OPTIMIZED);
        this.random = new Random(seed);
    }

    @Override
    public String name() {
        return "scene";
    }

    @Override
    public void start() {
        gpu = new FrameGpuWork(allocator);
        scene = loadScene();
    }

    private List<BufferAllocation> loadScene() {
        long[] sizes = new long[MESHES * 3];
        for (int i = 0; i < MESHES; i++) {
            int vertexCount = 500 + random.nextInt(5000);
            sizes[i * 3] = vertexCount * 32L;
            sizes[i * 3 + 1] = vertexCount * 3L * 4;
            sizes[i * 3 + 2] = 256; // material UBO
        }
        scenesLoaded++;
        return new ArrayList<>(allocator.allocateBufferBatch(sizes, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT
                | VK_BUFFER_USAGE_INDEX_BUFFER_BIT | VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                MemoryUsage.GPU_ONLY));
    }

    @Override
    public void frame(int index) {
        if (index > 0 && index % SWAP_EVERY == 0) {
            scene.forEach(BufferAllocation::close);
            scene = loadScene();
        }
        List<BufferAllocation> vertexBuffers = new ArrayList<>();
        for (int i = 0; i < scene.size(); i += 3) {
            vertexBuffers.add(scene.get(i));
        }
        Objects.requireNonNull(gpu, "workload closed").read(vertexBuffers);
    }

    /** The buffers of the scene loaded now, in batch order (vertex, index, material per mesh). */
    public List<BufferAllocation> scene() {
        return List.copyOf(scene);
    }

    public int scenesLoaded() {
        return scenesLoaded;
    }

    @Override
    public String status() {
        return String.format(Locale.ROOT, "scene: %d buffers resident, scene #%d", scene.size(), scenesLoaded);
    }

    @Override
    public void close() {
        scene.forEach(BufferAllocation::close);
        scene = List.of();
        if (gpu != null) {
            gpu.close();
            gpu = null;
        }
    }
}
