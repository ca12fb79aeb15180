package io.memscope.samples.workloads;

import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_INDEX_BUFFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_DST_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_VERTEX_BUFFER_BIT;

import io.memscope.core.AllocationStrategy;
import io.memscope.core.AllocatorCore;
import io.memscope.core.BufferAllocation;
import io.memscope.core.BufferRequest;
import io.memscope.core.GpuTransfers;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemoryUsage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The seed's TerrainRenderer (example 6) with streaming: a 1024×1024 generated heightmap cut into 4×4
 * tiles; a camera flies a closed path over it and every tile is resident at the level of detail its
 * distance asks for (LOD 0 = every height sample within 200 units, then half the resolution per 200 units,
 * LOD 4 beyond 800). Each frame the missing tile LODs are built and uploaded through staging, the ones no
 * longer needed are freed, and the GPU reads every resident vertex buffer. Buffers come from 128 MiB blocks
 * (the seed's {@code SetCustomBufferSize}).
 *
 * <p>Deterministic for a seed (the seed shifts the camera path). Not thread-safe.
 */
public final class TerrainWorkload implements Workload {
    public static final int HEIGHTMAP_SIZE = 1024;
    public static final int TILES = 4;
    public static final int LODS = 5;
    private static final int TILE_SIZE = HEIGHTMAP_SIZE / TILES;
    private static final float LOD_BAND = 200f;
    private static final long BLOCK_SIZE = 128L << 20;

    /** One resident tile at one level of detail. */
    public record TileLod(int tileX, int tileZ, int lod) implements Comparable<TileLod> {
        @Override
        public int compareTo(TileLod o) {
            return Integer.compare((tileZ * TILES + tileX) * LODS + lod, (o.tileZ * TILES + o.tileX) * LODS + o.lod);
        }

        String label() {
            return "tile " + tileX + "," + tileZ + " LOD " + lod;
        }
    }

    private final MemoryAllocator allocator;
    private final GpuTransfers transfers;
    private final double phase;
    private final float[] heights = new float[(HEIGHTMAP_SIZE + 1) * (HEIGHTMAP_SIZE + 1)];
    private final Map<TileLod, Geometry> resident = new HashMap<>();
    /**
     * The CPU side of every tile build, reused: LOD 0's vertices and indices (the largest), on the Java heap.
     * A direct buffer per build (as before) is native memory that only a GC gives back; with a roomy heap GCs
     * are rare, so gigabytes of them piled up between GCs in long runs, and glibc kept the pages afterwards.
     */
    private final ByteBuffer vertexScratch = ByteBuffer.allocate(vertexBytes(0)).order(ByteOrder.nativeOrder());
    private final ByteBuffer indexScratch = ByteBuffer.allocate(indexBytes(0)).order(ByteOrder.nativeOrder());
    private final boolean largeBlocks;
    private @Nullable FrameGpuWork gpu;
    private long streamedIn;
    private long streamedOut;

    public TerrainWorkload(AllocatorCore core, long seed) {
        this.allocator = core.allocator("TerrainRenderer");
        this.transfers = new GpuTransfers(core.allocator("TerrainStaging"));
        this.phase = (seed % 360) * Math.PI / 180;
        allocator.setAllocationStrategy(AllocationStrategy.MEMORY_OPTIMIZED);
        this.largeBlocks = allocator.setCustomBufferSize(BLOCK_SIZE);
        generateHeightmap();
    }

    @Override
    public String name() {
        return "terrain";
    }

    private void generateHeightmap() {
        for (int z = 0; z <= HEIGHTMAP_SIZE; z++) {
            for (int x = 0; x <= HEIGHTMAP_SIZE; x++) {
                heights[z * (HEIGHTMAP_SIZE + 1) + x] = (float) (60 * Math.sin(x * 0.006) * Math.cos(z * 0.008)
                        + 18 * Math.sin(x * 0.031 + z * 0.027) + 4 * Math.sin(x * 0.13) * Math.sin(z * 0.11));
            }
        }
    }

    /** Camera position (x, z) at {@code frame}: an ellipse over the terrain, one lap per 600 frames. */
    public double[] cameraAt(int frame) {
        double angle = phase + frame * (2 * Math.PI / 600);
        double center = HEIGHTMAP_SIZE / 2.0;
        return new double[] {center + 420 * Math.cos(angle), center + 300 * Math.sin(angle)};
    }

    /** The tile LODs the camera needs at {@code frame}: one per tile, by distance to the tile's centre. */
    public Set<TileLod> neededAt(int frame) {
        double[] camera = cameraAt(frame);
        Set<TileLod> needed = new TreeSet<>();
        for (int tz = 0; tz < TILES; tz++) {
            for (int tx = 0; tx < TILES; tx++) {
                double cx = (tx + 0.5) * TILE_SIZE;
                double cz = (tz + 0.5) * TILE_SIZE;
                double distance = Math.hypot(cx - camera[0], cz - camera[1]);
                needed.add(new TileLod(tx, tz, Math.min(LODS - 1, (int) (distance / LOD_BAND))));
            }
        }
        return needed;
    }

    @Override
    public void start() {
        gpu = new FrameGpuWork(allocator);
    }

    @Override
    public void frame(int index) {
        allocator.getCore().setCurrentFrameIndex(index);
        Set<TileLod> needed = neededAt(index);
        for (TileLod stale : new ArrayList<>(resident.keySet())) {
            if (!needed.contains(stale)) {
                Geometry geometry = Objects.requireNonNull(resident.remove(stale));
                geometry.vertices().close();
                geometry.indices().close();
                streamedOut++;
            }
        }
        for (TileLod tile : needed) {
            if (!resident.containsKey(tile)) {
                resident.put(tile, build(tile));
                streamedIn++;
            }
        }
        List<BufferAllocation> drawn = new ArrayList<>();
        resident.values().forEach(g -> drawn.add(g.vertices()));
        Objects.requireNonNull(gpu, "workload closed").read(drawn);
    }

    /** Builds one tile LOD: (n+1)² vertices of 32 bytes (position, normal, uv) and 6 indices per quad. */
    private Geometry build(TileLod tile) {
        int step = 1 << tile.lod();
        int n = TILE_SIZE / step;
        ByteBuffer vertices = vertexScratch.clear().limit(vertexBytes(tile.lod()));
        for (int z = 0; z <= n; z++) {
            for (int x = 0; x <= n; x++) {
                int hx = tile.tileX() * TILE_SIZE + x * step;
                int hz = tile.tileZ() * TILE_SIZE + z * step;
                float h = heights[hz * (HEIGHTMAP_SIZE + 1) + hx];
                float dx = height(hx + 1, hz) - height(hx - 1, hz);
                float dz = height(hx, hz + 1) - height(hx, hz - 1);
                float length = (float) Math.sqrt(dx * dx + 4 + dz * dz);
                vertices.putFloat(hx).putFloat(h).putFloat(hz)
                        .putFloat(-dx / length).putFloat(2 / length).putFloat(-dz / length)
                        .putFloat(x / (float) n).putFloat(z / (float) n);
            }
        }
        vertices.flip();
        ByteBuffer indices = indexScratch.clear().limit(indexBytes(tile.lod()));
        for (int z = 0; z < n; z++) {
            for (int x = 0; x < n; x++) {
                int i = z * (n + 1) + x;
                indices.putInt(i).putInt(i + n + 1).putInt(i + 1).putInt(i + 1).putInt(i + n + 1).putInt(i + n + 2);
            }
        }
        indices.flip();
        BufferAllocation vb = allocator.allocateBuffer(BufferRequest.of(vertices.remaining(),
                VK_BUFFER_USAGE_VERTEX_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT, MemoryUsage.GPU_ONLY)
                .named(tile.label() + " vertices"));
        BufferAllocation ib = allocator.allocateBuffer(BufferRequest.of(indices.remaining(),
                VK_BUFFER_USAGE_INDEX_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT, MemoryUsage.GPU_ONLY)
                .named(tile.label() + " indices"));
        transfers.upload(vertices, vb);
        transfers.upload(indices, ib);
        return new Geometry(vb, ib);
    }

    /** Bytes of one tile's vertices at {@code lod}: (n+1)² vertices of 32 bytes, n = tile size / 2^lod. */
    static int vertexBytes(int lod) {
        int n = TILE_SIZE >> lod;
        return (n + 1) * (n + 1) * 32;
    }

    /** Bytes of one tile's indices at {@code lod}: 6 four-byte indices per quad. */
    static int indexBytes(int lod) {
        int n = TILE_SIZE >> lod;
        return n * n * 6 * 4;
    }

    private float height(int x, int z) {
        int cx = Math.max(0, Math.min(HEIGHTMAP_SIZE, x));
        int cz = Math.max(0, Math.min(HEIGHTMAP_SIZE, z));
        return heights[cz * (HEIGHTMAP_SIZE + 1) + cx];
    }

    /** The tile LODs resident now. */
    public Set<TileLod> resident() {
        return new TreeSet<>(resident.keySet());
    }

    /** Whether its buffers come from 128 MiB blocks (false if no heap holds one). */
    public boolean usesLargeBlocks() {
        return largeBlocks;
    }

    @Override
    public String status() {
        int[] perLod = new int[LODS];
        resident.keySet().forEach(t -> perLod[t.lod()]++);
        return String.format(Locale.ROOT, "terrain: %d tiles resident (LOD0..4: %d/%d/%d/%d/%d), streamed in %d, out %d",
                resident.size(), perLod[0], perLod[1], perLod[2], perLod[3], perLod[4], streamedIn, streamedOut);
    }

    @Override
    public void close() {
        resident.values().forEach(g -> {
            g.vertices().close();
            g.indices().close();
        });
        resident.clear();
        if (gpu != null) {
            gpu.close();
            gpu = null;
        }
    }

    private record Geometry(BufferAllocation vertices, BufferAllocation indices) {
    }
}
