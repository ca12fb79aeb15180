package io.memscope.samples.workloads;

import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_DST_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_VERTEX_BUFFER_BIT;

import io.memscope.core.AllocationStrategy;
import io.memscope.core.AllocatorCore;
import io.memscope.core.BufferAllocation;
import io.memscope.core.DefragmentationAlgorithm;
import io.memscope.core.DefragmentationOptions;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemoryUsage;
import io.memscope.core.exceptions.OutOfDeviceMemoryException;
import io.memscope.core.stats.DefragmentationResult;
import io.memscope.core.stats.MemoryBudget;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * The seed's DynamicRenderer (example 4): a frame loop that creates dynamic buffers every frame, tracks
 * when each was last used, frees buffers whose lifetime ended, defragments in bounded steps every
 * {@link Settings#defragEveryFrames()} frames (10 s at 60 fps by default), and, under memory pressure
 * (usage above {@link Settings#pressureFraction()} of the budget, or over budget), frees every buffer
 * unused for more than {@link Settings#unusedFrames()} frames (600). The GPU reads every buffer used in a
 * frame. A buffer the device refuses (out of device memory, or over a heap size limit) is not made and the frame
 * goes on, as in the seed ({@link #refusedBuffers()} counts them).
 *
 * <p>Deterministic for a seed. Not thread-safe.
 */
public final class DynamicRendererWorkload implements Workload {

    /** How many pressure episodes and defragmentation steps are kept for inspection (the latest ones). */
    static final int KEPT_HISTORY = 1000;

    /**
     * @param buffersPerFrame new buffers per frame
     * @param minSize smallest buffer, bytes
     * @param maxSize largest buffer, bytes
     * @param minLifetime frames a buffer lives at least
     * @param maxLifetime frames a buffer lives at most
     * @param recentFrames buffers younger than this are used every frame; older ones now and then
     * @param unusedFrames pressure handling frees buffers unused for more than this many frames
     * @param pressureFraction usage / budget above which pressure handling runs
     * @param defragEveryFrames a bounded defragmentation step every this many frames (0 = never)
     */
    public record Settings(int buffersPerFrame, long minSize, long maxSize, int minLifetime, int maxLifetime,
                           int recentFrames, int unusedFrames, double pressureFraction, int defragEveryFrames) {
        /** The seed's figures: 4 buffers of 4–256 KiB per frame, 600 unused frames, defragmentation every 600 frames. */
        public static Settings defaults() {
            return new Settings(4, 4 << 10, 256 << 10, 120, 2400, 240, 600, 0.9, 600);
        }
    }

    /** One pressure episode: the frame, how many buffers it freed, the oldest "last used" it left. */
    public record PressureRelief(int frame, int freed, int smallestIdleFreed, int largestIdleKept) {
    }

    private final AllocatorCore core;
    private final MemoryAllocator allocator;
    private final Settings settings;
    private final Random random;
    private final List<Tracked> buffers = new ArrayList<>();
    /** The last {@value #KEPT_HISTORY} pressure episodes (a long run under pressure has one per frame). */
    private final ArrayDeque<PressureRelief> reliefs = new ArrayDeque<>();
    private long reliefCount;
    private long reliefFreed;
    /**
     * The last {@value #KEPT_HISTORY} defragmentation steps. Unbounded, this list grew for as long as the loop ran:
     * the launcher runs frames unpaced (about 1,000 frames a second on lavapipe), so one step per 600 frames is
     * several steps a second, not one per 10 s.
     */
    private final ArrayDeque<DefragmentationResult> defragmentations = new ArrayDeque<>();
    private long defragmentationCount;
    private @Nullable FrameGpuWork gpu;
    private long created;
    private long expired;
    private long refused;

    public DynamicRendererWorkload(AllocatorCore core, long seed, Settings settings) {
        this.core = core;
        this.allocator = core.allocator("DynamicRenderer");
        this.settings = settings;
        this.random = new Random(seed);
        allocator.setAllocationStrategy(AllocationStrategy.MEMORY_OPTIMIZED);
    }

    public DynamicRendererWorkload(AllocatorCore core, long seed) {
        this(core, seed, Settings.defaults());
    }

    @Override
    public String name() {
        return "dynamic";
    }

    @Override
    public void start() {
        gpu = new FrameGpuWork(allocator);
    }

    @Override
    public void frame(int index) {
        core.setCurrentFrameIndex(index);
        for (int i = 0; i < settings.buffersPerFrame(); i++) {
            long size = settings.minSize() + (long) (random.nextDouble() * (settings.maxSize() - settings.minSize()));
            int lifetime = settings.minLifetime() + random.nextInt(settings.maxLifetime() - settings.minLifetime() + 1);
            try {
                buffers.add(new Tracked(allocator.allocateBuffer(size, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT
                        | VK_BUFFER_USAGE_TRANSFER_DST_BIT, MemoryUsage.GPU_ONLY), index, index + lifetime));
                created++;
            } catch (OutOfDeviceMemoryException full) {
                refused++; // as the seed: that buffer is not made, the frame goes on
            }
        }
        List<BufferAllocation> used = new ArrayList<>();
        for (Iterator<Tracked> it = buffers.iterator(); it.hasNext(); ) {
            Tracked t = it.next();
            if (t.diesAt <= index) {
                t.buffer.close();
                it.remove();
                expired++;
                continue;
            }
            if (index - t.createdAt < settings.recentFrames() || random.nextInt(100) == 0) {
                t.lastUsed = index;
                used.add(t.buffer);
            }
        }
        Objects.requireNonNull(gpu, "workload closed").read(used);
        relievePressure(index);
        if (settings.defragEveryFrames() > 0 && index > 0 && index % settings.defragEveryFrames() == 0) {
            keepLatest(defragmentations, core.defragment(DefragmentationOptions.step(DefragmentationAlgorithm.BALANCED,
                    8L << 20, 64)));
            defragmentationCount++;
        }
    }

    /** Over the pressure line: free every buffer unused for more than {@code unusedFrames}. */
    private void relievePressure(int index) {
        MemoryBudget budget = core.getMemoryBudget();
        if (!budget.isOverBudget() && budget.usagePercentage() <= settings.pressureFraction()) {
            return;
        }
        int freed = 0;
        int smallestIdleFreed = Integer.MAX_VALUE;
        int largestIdleKept = 0;
        for (Iterator<Tracked> it = buffers.iterator(); it.hasNext(); ) {
            Tracked t = it.next();
            int idle = index - t.lastUsed;
            if (idle > settings.unusedFrames()) {
                t.buffer.close();
                it.remove();
                freed++;
                smallestIdleFreed = Math.min(smallestIdleFreed, idle);
            } else {
                largestIdleKept = Math.max(largestIdleKept, idle);
            }
        }
        keepLatest(reliefs, new PressureRelief(index, freed, freed == 0 ? 0 : smallestIdleFreed, largestIdleKept));
        reliefCount++;
        reliefFreed += freed;
    }

    private static <T> void keepLatest(ArrayDeque<T> history, T entry) {
        history.addLast(entry);
        if (history.size() > KEPT_HISTORY) {
            history.removeFirst();
        }
    }

    /** The most recent pressure episodes (up to 1,000), oldest first. */
    public List<PressureRelief> reliefs() {
        return List.copyOf(reliefs);
    }

    /** The most recent defragmentation steps (up to 1,000), oldest first. */
    public List<DefragmentationResult> defragmentations() {
        return List.copyOf(defragmentations);
    }

    /** Defragmentation steps run so far (all of them, not only those {@link #defragmentations()} keeps). */
    public long defragmentationCount() {
        return defragmentationCount;
    }

    public int liveBuffers() {
        return buffers.size();
    }

    /** Buffers the device refused (out of device memory, or over the heap size limit) and the workload went without. */
    public long refusedBuffers() {
        return refused;
    }

    @Override
    public String status() {
        return String.format(Locale.ROOT, "dynamic: %d live buffers, %d made, %d expired, %d refused (out of device "
                        + "memory), %d pressure reliefs (%d freed), %d defragmentation steps",
                buffers.size(), created, expired, refused, reliefCount, reliefFreed, defragmentationCount);
    }

    @Override
    public void close() {
        buffers.forEach(t -> t.buffer.close());
        buffers.clear();
        if (gpu != null) {
            gpu.close();
            gpu = null;
        }
    }

    /** A dynamic buffer and its bookkeeping. */
    private static final class Tracked {
        final BufferAllocation buffer;
        final int createdAt;
        final int diesAt;
        int lastUsed;

        Tracked(BufferAllocation buffer, int createdAt, int diesAt) {
            this.buffer = buffer;
            this.createdAt = createdAt;
            this.diesAt = diesAt;
            this.lastUsed = createdAt;
        }
    }
}
