package io.memscope.core;

import io.memscope.core.internal.jfr.CaptureRecorder;
import io.memscope.core.exceptions.AllocatorClosedException;
import io.memscope.core.stats.DefragmentationResult;
import io.memscope.core.stats.DeviceMemoryLayout;
import io.memscope.core.stats.LeakReport;
import io.memscope.core.stats.MemoryBudget;
import io.memscope.core.stats.MemoryStats;
import java.util.Collection;
import java.util.List;

/**
 * One per {@code VkDevice}: owns the {@code VmaAllocator}, memscope's ledger of live allocations, the custom pools,
 * and hands out tagged {@link MemoryAllocator} facades ({@link #allocator(String)}).
 *
 * <p><b>Threading.</b> All methods are thread-safe. Every VMA call and all bookkeeping run under one lock per
 * core: the VMA allocator is created with {@code VMA_ALLOCATOR_CREATE_EXTERNALLY_SYNCHRONIZED_BIT}, so memscope's
 * lock replaces the mutexes VMA would take inside every call, which makes an allocation through memscope cheaper
 * than the same call on a default (internally synchronised) VMA allocator. Calls from several threads are
 * serialised, driver work included; {@link #getStats()}, defragmentation and {@link #close()} hold the lock for
 * their whole run.
 *
 * <p><b>Cost.</b> Allocate and free add O(1) bookkeeping to VMA's own cost (see {@code docs/performance.md}).
 * {@link #getStats()} is O(blocks + tags) plus the stretches of blocks changed since the last read (the ledger keeps
 * its figures as it goes); {@link #getMemoryBudget()} is O(heaps) and cheap enough
 * for every frame; {@link #getVmaStatsJson(boolean)} is slow (VMA walks every block).
 *
 * <p><b>Lifecycle.</b> {@link #close()} frees whatever is still live, reports each as a leak, and destroys the VMA
 * allocator. The {@link VulkanContext} stays open; close it after the core (closing the context first closes its
 * cores).
 */
public final class AllocatorCore implements AutoCloseable {
    private final CoreEngine engine;

    private AllocatorCore(VulkanContext context, AllocatorOptions options) {
        this.engine = new CoreEngine(context, options);
        try {
            CaptureRecorder.startFromProperty(CaptureOptions.DEFAULT_MAX_SIZE_BYTES);
        } catch (RuntimeException e) { // -Dmemscope.capture names a file that cannot be written: no core either
            engine.close();
            throw e;
        }
    }

    /** Creates a core with default options. */
    public static AllocatorCore create(VulkanContext context) {
        return new AllocatorCore(context, AllocatorOptions.defaults());
    }

    /** Creates a core with {@code options}. */
    public static AllocatorCore create(VulkanContext context, AllocatorOptions options) {
        return new AllocatorCore(context, options);
    }

    /**
     * A new facade tagged {@code tag} (e.g. {@code "MeshLoader"}). Facades are cheap; each has its own strategy,
     * alignment, block size and warning threshold, and all share this core's VMA allocator.
     */
    public MemoryAllocator allocator(String tag) {
        engine.ensureOpen();
        if (tag.isBlank()) {
            throw new IllegalArgumentException("tag must not be blank");
        }
        return new MemoryAllocator(this, engine, tag);
    }

    public VulkanContext getContext() {
        return engine.context();
    }

    /** Heaps and memory types of the device. */
    public DeviceMemoryLayout getMemoryLayout() {
        return engine.layout();
    }

    /**
     * The raw {@code VmaAllocator} handle. It is created externally synchronised: memscope calls it only under its
     * lock, so code that calls VMA directly must do so inside {@link #withVma(VmaCall)} (or while no other thread
     * uses this core). Do not destroy it.
     */
    public long getVmaAllocator() {
        return engine.vmaAllocator();
    }

    /**
     * Runs {@code call} with the raw {@code VmaAllocator} while holding the core's lock, so it may call VMA
     * directly without racing memscope's own calls. Blocks allocation on other threads meanwhile: keep it short.
     * Do not free memscope's allocations or destroy the allocator in it.
     *
     * @throws AllocatorClosedException if the core is closed
     */
    public <T> T withVma(VmaCall<T> call) {
        return engine.withVma(call);
    }

    /**
     * This core's {@link MemoryMonitor}: event streams (allocations, samples, thresholds, defragmentation),
     * snapshots and reports. One per core, created with it; its streams complete when the core closes.
     */
    public MemoryMonitor monitor() {
        return engine.monitor();
    }

    /** The per-heap limit set by {@link AllocatorOptions#heapSizeLimitBytes()}, or 0. */
    public long getHeapSizeLimit() {
        return engine.heapSizeLimit();
    }

    // ---------------------------------------------------------------------------------------------- figures

    /**
     * Device-wide figures from the ledger: totals, per heap, per memory type, per tag, per custom pool. Briefly
     * excludes allocation on other threads; O(blocks + tags), plus the block stretches changed since the last read (about 1 µs at
     * 100 k live allocations when nothing changed, tens of µs after a change; see {@code docs/performance.md}).
     */
    public MemoryStats getStats() {
        return engine.stats();
    }

    /**
     * Budget and usage per heap from {@code vmaGetHeapBudgets}. O(heaps); cheap enough for every frame. A getter:
     * it fires no listener.
     */
    public MemoryBudget getMemoryBudget() {
        return engine.budget();
    }

    /** Tells VMA the current frame (needed each frame for fresh {@code VK_EXT_memory_budget} figures). */
    public void setCurrentFrameIndex(int frameIndex) {
        engine.setCurrentFrameIndex(frameIndex);
    }

    /** Number of live allocations; O(1). */
    public int getLiveAllocationCount() {
        return engine.liveAllocationCount();
    }

    /**
     * A snapshot of the live allocations, oldest first (the ledger keeps creation order). Briefly excludes
     * allocation on other threads; O(n) in live allocations.
     */
    public List<Allocation> getLiveAllocations() {
        return engine.liveAllocations();
    }

    /**
     * VMA's JSON statistics ({@code vmaBuildStatsString}). With {@code detailedMap}, every block's suballocations
     * (used and free) are listed. Slow: for reports and tests, not per frame.
     */
    public String getVmaStatsJson(boolean detailedMap) {
        return engine.vmaStatsJson(detailedMap);
    }

    /** A readable multi-line report: totals, budget, heaps, memory types, tags. */
    public String getDetailedReport() {
        return engine.detailedReport();
    }

    // ------------------------------------------------------------------------------------- defragmentation

    /**
     * Defragments every pool (VMA's default pools and memscope's custom pools) with {@code options}, moving memory
     * for real: each move binds a new resource at the new place, copies it on the GPU and destroys the old one,
     * while the Java handle stays the same. Every movable allocation may move; see
     * {@link #defragment(DefragmentationOptions, Collection)} to restrict it.
     *
     * <p><b>Concurrency.</b> Allocation, free and map on other threads <em>wait</em> while it runs (the core's lock
     * is held), so a one-call defragmentation stalls them for its duration; spread the work with
     * {@link DefragmentationOptions#step} to bound each stall.
     *
     * @return what moved, with figures before and after; publishes defragmentation events
     */
    public DefragmentationResult defragment(DefragmentationOptions options) {
        return engine.defragment(options);
    }

    /** As {@link #defragment(DefragmentationOptions)}, moving only {@code candidates} (others are left alone). */
    public DefragmentationResult defragment(DefragmentationOptions options, Collection<? extends Allocation> candidates) {
        return engine.defragment(options, candidates);
    }

    // ------------------------------------------------------------------------------------------------ close

    /** Whether {@link #close()} has run. */
    public boolean isClosed() {
        return engine.isClosed();
    }

    /**
     * Frees every allocation still live (logging each as a leak with tag, kind, size and name), destroys the custom
     * pools and the VMA allocator. Idempotent: a second call returns an empty list. {@link #close()} does the same
     * for try-with-resources. Waits for an operation of another thread to end, up to 10 s: a thread that holds the
     * core that long is stuck (an allocation waiting for a stalled LOSSLESS subscriber, a thread out of Java heap),
     * and the core then stays open.
     *
     * @return the leaks, oldest first
     * @throws IllegalStateException if another thread held the core for 10 s (nothing closed)
     */
    public List<LeakReport> closeAndReportLeaks() {
        return engine.closeAndReportLeaks();
    }

    /** Same as {@link #closeAndReportLeaks()}, for try-with-resources; leaks are logged. */
    @Override
    public void close() {
        engine.closeAndReportLeaks();
    }

    @Override
    public String toString() {
        return engine.toString();
    }

    /** The engine, for tests of this package. */
    CoreEngine engine() {
        return engine;
    }

    /** A direct call on this core's {@code VmaAllocator}, see {@link #withVma(VmaCall)}. */
    @FunctionalInterface
    public interface VmaCall<T> {
        T call(long vmaAllocator);
    }
}
