package io.memscope.samples.workloads;

import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_INDEX_BUFFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_DST_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_SRC_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_VERTEX_BUFFER_BIT;

import io.memscope.core.AllocatorCore;
import io.memscope.core.BufferAllocation;
import io.memscope.core.BufferRequest;
import io.memscope.core.GpuTransfers;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemoryUsage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * The seed's MeshLoader (example 1) as a workload: {@value #MESHES} meshes, each a vertex and an index
 * buffer uploaded through staging and verified by reading them back; every {@value #RELOAD_EVERY} frames one
 * mesh is unloaded and a new one loaded in its place. The GPU reads every vertex buffer each frame.
 *
 * <p>Deterministic for a seed. Not thread-safe.
 */
public final class MeshLoaderWorkload implements Workload {
    public static final int MESHES = 8;
    static final int RELOAD_EVERY = 60;

    private final MemoryAllocator allocator;
    private final GpuTransfers transfers;
    private final Random random;
    private final List<Mesh> meshes = new ArrayList<>();
    private @Nullable FrameGpuWork gpu;
    private int loaded;

    public MeshLoaderWorkload(AllocatorCore core, long seed) {
        this.allocator = core.allocator("MeshLoader");
        this.transfers = new GpuTransfers(core.allocator("MeshStaging"));
        this.random = new Random(seed);
    }

    @Override
    public String name() {
        return "mesh";
    }

    @Override
    public void start() {
        gpu = new FrameGpuWork(allocator);
        for (int i = 0; i < MESHES; i++) {
            meshes.add(load());
        }
    }

    /** Loads one mesh of 2,000–20,000 vertices (32 bytes each) and 3 indices per vertex; verifies it. */
    private Mesh load() {
        int vertexCount = 2000 + random.nextInt(18_000);
        ByteBuffer vertices = randomBytes(vertexCount * 32);
        ByteBuffer indices = randomBytes(vertexCount * 3 * 4);
        int id = loaded++;
        BufferAllocation vb = allocator.allocateBuffer(BufferRequest.of(vertices.remaining(),
                VK_BUFFER_USAGE_VERTEX_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
                MemoryUsage.GPU_ONLY).named("mesh " + id + " vertices"));
        BufferAllocation ib = allocator.allocateBuffer(BufferRequest.of(indices.remaining(),
                VK_BUFFER_USAGE_INDEX_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
                MemoryUsage.GPU_ONLY).named("mesh " + id + " indices"));
        transfers.upload(vertices, vb);
        transfers.upload(indices, ib);
        verify(vertices, transfers.readBack(vb), vb.describe());
        verify(indices, transfers.readBack(ib), ib.describe());
        return new Mesh(vb, ib);
    }

    private ByteBuffer randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return ByteBuffer.wrap(bytes); // heap: a direct buffer would hold native memory until some GC (see TerrainWorkload)
    }

    private static void verify(ByteBuffer expected, byte[] actual, String what) {
        byte[] wanted = new byte[expected.remaining()];
        expected.duplicate().get(wanted);
        if (!Arrays.equals(wanted, actual)) {
            throw new IllegalStateException(what + ": read-back differs from the upload");
        }
    }

    @Override
    public void frame(int index) {
        if (index > 0 && index % RELOAD_EVERY == 0) {
            int slot = random.nextInt(meshes.size());
            Mesh old = meshes.get(slot);
            old.vertices().close();
            old.indices().close();
            meshes.set(slot, load());
        }
        Objects.requireNonNull(gpu, "workload closed").read(meshes.stream().map(Mesh::vertices).toList());
    }

    /** Meshes loaded so far, reloads included. */
    public int loadedCount() {
        return loaded;
    }

    @Override
    public String status() {
        return String.format(Locale.ROOT, "mesh: %d resident, %d loaded (verified)", meshes.size(), loaded);
    }

    @Override
    public void close() {
        meshes.forEach(m -> {
            m.vertices().close();
            m.indices().close();
        });
        meshes.clear();
        if (gpu != null) {
            gpu.close();
            gpu = null;
        }
    }

    private record Mesh(BufferAllocation vertices, BufferAllocation indices) {
    }
}
