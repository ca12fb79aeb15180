package io.memscope.samples.workloads;

import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_VERTEX_BUFFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_FORMAT_R8G8B8A8_UNORM;
import static org.lwjgl.vulkan.VK10.VK_IMAGE_USAGE_SAMPLED_BIT;
import static org.lwjgl.vulkan.VK10.VK_IMAGE_USAGE_TRANSFER_DST_BIT;

import io.memscope.core.Allocation;
import io.memscope.core.AllocatorCore;
import io.memscope.core.BufferAllocation;
import io.memscope.core.BufferRequest;
import io.memscope.core.DefragmentationAlgorithm;
import io.memscope.core.DefragmentationOptions;
import io.memscope.core.ImageRequest;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemoryUsage;
import io.memscope.core.exceptions.OutOfDeviceMemoryException;
import io.memscope.core.stats.HeapBudget;
import io.memscope.core.stats.MemoryHeapInfo;
import io.memscope.export.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * What VMA's guide "Staying within budget" asks of an engine, as a frame workload. Each frame it reads the budget of
 * the watched heap (the largest device-local one) with {@code vmaGetHeapBudgets} after {@code vmaSetCurrentFrameIndex},
 * and then:
 * <ul>
 *   <li><b>grows</b> toward {@code target × budget} by one step of 64–256 MiB (never past the target) made of
 *       textures and buffers of mixed sizes, each with a priority (0.1 streaming, 0.5 scene, 0.9 render targets),
 *       all allocated with {@code VMA_ALLOCATION_CREATE_WITHIN_BUDGET_BIT} (the facade's
 *       {@link MemoryAllocator#setWithinBudget}); buffers of 8 MiB and more get their own memory, so their priority
 *       reaches the driver where {@code VK_EXT_memory_priority} is on; a refusal is counted and is a pressure
 *       signal;</li>
 *   <li>on a <b>pressure signal</b> (the bytes in use over the target, e.g. because another process took memory and
 *       the budget shrank; usage over the budget; or a refusal) <b>evicts</b>, in the same frame, the least recently used resource of the lowest
 *       priority present, again and again, until the bytes in use (usage less the free space inside VMA's blocks) are
 *       under the target; if the free space inside blocks still holds usage over the budget it defragments at once
 *       (which gives emptied blocks back) and evicts further only if that was not enough;</li>
 *   <li>then <b>churns</b> for {@link Settings#churnFrames()} frames (frees small resources at random and makes
 *       others of other sizes, fragmenting VMA's blocks) and <b>defragments</b> (FULL), and grows again.</li>
 * </ul>
 * Every frame the GPU reads the buffers used in it (up to {@link Settings#gpuReadsPerFrame()}); residents are used
 * with a chance by priority (0.9, 0.3, 0.05), which is what "recently used" means here. {@link #log()} keeps the
 * budget over time, every eviction, the episodes, refusals and where each allocation landed.
 *
 * <p>Deterministic for a seed and a budget. Not thread-safe: drive it from one thread. Cost per frame: O(residents log
 * residents) for the uses, one {@code vmaGetHeapBudgets} per allocation step and per eviction, and an O(residents)
 * scan per eviction for the log's audit.
 */
public final class PressureWorkload implements Workload {
    /** The share of the budget the workload grows to unless told otherwise. */
    public static final double DEFAULT_TARGET = 0.9;
    static final float LOW = 0.1f;
    static final float NORMAL = 0.5f;
    static final float HIGH = 0.9f;
    private static final long MIB = 1L << 20;

    /**
     * @param target the share of the watched heap's budget to grow to, in {@code (0, 1]}
     * @param minStepBytes smallest growth step, bytes
     * @param maxStepBytes largest growth step, bytes
     * @param churnFrames frames of churn after a pressure episode before the defragmentation
     * @param gpuReadsPerFrame at most this many buffers read by the GPU per frame
     */
    public record Settings(double target, long minStepBytes, long maxStepBytes, int churnFrames, int gpuReadsPerFrame) {
        public Settings {
            if (!(target > 0 && target <= 1)) {
                throw new IllegalArgumentException("target must be in (0, 1], was " + target);
            }
            if (minStepBytes <= 0 || maxStepBytes < minStepBytes || churnFrames < 0 || gpuReadsPerFrame < 0) {
                throw new IllegalArgumentException("bad settings " + minStepBytes + ".." + maxStepBytes + ", "
                        + churnFrames + ", " + gpuReadsPerFrame);
            }
        }

        /** Target 90 %, steps of 64–256 MiB, 30 frames of churn, 256 GPU reads per frame. */
        public static Settings defaults() {
            return new Settings(DEFAULT_TARGET, 64 * MIB, 256 * MIB, 30, 256);
        }

        public Settings withTarget(double value) {
            return new Settings(value, minStepBytes, maxStepBytes, churnFrames, gpuReadsPerFrame);
        }

        public Settings withSteps(long min, long max) {
            return new Settings(target, min, max, churnFrames, gpuReadsPerFrame);
        }
    }

    /** The resources a step is made of. Sizes are what they ask for; images get what the driver needs. */
    private enum Kind {
        TEXTURE_4096(4096, 64 * MIB, 2), TEXTURE_2048(2048, 16 * MIB, 3), TEXTURE_1024(1024, 4 * MIB, 3),
        TEXTURE_256(256, MIB / 4, 3), BUFFER_32M(0, 32 * MIB, 2), BUFFER_8M(0, 8 * MIB, 3), BUFFER_1M(0, MIB, 4),
        BUFFER_256K(0, MIB / 4, 4);

        final int texels;
        final long bytes;
        final int weight;

        Kind(int texels, long bytes, int weight) {
            this.texels = texels;
            this.bytes = bytes;
            this.weight = weight;
        }

        /** Placed in VMA's shared blocks (what churn frees and defragmentation moves). */
        boolean small() {
            return bytes <= MIB;
        }
    }

    private final AllocatorCore core;
    private final MemoryAllocator allocator;
    private final Random random;
    private final int heapIndex;
    private final ResidentSet residents = new ResidentSet();
    private final PressureLog log;
    private Settings settings;
    private @Nullable FrameGpuWork gpu;
    private long nextId;
    private int churnLeft;
    private long refusedBytes;
    private int frames;

    public PressureWorkload(AllocatorCore core, long seed, Settings settings) {
        this.core = core;
        this.allocator = core.allocator("Pressure");
        this.settings = settings;
        this.random = new Random(seed);
        this.log = new PressureLog(core.getMemoryLayout());
        List<MemoryHeapInfo> heaps = core.getMemoryLayout().heaps();
        this.heapIndex = heaps.stream().filter(MemoryHeapInfo::deviceLocal).max(Comparator.comparingLong(MemoryHeapInfo::sizeBytes))
                .or(() -> heaps.stream().max(Comparator.comparingLong(MemoryHeapInfo::sizeBytes)))
                .orElseThrow().index();
        allocator.setWithinBudget(true);
    }

    public PressureWorkload(AllocatorCore core, long seed) {
        this(core, seed, Settings.defaults());
    }

    @Override
    public String name() {
        return "pressure";
    }

    /** The heap whose budget the workload watches: the largest device-local one. */
    public int heapIndex() {
        return heapIndex;
    }

    public PressureLog log() {
        return log;
    }

    public Settings settings() {
        return settings;
    }

    /** Changes the target from the next frame on (an engine's memory setting; lowering it is a pressure signal). */
    public void setTarget(double target) {
        settings = settings.withTarget(target);
    }

    /** Resources held now. */
    public int residentCount() {
        return residents.size();
    }

    /** The allocations held now, for tests. */
    public List<Allocation> residentAllocations() {
        List<Allocation> out = new ArrayList<>();
        residents.all().forEach(r -> out.add(r.allocation));
        return out;
    }

    @Override
    public void start() {
        gpu = new FrameGpuWork(allocator);
    }

    @Override
    public void frame(int index) {
        core.setCurrentFrameIndex(index);
        HeapBudget start = heap();
        long targetBytes = (long) (settings.target() * start.budgetBytes());
        // over the target in bytes really in use (free space inside blocks is defragmentation's, not eviction's),
        // or over the budget at all
        boolean overTarget = inUse(start) > targetBytes || start.isOverBudget();
        boolean refused = refusedBytes > 0;
        int evicted = 0;
        if (overTarget || refused) {
            long goal = overTarget ? targetBytes : Math.min(targetBytes, start.budgetBytes() - refusedBytes);
            evicted = relieve(index, start, goal, overTarget ? "over target" : "refused");
            refusedBytes = 0;
            churnLeft = settings.churnFrames();
        } else if (churnLeft > 0) {
            churn(index, targetBytes);
            if (--churnLeft == 0) {
                log.defragmented(core.defragment(DefragmentationOptions.of(DefragmentationAlgorithm.FULL)));
            }
        } else {
            grow(index, start, targetBytes);
        }
        use(index);
        HeapBudget end = heap();
        log.sample(new PressureLog.FrameSample(index, System.currentTimeMillis(), start.budgetBytes(),
                start.usageBytes(), end.budgetBytes(), end.usageBytes(), targetBytes, overTarget || refused, evicted));
        frames++;
    }

    private HeapBudget heap() {
        return core.getMemoryBudget().heap(heapIndex);
    }

    /** Bytes in use: usage less the free space inside VMA's blocks (what evicting a block-placed resource lowers). */
    private static long inUse(HeapBudget heap) {
        return heap.usageBytes() - (heap.blockBytes() - heap.allocationBytes());
    }

    private int relieve(int frame, HeapBudget start, long goal, String reason) {
        int evicted = 0;
        long bytes = 0;
        HeapBudget now = start;
        long size;
        while (inUse(now) > goal && (size = evictOne(frame)) >= 0) {
            evicted++;
            bytes += size;
            now = heap();
        }
        if (now.isOverBudget()) { // free space inside blocks holds it over: compact, which frees emptied blocks
            log.defragmented(core.defragment(DefragmentationOptions.of(DefragmentationAlgorithm.FULL)));
            now = heap();
            while (now.isOverBudget() && (size = evictOne(frame)) >= 0) {
                evicted++;
                bytes += size;
                now = heap();
            }
        }
        log.episode(new PressureLog.Episode(frame, reason, start.budgetBytes(), start.usageBytes(), now.usageBytes(),
                evicted, bytes));
        return evicted;
    }

    /** Evicts the least recently used resident of the lowest priority; its bytes, or -1 when none is left. */
    private long evictOne(int frame) {
        ResidentSet.Resident victim = residents.nextVictim();
        if (victim == null) {
            return -1;
        }
        ResidentSet.Audit audit = residents.audit();
        residents.remove(victim);
        String name = Objects.requireNonNullElse(victim.allocation.getName(), "?");
        long size = victim.allocation.getSize();
        victim.allocation.close();
        log.evicted(new PressureLog.Eviction(frame, name, size, victim.priority, victim.lastUsed,
                audit.lowestPriority(), audit.oldestUseAtLowestPriority()));
        return size;
    }

    private void grow(int frame, HeapBudget start, long targetBytes) {
        long headroom = targetBytes - start.usageBytes();
        if (headroom < settings.minStepBytes()) {
            return; // at the target
        }
        long span = settings.maxStepBytes() - settings.minStepBytes();
        long step = Math.min(headroom, settings.minStepBytes() + (span == 0 ? 0 : (long) (random.nextDouble() * span)));
        long made = 0;
        Kind kind;
        while ((kind = pick(step - made, false)) != null) {
            if (!allocate(kind, frame)) {
                return;
            }
            made += kind.bytes;
        }
    }

    /** Frees up to four small residents at random and makes small ones of other sizes, under the target. */
    private void churn(int frame, long targetBytes) {
        for (int i = 0; i < 4; i++) {
            ResidentSet.Resident victim = residents.randomSmall(random);
            if (victim == null) {
                break;
            }
            residents.remove(victim);
            victim.allocation.close();
        }
        for (int i = 0; i < 4; i++) {
            Kind kind = pick(Long.MAX_VALUE, true);
            if (kind == null || heap().usageBytes() + kind.bytes > targetBytes || !allocate(kind, frame)) {
                break;
            }
        }
    }

    /** A kind at random by weight among those of at most {@code room} bytes (only small ones if asked); null if none. */
    private @Nullable Kind pick(long room, boolean smallOnly) {
        int total = 0;
        for (Kind k : Kind.values()) {
            if (k.bytes <= room && (!smallOnly || k.small())) {
                total += k.weight;
            }
        }
        if (total == 0) {
            return null;
        }
        int at = random.nextInt(total);
        for (Kind k : Kind.values()) {
            if (k.bytes <= room && (!smallOnly || k.small())) {
                at -= k.weight;
                if (at < 0) {
                    return k;
                }
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** Makes one resource within budget; on a refusal records it (a pressure signal next frame) and returns false. */
    private boolean allocate(Kind kind, int frame) {
        double roll = random.nextDouble();
        float priority = roll < 0.5 ? LOW : roll < 0.85 ? NORMAL : HIGH;
        long id = nextId++;
        String name = String.format(Locale.ROOT, "%s p%.1f #%d", kind.name().toLowerCase(Locale.ROOT), priority, id);
        Allocation allocation;
        try {
            if (kind.texels > 0) {
                allocation = allocator.allocateImage(ImageRequest.texture2D(kind.texels, kind.texels,
                        VK_FORMAT_R8G8B8A8_UNORM, VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT)
                        .withPriority(priority).named(name));
            } else {
                BufferRequest request = BufferRequest.of(kind.bytes, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT
                        | VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY).withPriority(priority).named(name);
                allocation = allocator.allocateBuffer(kind.bytes >= 8 * MIB ? request.withDedicatedMemory() : request);
            }
        } catch (OutOfDeviceMemoryException refused) {
            log.refused();
            refusedBytes = Math.max(refusedBytes, kind.bytes);
            return false;
        }
        log.placed(allocation.getMemoryTypeIndex(), allocation.getSize(), true);
        residents.add(new ResidentSet.Resident(id, allocation, priority, kind.small(), frame));
        return true;
    }

    /** Marks residents used by chance per priority and has the GPU read the used buffers. */
    private void use(int frame) {
        List<BufferAllocation> reads = new ArrayList<>();
        List<ResidentSet.Resident> used = new ArrayList<>();
        for (ResidentSet.Resident r : residents.all()) {
            double chance = r.priority >= HIGH ? 0.9 : r.priority >= NORMAL ? 0.3 : 0.05;
            if (random.nextDouble() < chance) {
                used.add(r);
            }
        }
        for (ResidentSet.Resident r : used) {
            residents.touch(r, frame);
            if (r.allocation instanceof BufferAllocation buffer && reads.size() < settings.gpuReadsPerFrame()) {
                reads.add(buffer);
            }
        }
        Objects.requireNonNull(gpu, "workload closed or not started").read(reads);
    }

    @Override
    public String status() {
        HeapBudget heap = heap();
        return String.format(Locale.ROOT, "pressure: %d resources, %s | heap %d budget %s, usage %s, target %.0f %% "
                        + "| %d episodes, %d evicted, %d refused, %d spilled, %d defragmentations",
                residents.size(), PressureLog.gib(residents.bytes()), heapIndex, PressureLog.gib(heap.budgetBytes()),
                PressureLog.gib(heap.usageBytes()), settings.target() * 100, log.episodeCount(), log.evictionCount(),
                log.refusals(), log.spilled(), log.defragmentations().size());
    }

    @Override
    public String report() {
        String priority = core.getContext().isMemoryPriorityEnabled()
                ? "on" + (core.getContext().isPageableDeviceLocalMemoryEnabled() ? ", pageable device-local memory on"
                        : "")
                : "off (priorities recorded, not passed to the driver)";
        return log.report(String.format(Locale.ROOT, "pressure report: %d frames, target %.0f %% of heap %d's budget "
                + "(%s); VK_EXT_memory_budget %s, VK_EXT_memory_priority %s", frames, settings.target() * 100,
                heapIndex, core.getMemoryBudget().source(), core.getContext().hasMemoryBudgetExtension() ? "on" : "off",
                priority));
    }

    /** Writes {@code pressure.csv} (the frame samples) and {@code pressure.png} (budget, usage, target over time). */
    @Override
    public void writeReport(Path folder) {
        AtomicFiles.writeString(folder.resolve("pressure.csv"), log.csv());
        try {
            PressureChart.write(log.samples(), folder.resolve("pressure.png"));
        } catch (LinkageError | RuntimeException e) {
            if (e instanceof java.io.UncheckedIOException io) {
                throw io;
            }
            System.err.println("memscope: pressure chart skipped (" + e + ")"); // e.g. a JRE without font libraries
        }
    }

    @Override
    public void close() {
        for (ResidentSet.Resident r : new ArrayList<>(residents.all())) {
            residents.remove(r);
            r.allocation.close();
        }
        if (gpu != null) {
            gpu.close();
            gpu = null;
        }
    }
}
