package io.memscope.core;

import io.memscope.core.MemorySnapshot;
import io.memscope.core.event.AllocationEvent;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.event.BudgetSampled;
import io.memscope.core.event.DefragmentationEvent;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.event.StatsSampled;
import io.memscope.core.event.ThresholdCrossed;
import io.memscope.core.stats.DefragmentationResult;
import io.memscope.core.stats.MemoryBlock;
import io.memscope.core.stats.MemoryBudget;
import io.memscope.core.stats.MemoryStats;
import io.reactivex.rxjava3.core.Flowable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a dashboard, exporter or engine sees of GPU memory: event streams plus commands. The in-process
 * implementation comes from {@link AllocatorCore#monitor()}; the dashboard knows only this interface.
 *
 * <p><b>Streams.</b> Every stream is hot: it carries what happens after subscription (state streams first
 * replay the latest sample). Each subscriber gets a bounded buffer of {@link MonitorOptions#bufferCapacity()}
 * events; subscribers share a bounded, process-wide pool of delivery threads ({@code memscope-delivery-N},
 * daemon; 4 threads or one per processor up to 16, {@code -Dmemscope.deliveryThreads} sets another bound), and
 * a subscriber holds one only while it has events to take. {@code onNext} calls for one subscriber are
 * serialised, never run on an allocating thread, and follow the order events were recorded on each thread; a
 * subscriber must not block in {@code onNext} (it would keep a pool thread from the others). Backpressure follows
 * the monitor's {@link OverflowPolicy}: {@code LOSSLESS} honours {@code request(n)} by holding events back
 * (and eventually the allocating threads), the dropping policies honour it by discarding and reporting
 * {@link io.memscope.core.event.EventsDropped}. A subscriber whose {@code onNext} throws is cancelled and
 * the exception logged; others and allocation go on. Streams complete when the core closes (a {@code LOSSLESS}
 * subscriber that has taken nothing for 5 s while it closes gets
 * {@link io.reactivex.rxjava3.exceptions.MissingBackpressureException} instead); a subscriber after the close
 * gets {@code onSubscribe}, then {@code onComplete}. A non-positive {@code request(n)} ends the stream with
 * {@code onError(IllegalArgumentException)} (Reactive Streams §3.9).
 *
 * <p><b>Threading.</b> All methods are thread-safe.
 */
public interface MemoryMonitor {

    /**
     * Every event. Backpressure: per {@link OverflowPolicy}; scheduler: memscope's subscriber pool (one
     * thread at a time per subscriber). Subscribers who want the current allocations first call
     * {@link #getLiveAllocations()} after subscribing and reconcile by {@link AllocationInfo#id()}.
     */
    Flowable<MemoryEvent> events();

    /** Allocation created / freed / moved events only; same backpressure and threading as {@link #events()}. */
    Flowable<AllocationEvent> allocations();

    /**
     * Budget samples, as state: a subscriber first gets the latest sample (if any) at once, then each new
     * one. Same backpressure and threading as {@link #events()}.
     */
    Flowable<BudgetSampled> budgets();

    /**
     * Statistics samples (per heap, memory type and tag, fragmentation), as state like {@link #budgets()}.
     */
    Flowable<StatsSampled> stats();

    /** Threshold crossings (usage, fragmentation, over budget; up and down). Same behaviour as {@link #events()}. */
    Flowable<ThresholdCrossed> warnings();

    /** Defragmentation started / progress / finished. Same behaviour as {@link #events()}. */
    Flowable<DefragmentationEvent> defragmentation();

    /**
     * Samples statistics and budget now and evaluates thresholds, as the periodic sampler does; publishes
     * the events and returns the statistics. In process as {@link #getStats()}; briefly holds allocation off.
     */
    MemoryStats sampleNow();

    /**
     * Current statistics ({@link AllocatorCore#getStats()}): in process O(blocks + tags) plus the stretches of blocks
     * changed since the last read; attached, one remote call; from a capture, the sample at or before the moment.
     */
    MemoryStats getStats();

    /** Current budget ({@link AllocatorCore#getMemoryBudget()}); cheap. */
    MemoryBudget getMemoryBudget();

    /** The live allocations, oldest first; O(n). */
    List<AllocationInfo> getLiveAllocations();

    /**
     * Where every live allocation sits in every {@code VkDeviceMemory} block now: what the memory map draws.
     * O(n log n) in live allocations; briefly holds allocation off in process. The default places
     * {@link #getLiveAllocations()} in blocks known only from them ({@link MemoryBlock#sizeKnown()} false);
     * monitors that know the blocks override it.
     */
    default MemoryMap getMemoryMap() {
        return MemoryMap.of(System.currentTimeMillis(), List.of(), getLiveAllocations());
    }

    /**
     * Records a snapshot (statistics, budget, per-tag figures, live allocations) with {@code description},
     * keeps it in the history and publishes {@link io.memscope.core.event.SnapshotTaken}.
     * O(n log n) in live allocations.
     */
    MemorySnapshot takeSnapshot(String description);

    /** Snapshots younger than {@link #getSnapshotRetention()}, oldest first. */
    List<MemorySnapshot> getSnapshots();

    /** How long snapshots are kept (default 10 minutes). */
    Duration getSnapshotRetention();

    /**
     * Defragments the device's memory ({@link AllocatorCore#defragment(DefragmentationOptions)}): allocation
     * on other threads waits meanwhile. Publishes defragmentation started / progress / finished events.
     */
    DefragmentationResult defragment(DefragmentationOptions options);

    /** The readable detailed report ({@link AllocatorCore#getDetailedReport()}). */
    String getDetailedReport();

    /** VMA's detailed JSON ({@code vmaBuildStatsString} with the detailed map). Slow. */
    String getVmaStatsJson();

    /** The thresholds the sampler watches now. */
    MonitorThresholds getThresholds();

    /** Replaces the thresholds; the next sample compares with them. */
    void setThresholds(MonitorThresholds thresholds);

    /** Human-readable name of what is monitored, e.g. the device name. */
    String getName();

    /**
     * Whether this monitor only shows what was recorded (a capture opened later): then {@link #takeSnapshot},
     * {@link #defragment}, {@link #setThresholds} and {@link #sampleNow} throw {@link UnsupportedOperationException},
     * and views disable them. False for the in-process and remote monitors.
     */
    default boolean isReadOnly() {
        return false;
    }

    /**
     * Starts recording a capture to {@code file}: a Flight Recorder recording of every memscope event of every core in
     * this JVM, with each core's device layout and full live state at its start and at every chunk start, so any part
     * of it opens on its own (with memscope's capture reader, JDK Mission Control or {@code jfr print}). Flight
     * Recorder writes to disk as it goes (within {@code options}' limits); the file is written by
     * {@link #stopCapture()}, or when the JVM exits in order. One capture at a time per JVM.
     *
     * <p>The in-process monitor implements it; others throw {@link UnsupportedOperationException}. Cost: while it
     * runs, the JFR bridge subscribes to the events (see docs/events.md) and each chunk start copies the ledger.
     *
     * @throws IllegalStateException if a capture runs already
     * @throws IllegalArgumentException if {@code file} cannot be written (checked before anything starts)
     */
    default void startCapture(Path file, CaptureOptions options) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot record captures");
    }

    /**
     * Stops the running capture and writes its file.
     *
     * @return the file written (absolute)
     * @throws IllegalStateException if no capture runs
     */
    default Path stopCapture() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot record captures");
    }
}
