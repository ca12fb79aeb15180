package io.memscope.samples;

import static org.lwjgl.vulkan.VK10.*;

import io.memscope.core.AllocationStrategy;
import io.memscope.core.AllocatorCore;
import io.memscope.core.BufferAllocation;
import io.memscope.core.BufferPool;
import io.memscope.core.BufferRequest;
import io.memscope.core.GpuTransfers;
import io.memscope.core.ImageAllocation;
import io.memscope.core.ImageRequest;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemoryUsage;
import io.memscope.core.stats.MemoryStats;
import io.memscope.samples.workloads.BufferManagerWorkload;
import io.memscope.samples.workloads.MeshLoaderWorkload;
import io.memscope.samples.workloads.SceneLoaderWorkload;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The seed's examples 1-6 run once, in order, on a real device: each allocates through its own tagged
 * {@link MemoryAllocator}, moves real data with {@link GpuTransfers} and checks it. What stays allocated at
 * the end (terrain LODs, textures, the scene, pooled buffers) is what the final report shows.
 *
 * <p>Not thread-safe; run it on one thread. Deterministic for a given seed.
 */
public final class SeedTour {
    private static final long MIB = 1L << 20;

    private final AllocatorCore core;
    private final GpuTransfers transfers;
    private final PrintStream out;
    private final Random random;
    private final List<AutoCloseable> held = new ArrayList<>();

    public SeedTour(AllocatorCore core, PrintStream out, long seed) {
        this.core = core;
        this.transfers = new GpuTransfers(core.allocator("Staging"));
        this.out = out;
        this.random = new Random(seed);
    }

    /** Runs examples 1 to 6; returns the statistics at the end. */
    public MemoryStats run() {
        meshLoader();
        textureLoader();
        sceneLoader();
        dynamicRenderer();
        bufferManager();
        terrainRenderer();
        return core.getStats();
    }

    /** Frees everything the tour still holds. */
    public void release() {
        for (int i = held.size() - 1; i >= 0; i--) {
            try {
                held.get(i).close();
            } catch (Exception e) {
                throw new IllegalStateException("releasing " + held.get(i), e);
            }
        }
        held.clear();
    }

    /** Example 1: meshes' vertex and index buffers uploaded through staging, verified by read-back. */
    void meshLoader() {
        MeshLoaderWorkload meshes = keep(new MeshLoaderWorkload(core, random.nextLong()));
        meshes.start();
        meshes.frame(0);
        out.printf(Locale.ROOT, "1 MeshLoader      %d meshes: vertex and index buffers uploaded via staging and verified, %.2f MiB%n",
                MeshLoaderWorkload.MESHES, core.getStats().tag("MeshLoader").usedBytes() / (double) MIB);
    }

    /** Example 2: a generated 512x512 RGBA texture with a full mip chain made by GPU blits. */
    void textureLoader() {
        MemoryAllocator allocator = core.allocator("TextureLoader");
        int size = 512;
        ImageAllocation texture = keep(allocator.allocateImage(ImageRequest.texture2D(size, size, VK_FORMAT_R8G8B8A8_SRGB,
                VK_IMAGE_USAGE_TRANSFER_DST_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT | VK_IMAGE_USAGE_SAMPLED_BIT)
                .withFullMipChain().named("checker albedo")));
        ByteBuffer texels = ByteBuffer.allocateDirect(size * size * 4);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                boolean dark = ((x / 32) + (y / 32)) % 2 == 0;
                texels.put((byte) (dark ? 40 : 220)).put((byte) (dark ? 90 : 200)).put((byte) (dark ? 40 : 160)).put((byte) 255);
            }
        }
        texels.flip();
        transfers.uploadImage(texels, texture);
        transfers.generateMipmaps(texture);
        out.printf(Locale.ROOT, "2 TextureLoader   %dx%d texture, %d mip levels, %.2f MiB%n", size, size,
                texture.getMipLevels(), texture.getAllocatedSize() / (double) MIB);
    }

    /** Example 3: one batch of vertex, index and material buffers for a scene of 40 meshes. */
    void sceneLoader() {
        SceneLoaderWorkload scene = keep(new SceneLoaderWorkload(core, random.nextLong()));
        scene.start();
        MemoryStats stats = core.getStats();
        out.printf(Locale.ROOT, "3 SceneLoader     %d meshes, %d buffers in one batch; device now %d allocations, fragmentation %.2f%%%n",
                SceneLoaderWorkload.MESHES, scene.scene().size(), stats.allocationCount(), stats.fragmentationRatio() * 100);
    }

    /** Example 4: a few frames of dynamic buffers coming and going under a warning threshold. */
    void dynamicRenderer() {
        MemoryAllocator allocator = core.allocator("DynamicRenderer");
        allocator.setAllocationStrategy(AllocationStrategy.MEMORY_OPTIMIZED);
        allocator.setMemoryUsageWarningThreshold(0.8);
        List<BufferAllocation> dynamic = new ArrayList<>();
        int made = 0;
        for (int frame = 0; frame < 120; frame++) {
            core.setCurrentFrameIndex(frame);
            for (int i = 0; i < 4; i++) {
                dynamic.add(allocator.allocateBuffer(BufferRequest.of(4096L * (1 + random.nextInt(64)),
                        VK_BUFFER_USAGE_VERTEX_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT, MemoryUsage.GPU_ONLY)));
                made++;
            }
            while (dynamic.size() > 48) {
                dynamic.remove(random.nextInt(dynamic.size())).close();
            }
            if (allocator.getMemoryBudget().isOverBudget()) {
                throw new IllegalStateException("dynamic renderer went over budget");
            }
        }
        dynamic.forEach(this::keep);
        out.printf(Locale.ROOT, "4 DynamicRenderer 120 frames, %d dynamic buffers made, %d live, fragmentation %.2f%%%n",
                made, dynamic.size(), core.getStats().fragmentationRatio() * 100);
    }

    /** Example 5: typed pools pre-warmed with the seed's table, then buffers acquired and released for 60 frames. */
    void bufferManager() {
        BufferManagerWorkload manager = keep(new BufferManagerWorkload(core, random.nextLong()));
        manager.start();
        for (int frame = 0; frame < 60; frame++) {
            manager.frame(frame);
        }
        for (BufferPool pool : manager.pools()) {
            var s = pool.getStats();
            out.printf(Locale.ROOT, "5 BufferManager   %-8s pool: %d made, %d active, %d free, %d reused, %d KiB%n",
                    s.typeName(), s.totalAllocations(), s.activeBuffers(), s.freeBuffers(), s.reuseCount(), s.totalBytes() / 1024);
        }
    }

    /** Example 6: five terrain LODs of a generated 1024x1024 heightmap in 128 MiB blocks. */
    void terrainRenderer() {
        MemoryAllocator allocator = core.allocator("TerrainRenderer");
        allocator.setAllocationStrategy(AllocationStrategy.MEMORY_OPTIMIZED);
        boolean large = allocator.setCustomBufferSize(128 * MIB);
        for (int lod = 0; lod < 5; lod++) {
            int resolution = 1024 >> lod;
            ByteBuffer vertices = terrainVertices(resolution);
            long indexBytes = (long) (resolution - 1) * (resolution - 1) * 6 * 4;
            BufferAllocation vb = keep(allocator.allocateBuffer(BufferRequest.of(vertices.remaining(),
                    VK_BUFFER_USAGE_VERTEX_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT, MemoryUsage.GPU_ONLY)
                    .named("terrain LOD " + lod + " vertices")));
            keep(allocator.allocateBuffer(BufferRequest.of(indexBytes,
                    VK_BUFFER_USAGE_INDEX_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT, MemoryUsage.GPU_ONLY)
                    .named("terrain LOD " + lod + " indices")));
            transfers.upload(vertices, vb);
        }
        out.printf(Locale.ROOT, "6 TerrainRenderer 5 LODs (1024^2 .. 64^2 vertices)%s, %.1f MiB%n",
                large ? " in 128 MiB blocks" : "", allocator.getTagStats().usedBytes() / (double) MIB);
    }

    /** Position (x, height, z) and normal (nx, ny, nz) plus uv per vertex: 32 bytes. */
    private ByteBuffer terrainVertices(int resolution) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(resolution * resolution * 32).order(ByteOrder.nativeOrder());
        float step = 1024f / resolution;
        for (int z = 0; z < resolution; z++) {
            for (int x = 0; x < resolution; x++) {
                float wx = x * step;
                float wz = z * step;
                float h = (float) (40 * Math.sin(wx * 0.01) * Math.cos(wz * 0.013) + 8 * Math.sin(wx * 0.07 + wz * 0.05));
                buffer.putFloat(wx).putFloat(h).putFloat(wz).putFloat(0).putFloat(1).putFloat(0)
                        .putFloat(x / (float) resolution).putFloat(z / (float) resolution);
            }
        }
        return buffer.flip();
    }

    private <T extends AutoCloseable> T keep(T resource) {
        held.add(resource);
        return resource;
    }
}
