package io.memscope.samples.workloads;

import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_INDEX_BUFFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_DST_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_VERTEX_BUFFER_BIT;

import io.memscope.core.AllocationStrategy;
import io.memscope.core.AllocatorCore;
import io.memscope.core.BufferAllocation;
import io.memscope.core.BufferPool;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemoryUsage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * The seed's OptimizedBufferManager (example 5) as a workload: four typed pools (vertex, index, uniform,
 * storage) pre-warmed with the seed's table; every frame a few buffers are acquired with random sizes and
 * those held for {@value #HOLD_FRAMES} frames released, so the pools' size-class rule ({@code r <= s <= 2r})
 * decides between reuse and new buffers. The GPU reads every buffer held each frame.
 *
 * <p>Deterministic for a seed. Not thread-safe.
 */
public final class BufferManagerWorkload implements Workload {
    static final int HOLD_FRAMES = 30;

    private final MemoryAllocator allocator;
    private final Random random;
    private final List<BufferPool> pools = new ArrayList<>();
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private @Nullable FrameGpuWork gpu;

    public BufferManagerWorkload(AllocatorCore core, long seed) {
        this.allocator = core.allocator("BufferManager");
        allocator.setAllocationStrategy(AllocationStrategy.SPEED_OPTIMIZED);
        allocator.setBufferAlignment(256);
        this.random = new Random(seed);
    }

    @Override
    public String name() {
        return "pools";
    }

    @Override
    public void start() {
        gpu = new FrameGpuWork(allocator);
        BufferPool vertex = pool("Vertex", VK_BUFFER_USAGE_VERTEX_BUFFER_BIT);
        BufferPool index = pool("Index", VK_BUFFER_USAGE_INDEX_BUFFER_BIT);
        BufferPool uniform = pool("Uniform", VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT);
        BufferPool storage = pool("Storage", VK_BUFFER_USAGE_STORAGE_BUFFER_BIT);
        vertex.prewarm(64 * 1024, 5); // the seed's table
        vertex.prewarm(256 * 1024, 3);
        index.prewarm(32 * 1024, 5);
        index.prewarm(128 * 1024, 3);
        uniform.prewarm(256, 10);
        uniform.prewarm(1024, 5);
        storage.prewarm(4 * 1024, 3);
    }

    private BufferPool pool(String type, int usage) {
        BufferPool pool = allocator.createBufferPool(type, usage | VK_BUFFER_USAGE_TRANSFER_DST_BIT, MemoryUsage.GPU_ONLY);
        pools.add(pool);
        return pool;
    }

    @Override
    public void frame(int index) {
        while (!held.isEmpty() && held.peekFirst().releaseAt() <= index) {
            Held h = held.pollFirst();
            h.pool().release(h.buffer());
        }
        acquire(pools.get(0), 40 * 1024 + random.nextInt(24 * 1024), index); // fits the 64 KiB class
        acquire(pools.get(1), 20 * 1024 + random.nextInt(12 * 1024), index); // fits the 32 KiB class
        acquire(pools.get(2), 200, index);                                   // the 256-byte class
        if (random.nextInt(4) == 0) {
            acquire(pools.get(3), 1024 + random.nextInt(64 * 1024), index);   // sometimes no class fits
        }
        Objects.requireNonNull(gpu, "workload closed").read(held.stream().map(Held::buffer).toList());
    }

    private void acquire(BufferPool pool, long size, int frame) {
        held.addLast(new Held(pool, pool.acquire(size), frame + HOLD_FRAMES));
    }

    public List<BufferPool> pools() {
        return List.copyOf(pools);
    }

    @Override
    public String status() {
        StringBuilder text = new StringBuilder("pools:");
        for (BufferPool pool : pools) {
            var s = pool.getStats();
            text.append(String.format(Locale.ROOT, " %s %d made/%d reused/%d active", s.typeName(), s.totalAllocations(),
                    s.reuseCount(), s.activeBuffers()));
        }
        return text.toString();
    }

    @Override
    public void close() {
        held.forEach(h -> h.pool().release(h.buffer()));
        held.clear();
        pools.forEach(BufferPool::close);
        pools.clear();
        if (gpu != null) {
            gpu.close();
            gpu = null;
        }
    }

    private record Held(BufferPool pool, BufferAllocation buffer, int releaseAt) {
    }
}
