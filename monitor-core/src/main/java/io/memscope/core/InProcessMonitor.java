package io.memscope.core;

import io.memscope.core.MemorySnapshot;
import io.memscope.core.event.AllocationEvent;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.event.BudgetSampled;
import io.memscope.core.event.DefragmentationEvent;
import io.memscope.core.event.DefragmentationFinished;
import io.memscope.core.event.DefragmentationProgress;
import io.memscope.core.event.DefragmentationStarted;
import io.memscope.core.event.EventHeader;
import io.memscope.core.event.LeakReported;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.event.SnapshotTaken;
import io.memscope.core.event.StatsSampled;
import io.memscope.core.event.ThresholdCrossed;
import io.memscope.core.exceptions.AllocatorClosedException;
import io.memscope.core.internal.BackgroundThreadErrors;
import io.memscope.core.internal.events.EventHub;
import io.memscope.core.internal.jfr.CaptureRecorder;
import io.memscope.core.internal.jfr.ChunkStates;
import io.memscope.core.internal.jfr.JfrBridge;
import io.memscope.core.stats.DefragmentationResult;
import io.memscope.core.stats.DeviceMemoryLayout;
import io.memscope.core.stats.LeakReport;
import io.memscope.core.stats.MemoryBlock;
import io.memscope.core.stats.MemoryBudget;
import io.memscope.core.stats.MemoryStats;
import io.reactivex.rxjava3.core.Flowable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MemoryMonitor} of one {@link AllocatorCore}, in the same process: an {@link EventHub}, the
 * periodic sampler and the snapshot history.
 *
 * <p>The sampler ({@code memscope-sampler} daemon thread) runs every {@link MonitorOptions#sampleInterval()}
 * but does its work (statistics, budget, thresholds) only while someone subscribes. The {@link JfrBridge} subscribes while a Flight
 * Recorder recording enables a memscope event type; the sampler re-checks that on every tick. Thread-safe.
 */
final class InProcessMonitor implements MemoryMonitor, AutoCloseable {
    /** What the monitor needs of the engine: figures, state, reports and defragmentation. */
    interface Host {
        VulkanContext context();

        /** The core's id within the JVM (the JFR events' {@code core} field). */
        int coreId();

        DeviceMemoryLayout layout();

        boolean isClosed();

        MemoryStats stats();

        MemoryBudget budget();

        List<Allocation> liveAllocations();

        MemoryMap memoryMap();

        /** The blocks VMA holds now. */
        List<MemoryBlock> memoryBlocks();

        /** Increases whenever a block is allocated or freed; cheap, any thread. */
        long blockGeneration();

        State captureState();

        String detailedReport();

        String vmaStatsJson(boolean detailedMap);

        DefragmentationResult defragment(DefragmentationOptions options);

        /** Statistics and the live allocations (oldest first) of one instant. */
        record State(MemoryStats stats, List<Allocation> allocations) {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(InProcessMonitor.class);

    private final Host core;
    private final MonitorOptions options;
    private final EventHub hub;
    private final EventRecorder recorder;
    private final ThresholdTracker thresholds;
    /** Facades whose own warning level is watched (see {@link WarningThreshold}). */
    private final CopyOnWriteArrayList<WarningThreshold> watchedFacades =
            new CopyOnWriteArrayList<>();
    private final Deque<MemorySnapshot> snapshots = new ArrayDeque<>();
    private final ScheduledExecutorService sampler;
    /** The block generation whose blocks the sampler last recorded; guarded by {@code this} (sampleNow). */
    private long blocksWrittenAt = -1;
    private final JfrBridge jfrBridge;
    private volatile MonitorThresholds currentThresholds;
    private long nextSnapshotId = 1;

    InProcessMonitor(Host core, MonitorOptions options) {
        ChunkStates.ensureHooks(); // memscope's capture event types registered before the sampler may touch one
        this.core = core;
        this.options = options;
        this.hub = new EventHub(core.context().getDeviceName(), options.overflowPolicy(), options.bufferCapacity());
        this.recorder = new EventRecorder(hub, options.enabled());
        this.thresholds = new ThresholdTracker(core.layout().heaps().size());
        this.currentThresholds = options.thresholds();
        this.sampler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "memscope-sampler");
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler(BackgroundThreadErrors.HANDLER);
            return thread;
        });
        this.jfrBridge = new JfrBridge(core.coreId(), events());
        long interval = options.sampleInterval().toNanos();
        if (interval > 0) {
            sampler.scheduleWithFixedDelay(this::sampleIfWatched, interval, interval, TimeUnit.NANOSECONDS);
        } else { // no sampler ticks: still notice recordings whose settings change without a state change
            var unused = sampler.scheduleWithFixedDelay(this::refreshJfrBridge, 1, 1, TimeUnit.SECONDS);
        }
    }

    JfrBridge jfrBridge() {
        return jfrBridge;
    }

    EventRecorder recorder() {
        return recorder;
    }

    EventHub hub() {
        return hub;
    }

    // ------------------------------------------------------------------------------------------------ streams

    @Override
    public Flowable<MemoryEvent> events() {
        return hub.stream(MemoryEvent.class, false);
    }

    @Override
    public Flowable<AllocationEvent> allocations() {
        return hub.stream(AllocationEvent.class, false);
    }

    @Override
    public Flowable<BudgetSampled> budgets() {
        return hub.stream(BudgetSampled.class, true);
    }

    @Override
    public Flowable<StatsSampled> stats() {
        return hub.stream(StatsSampled.class, true);
    }

    @Override
    public Flowable<ThresholdCrossed> warnings() {
        return hub.stream(ThresholdCrossed.class, false);
    }

    @Override
    public Flowable<DefragmentationEvent> defragmentation() {
        return hub.stream(DefragmentationEvent.class, false);
    }

    // ------------------------------------------------------------------------------------------------ sampling

    private void refreshJfrBridge() {
        try {
            jfrBridge.refresh();
        } catch (RuntimeException e) {
            LOG.error("memscope JFR bridge check failed; it goes on", e);
        } catch (OutOfMemoryError e) {
            // the heap ran out (likely in another thread): skip this tick; a periodic task that throws never runs again
        }
    }

    private void sampleIfWatched() {
        refreshJfrBridge(); // a remote recording's settings can change without a recording state change
        if (!hub.hasSubscribers() || core.isClosed()) {
            return;
        }
        try {
            sampleNow();
        } catch (AllocatorClosedException e) {
            LOG.debug("sampler stopped: core closed");
        } catch (RuntimeException e) {
            LOG.error("memscope sampler failed; it goes on", e);
        } catch (OutOfMemoryError e) {
            // as above: this sample is lost, the next tick tries again
        }
    }

    @Override
    public synchronized MemoryStats sampleNow() {
        MemoryStats stats = core.stats();
        MemoryBudget budget = core.budget();
        recorder.publish(EventHeader.DEVICE, header -> new StatsSampled(header, stats));
        recorder.publish(EventHeader.DEVICE, header -> new BudgetSampled(header, budget));
        for (ThresholdTracker.Crossing c : thresholds.evaluate(stats, budget, currentThresholds)) {
            thresholdCrossed(EventHeader.DEVICE, c);
        }
        for (WarningThreshold facade : watchedFacades) {
            facade.evaluate(budget);
        }
        writeBlocksIfChanged();
        return stats;
    }

    /** While a capture wants them, records the blocks when they changed since the last time (see ChunkStates). */
    private void writeBlocksIfChanged() {
        long generation = core.blockGeneration();
        if (generation != blocksWrittenAt && ChunkStates.blocksWanted()) {
            ChunkStates.writeBlocks(core.coreId(), core.memoryBlocks());
            blocksWrittenAt = generation;
        }
    }

    /**
     * Logs a crossing (going up) and publishes it as a {@link ThresholdCrossed}; {@code tag} is
     * {@link EventHeader#DEVICE} for the monitor's own thresholds, a facade's tag for its warning level.
     *
     * @return the crossing's scope in words
     */
    String thresholdCrossed(String tag, ThresholdTracker.Crossing c) {
        String scope = ThresholdScope.describe(core.layout(), tag, c.heapIndex());
        if (c.direction() == ThresholdCrossed.Direction.UP) {
            LOG.warn("memory threshold crossed: {} of {} at {} > {}", c.kind(), scope, percent(c.value()),
                    percent(c.threshold()));
        }
        recorder.publish(tag, header -> new ThresholdCrossed(header, c.kind(), c.direction(), c.heapIndex(),
                c.value(), c.threshold(), scope));
        return scope;
    }

    /** A facade's threshold is watched: evaluate it on every sample too. */
    void watch(WarningThreshold facade) {
        watchedFacades.addIfAbsent(facade);
    }

    void unwatch(WarningThreshold facade) {
        watchedFacades.remove(facade);
    }

    private static String percent(double fraction) {
        return Math.round(fraction * 1000) / 10.0 + " %";
    }

    // ------------------------------------------------------------------------------------------------ commands

    @Override
    public MemoryStats getStats() {
        return core.stats();
    }

    @Override
    public MemoryBudget getMemoryBudget() {
        return core.budget();
    }

    @Override
    public List<AllocationInfo> getLiveAllocations() {
        return infos(core.liveAllocations());
    }

    @Override
    public MemoryMap getMemoryMap() {
        return core.memoryMap();
    }

    private static List<AllocationInfo> infos(List<Allocation> allocations) {
        List<AllocationInfo> infos = new ArrayList<>(allocations.size());
        for (Allocation allocation : allocations) {
            infos.add(allocation.toInfo());
        }
        return infos;
    }

    @Override
    public MemorySnapshot takeSnapshot(String description) {
        Host.State state = core.captureState();
        MemoryBudget budget = core.budget();
        long nanos = System.nanoTime();
        MemorySnapshot snapshot;
        synchronized (snapshots) {
            snapshot = new MemorySnapshot(nextSnapshotId++, Instant.now(), nanos, description, state.stats(), budget,
                    infos(state.allocations()));
            snapshots.addLast(snapshot);
            expireSnapshots(nanos);
        }
        recorder.publish(EventHeader.DEVICE, header -> new SnapshotTaken(header, snapshot));
        return snapshot;
    }

    @Override
    public List<MemorySnapshot> getSnapshots() {
        synchronized (snapshots) {
            expireSnapshots(System.nanoTime());
            return List.copyOf(snapshots);
        }
    }

    /** Caller holds the snapshots' lock. */
    private void expireSnapshots(long now) {
        long retention = options.snapshotRetention().toNanos();
        while (!snapshots.isEmpty() && now - snapshots.peekFirst().monotonicNanos() > retention) {
            snapshots.removeFirst();
        }
    }

    @Override
    public Duration getSnapshotRetention() {
        return options.snapshotRetention();
    }

    @Override
    public String getDetailedReport() {
        return core.detailedReport();
    }

    @Override
    public String getVmaStatsJson() {
        return core.vmaStatsJson(true);
    }

    @Override
    public MonitorThresholds getThresholds() {
        return currentThresholds;
    }

    @Override
    public void setThresholds(MonitorThresholds thresholds) {
        this.currentThresholds = Objects.requireNonNull(thresholds, "thresholds");
    }

    @Override
    public String getName() {
        return core.context().getDeviceName();
    }

    void defragmentationStarted(DefragmentationAlgorithm algorithm, int marked, double fragmentation) {
        recorder.publish(EventHeader.DEVICE, h -> new DefragmentationStarted(h, algorithm.name(), marked, fragmentation));
    }

    void defragmentationProgress(int pass, long bytesMoved, int allocationsMoved) {
        recorder.publish(EventHeader.DEVICE, h -> new DefragmentationProgress(h, pass, bytesMoved, allocationsMoved));
    }

    void defragmentationFinished(DefragmentationResult result) {
        recorder.publish(EventHeader.DEVICE, h -> new DefragmentationFinished(h, result));
    }

    @Override
    public DefragmentationResult defragment(DefragmentationOptions options) {
        return core.defragment(options);
    }

    /** Publishes a leak found at close (called by the core under its lock). */
    void leakReported(LeakReport leak) {
        recorder.publish(leak.tag(), header -> new LeakReported(header, leak));
    }

    /** Events lost to the overflow policy so far, over all subscribers and the intake. */
    long droppedEventCount() {
        return hub.droppedCount();
    }

    /** Stops the sampler without waiting for it (the core may hold its lock). */
    void stopSampling() {
        sampler.shutdownNow();
    }

    @Override
    public void close() {
        stopSampling();
        hub.close();
        jfrBridge.close(); // after the hub: its subscription completes once what was recorded is committed
    }

    @Override
    public void startCapture(java.nio.file.Path file, CaptureOptions options) {
        CaptureRecorder.start(file, options.maxSizeBytes(), options.maxAge(), options.callStacks().value());
    }

    @Override
    public java.nio.file.Path stopCapture() {
        return CaptureRecorder.stop();
    }

    @Override
    public String toString() {
        return "MemoryMonitor[" + getName() + "]";
    }
}
