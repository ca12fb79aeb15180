package io.memscope.ui;

import io.memscope.core.DefragmentationAlgorithm;
import io.memscope.core.DefragmentationOptions;
import io.memscope.core.MemoryMonitor;
import io.memscope.core.MemorySnapshot;
import io.memscope.core.MonitorThresholds;
import io.memscope.core.event.AllocationEvent;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.event.BudgetSampled;
import io.memscope.core.event.EventsDropped;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.event.SnapshotTaken;
import io.memscope.core.event.StatsSampled;
import io.memscope.core.event.ThresholdCrossed;
import io.memscope.core.management.CallSiteSource;
import io.memscope.core.management.CallSites;
import io.memscope.core.stats.DefragmentationResult;
import io.memscope.core.stats.HeapBudget;
import io.memscope.core.stats.HeapStats;
import io.memscope.core.stats.MemoryBudget;
import io.memscope.core.MemoryMap;
import io.memscope.core.stats.MemoryStats;
import io.memscope.core.stats.TagStats;
import io.memscope.export.Formats;
import io.memscope.export.HistoryRecorder;
import io.memscope.export.capture.CaptureMonitor;
import io.memscope.remote.ConnectionState;
import io.memscope.remote.ConnectionStatus;
import io.memscope.remote.RemoteMemoryMonitor;
import io.reactivex.rxjava3.disposables.CompositeDisposable;
import io.reactivex.rxjava3.disposables.Disposable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's state as JavaFX properties and lists, fed by a {@link MemoryMonitor}'s streams.
 *
 * <p><b>Threading.</b> Stream subscribers (memscope's delivery threads) only record the latest sample,
 * count allocations and queue warnings; {@link #pulse()}, called once per frame on the FX thread (the
 * window's {@code AnimationTimer}), copies that into the properties. So updates are conflated to the frame
 * rate whatever the event rate, and there is no {@code runLater} per event. Chart data sets are fed from
 * the stats subscriber's thread (ChartFX data sets lock internally). Properties and lists must be read on
 * the FX thread once they are bound to a scene.
 *
 * <p><b>Memory.</b> Bounded by the retention window: at most {@code retention / sampleInterval} chart
 * samples, the monitor's snapshots, the live allocation list, and the last 1,000 warnings.
 */
public final class DashboardModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardModel.class);
    private static final int MAX_WARNINGS = 1000;
    private static final long LIVE_REFRESH_NANOS = Duration.ofSeconds(1).toNanos();
    /** Snapshots are re-read when one is taken, and this often anyway (the monitor drops expired ones quietly). */
    private static final long SNAPSHOT_REFRESH_NANOS = Duration.ofSeconds(10).toNanos();
    /** The memory map is read at most this often (in process; it takes the core's allocation lock). */
    private static final long MAP_REFRESH_NANOS = Duration.ofMillis(250).toNanos();

    /** One row of the heap table. */
    public record HeapRow(int heap, boolean deviceLocal, long sizeBytes, long budgetBytes, long usageBytes,
                          double usageOfBudget, long allocatedBytes, long usedBytes, long blocks, long allocations,
                          double fragmentation) {
    }

    /** What a capture shows at its moment (computed on the worker thread, applied on the next pulse). */
    private record MomentFigures(Instant at, MemoryStats stats, MemoryBudget budget, List<AllocationInfo> live) {
    }

    /**
     * One row of the fragmentation table: a scope ("device", "pool Terrain (type 1, 64 MiB blocks)", "tag Meshes")
     * and its figures.
     */
    public record FragmentationRow(String scope, io.memscope.core.stats.MemoryFigures figures) {
        static List<FragmentationRow> of(MemoryStats stats) {
            List<FragmentationRow> rows = new ArrayList<>();
            rows.add(new FragmentationRow("device", stats.total()));
            for (io.memscope.core.stats.PoolStats pool : stats.pools()) {
                rows.add(new FragmentationRow("pool " + pool.label() + " (type " + pool.memoryTypeIndex() + ", "
                        + Formats.bytes(pool.blockSizeBytes()) + " blocks)", pool.figures()));
            }
            stats.tagBlocks().forEach((tag, figures) -> rows.add(new FragmentationRow("tag " + tag + " (its blocks)",
                    figures)));
            return rows;
        }
    }

    /** One line of the warning log. */
    public record WarningEntry(Instant time, ThresholdCrossed crossing) {
        public String describe() {
            ThresholdCrossed c = crossing;
            return Formats.time(time) + "  " + c.kind() + " " + (c.isRaised() ? "raised" : "cleared")
                    + " on " + c.scope() + ": "
                    + Formats.percent(c.value()) + (c.isRaised() ? " > " : " < ") + Formats.percent(c.threshold());
        }
    }

    private final MemoryMonitor monitor;
    private final HistoryCharts charts;
    /** Per second of the history: its last sample and its events, for a click on a chart. */
    private final EventSeconds seconds;
    private volatile HistoryRecorder history;
    /** Set when the monitor is a capture: the figures then follow its moment, not the stream's samples. */
    private final @Nullable CaptureMonitor capture;
    private volatile @Nullable Disposable eventSubscription;
    private final AtomicReference<@Nullable Instant> requestedMoment = new AtomicReference<>();
    private volatile @Nullable MomentFigures pendingMoment;
    private final AtomicBoolean resetWarnings = new AtomicBoolean();
    private final CompositeDisposable subscriptions = new CompositeDisposable();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "memscope-dashboard-worker");
        thread.setDaemon(true);
        return thread;
    });

    // written by delivery threads, read by pulse()
    private volatile @Nullable StatsSampled latestStats;
    private volatile @Nullable BudgetSampled latestBudget;
    private final ConcurrentLinkedQueue<ThresholdCrossed> pendingWarnings = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean allocationsChanged = new AtomicBoolean(true);
    private volatile @Nullable List<AllocationInfo> pendingLive;
    private final AtomicBoolean liveRefreshRunning = new AtomicBoolean();
    private final AtomicBoolean snapshotsChanged = new AtomicBoolean(true);
    private volatile @Nullable List<MemorySnapshot> pendingSnapshots;
    private final AtomicBoolean snapshotRefreshRunning = new AtomicBoolean();
    private volatile @Nullable ConnectionState pendingConnection;
    /** Set when the monitor can tell call sites (a capture, an attached monitor). */
    private final @Nullable CallSiteSource callSiteSource;
    private volatile @Nullable CallSites pendingCallSites;
    /** A capture's map at its moment (built with the moment's figures); unused for a live monitor. */
    private volatile MemoryMap momentMap = MemoryMap.EMPTY;
    private final MemoryMapFeed memoryMap;
    /** Each tag's colour on the map, its legend and the tag table; only ever extended (any thread). */
    private final AtomicReference<io.memscope.export.TagColors> tagColors =
            new AtomicReference<>(io.memscope.export.TagColors.EMPTY);

    // FX-thread state
    private long appliedStatsSequence = -1;
    private long appliedBudgetSequence = -1;
    private long lastLiveRefresh;
    private long lastSnapshotRefresh;
    private final Map<String, ThresholdCrossed> activeWarnings = new LinkedHashMap<>();
    private final ReadOnlyLongWrapper allocatedBytes = new ReadOnlyLongWrapper(this, "allocatedBytes");
    private final ReadOnlyLongWrapper usedBytes = new ReadOnlyLongWrapper(this, "usedBytes");
    private final ReadOnlyLongWrapper allocationCount = new ReadOnlyLongWrapper(this, "allocationCount");
    private final ReadOnlyDoubleWrapper fragmentation = new ReadOnlyDoubleWrapper(this, "fragmentation");
    private final ReadOnlyLongWrapper budgetBytes = new ReadOnlyLongWrapper(this, "budgetBytes");
    private final ReadOnlyLongWrapper budgetUsageBytes = new ReadOnlyLongWrapper(this, "budgetUsageBytes");
    private final ReadOnlyDoubleWrapper usageOfBudget = new ReadOnlyDoubleWrapper(this, "usageOfBudget");
    private final ReadOnlyStringWrapper warningBanner = new ReadOnlyStringWrapper(this, "warningBanner", "");
    private final ReadOnlyBooleanWrapper warningActive = new ReadOnlyBooleanWrapper(this, "warningActive");
    private final ReadOnlyStringWrapper connection = new ReadOnlyStringWrapper(this, "connection", "");
    private final ReadOnlyBooleanWrapper connectionProblem = new ReadOnlyBooleanWrapper(this, "connectionProblem");
    private final ReadOnlyObjectWrapper<@Nullable Instant> moment = new ReadOnlyObjectWrapper<>(this, "moment");
    private final ReadOnlyObjectWrapper<@Nullable CallSites> callSites = new ReadOnlyObjectWrapper<>(this, "callSites");
    private final ReadOnlyObjectWrapper<MemoryMapFeed.@Nullable Frame> memoryMapFrame =
            new ReadOnlyObjectWrapper<>(this, "memoryMapFrame");
    private final ObjectProperty<@Nullable AllocationInfo> selectedAllocation =
            new SimpleObjectProperty<>(this, "selectedAllocation");
    private final ObservableList<FragmentationRow> fragmentationRows = FXCollections.observableArrayList();
    private final ObservableList<HeapRow> heaps = FXCollections.observableArrayList();
    private final ObservableList<TagStats> tags = FXCollections.observableArrayList();
    /** Swapped whole (O(1)) on each refresh: 100 k allocations a second cost the FX thread nothing to copy. */
    private final SwappedList<AllocationInfo> liveAllocations = new SwappedList<>();
    private final ObservableList<MemorySnapshot> snapshots = FXCollections.observableArrayList();
    private final ObservableList<WarningEntry> warnings = FXCollections.observableArrayList();

    /**
     * Subscribes to {@code monitor}'s streams. {@code retention}: how much history the charts keep at
     * {@code sampleInterval} (the monitor's sampler interval) per sample.
     */
    public DashboardModel(MemoryMonitor monitor, Duration retention, Duration sampleInterval) {
        this.monitor = monitor;
        int heapCount = monitor.getMemoryBudget().heaps().size();
        int capacity = (int) Math.max(16, Math.min(1_000_000, retention.toMillis() / Math.max(1, sampleInterval.toMillis())));
        this.charts = new HistoryCharts(capacity, heapCount);
        this.capture = monitor instanceof CaptureMonitor c ? c : null;
        this.seconds = new EventSeconds((int) Math.min(86_400, Math.max(60, retention.toSeconds() + 1)));
        this.history = new HistoryRecorder(budgetUntilSampled(), this::appendSample);
        this.callSiteSource = monitor instanceof CallSiteSource source ? source : null;
        // in process the map is read under the core's lock: 4 a second at most; a remote or capture one once a second
        this.memoryMap = new MemoryMapFeed(capture != null ? () -> momentMap : monitor::getMemoryMap,
                monitor instanceof RemoteMemoryMonitor ? Duration.ofSeconds(1).toNanos() : MAP_REFRESH_NANOS, tagColors);
        subscribeToEvents();
        if (capture != null) {
            requestMoment(capture.moment());
        }
        if (monitor instanceof RemoteMemoryMonitor remote) {
            subscriptions.add(remote.connectionStates().subscribe(state -> pendingConnection = state,
                    this::onStreamError));
        }
    }

    /**
     * The budget the history charts use before the stream's first budget sample: the monitor's now; for a capture its
     * layout's, without usage (its budget "now" is the current moment's, which would draw the end at the start).
     */
    private java.util.function.Supplier<io.memscope.core.stats.MemoryBudget> budgetUntilSampled() {
        CaptureMonitor c = capture;
        return c != null ? c::initialBudget : monitor::getMemoryBudget;
    }

    /** One subscription (one delivery thread) dispatching by type, rather than one per view. */
    private void subscribeToEvents() {
        Disposable subscription = monitor.events().subscribe(this::onEvent, this::onStreamError);
        eventSubscription = subscription;
        subscriptions.add(subscription);
    }

    private void onEvent(MemoryEvent event) {
        history.accept(event); // chart points, with the allocation rate
        seconds.accept(event);
        memoryMap.onEvent(event);
        if (event instanceof StatsSampled stats) {
            latestStats = stats;
        } else if (event instanceof BudgetSampled budget) {
            latestBudget = budget;
        } else if (event instanceof ThresholdCrossed crossing) {
            pendingWarnings.add(crossing);
        } else if (event instanceof AllocationEvent) {
            allocationsChanged.set(true);
        } else if (event instanceof SnapshotTaken) {
            snapshotsChanged.set(true);
        } else if (event instanceof EventsDropped) {
            allocationsChanged.set(true); // the live list is rebuilt from the monitor, so nothing stays lost
        }
    }

    private void appendSample(io.memscope.export.HistorySample sample) {
        charts.append(sample);
        seconds.sample(sample);
    }

    /**
     * The second at {@code epochSeconds} (a history chart's time) in words: the figures standing then and the events
     * within that second (counts, and the first few). Any thread; O(events listed).
     */
    public String describeSecond(double epochSeconds) {
        return seconds.describe(epochSeconds);
    }

    private void onStreamError(Throwable error) {
        LOG.error("dashboard stream failed", error);
    }

    /** Applies what arrived since the last frame (FX thread, once per pulse). Cheap when nothing changed. */
    public void pulse() {
        StatsSampled stats = latestStats;
        if (capture == null && stats != null && stats.sequence() != appliedStatsSequence) {
            appliedStatsSequence = stats.sequence();
            BudgetSampled b = latestBudget;
            applyStats(stats.stats(), b != null ? b.budget() : null);
        }
        BudgetSampled budget = latestBudget;
        if (capture == null && budget != null && budget.sequence() != appliedBudgetSequence) {
            appliedBudgetSequence = budget.sequence();
            applyBudget(budget.budget());
        }
        MomentFigures atMoment = pendingMoment;
        if (atMoment != null) {
            pendingMoment = null;
            applyBudget(atMoment.budget());
            applyStats(atMoment.stats(), atMoment.budget());
            liveAllocations.swap(atMoment.live());
            moment.set(atMoment.at());
        }
        if (resetWarnings.getAndSet(false)) {
            activeWarnings.clear();
            warnings.clear();
            warningBanner.set("");
            warningActive.set(false);
        }
        applyWarnings();
        CallSites sites = pendingCallSites;
        if (sites != null) {
            pendingCallSites = null;
            callSites.set(sites);
        }
        List<AllocationInfo> live = pendingLive;
        if (live != null) {
            pendingLive = null;
            liveAllocations.swap(live);
        }
        long now = System.nanoTime();
        if (now - lastLiveRefresh > LIVE_REFRESH_NANOS && allocationsChanged.get()
                && liveRefreshRunning.compareAndSet(false, true)) {
            lastLiveRefresh = now;
            allocationsChanged.set(false);
            background.execute(() -> { // O(n log n): never on the FX thread
                try {
                    pendingLive = monitor.getLiveAllocations();
                    CallSiteSource source = callSiteSource;
                    if (source != null && capture == null) { // a capture's follow its moment
                        pendingCallSites = source.callSites();
                    }
                } catch (RuntimeException e) {
                    LOG.debug("live allocation refresh failed", e);
                } finally {
                    liveRefreshRunning.set(false);
                }
            });
        }
        List<MemorySnapshot> current = pendingSnapshots;
        if (current != null) {
            pendingSnapshots = null;
            setIfChanged(snapshots, current);
        }
        if ((snapshotsChanged.get() || now - lastSnapshotRefresh > SNAPSHOT_REFRESH_NANOS)
                && snapshotRefreshRunning.compareAndSet(false, true)) {
            lastSnapshotRefresh = now;
            snapshotsChanged.set(false);
            background.execute(() -> { // a JMX call for a remote monitor: never on the FX thread
                try {
                    pendingSnapshots = monitor.getSnapshots();
                } catch (RuntimeException e) {
                    LOG.debug("snapshot refresh failed", e);
                } finally {
                    snapshotRefreshRunning.set(false);
                }
            });
        }
        MemoryMapFeed.Frame map = memoryMap.poll(now);
        if (map != null) {
            memoryMapFrame.set(map);
        }
        ConnectionState state = pendingConnection;
        if (state != null) {
            pendingConnection = null;
            connection.set(describe(state));
            connectionProblem.set(state.status() != ConnectionStatus.LIVE);
        }
    }

    /** The connection line of a remote monitor, in words. */
    static String describe(ConnectionState state) {
        String since = Formats.time(state.since());
        String resyncs = state.resyncs() == 0 ? "" : " · resynchronised " + state.resyncs()
                + (state.resyncs() == 1 ? " time" : " times") + " after lost events";
        return switch (state.status()) {
            case CONNECTING -> "Connecting to pid " + state.pid() + " …";
            case LIVE -> "Attached to pid " + state.pid() + " · live since " + since + resyncs;
            case RESYNCHRONISING -> "pid " + state.pid() + ": events were lost; reading its full state again (since "
                    + since + ")" + resyncs;
            case DISCONNECTED -> "Disconnected from pid " + state.pid() + " at " + since
                    + (state.detail().isBlank() ? "" : " (" + state.detail() + ")")
                    + " · history kept; export still works";
        };
    }

    private void applyStats(MemoryStats stats, @Nullable MemoryBudget budget) {
        allocatedBytes.set(stats.totalBytes());
        usedBytes.set(stats.usedBytes());
        allocationCount.set(stats.allocationCount());
        fragmentation.set(stats.fragmentationRatio());
        if (!stats.tags().isEmpty()) {
            tagColors.updateAndGet(c -> c.withTags(stats.tags().keySet()));
        }
        setIfChanged(tags, List.copyOf(stats.tags().values()));
        List<HeapRow> rows = new ArrayList<>();
        for (HeapStats heap : stats.heaps()) {
            HeapBudget hb = budget != null && heap.heapIndex() < budget.heaps().size() ? budget.heap(heap.heapIndex()) : null;
            rows.add(new HeapRow(heap.heapIndex(), heap.deviceLocal(), heap.heapSizeBytes(),
                    hb != null ? hb.budgetBytes() : 0, hb != null ? hb.usageBytes() : 0,
                    hb != null ? hb.usagePercentage() : 0, heap.figures().totalBytes(), heap.figures().usedBytes(),
                    heap.figures().blockCount(), heap.figures().allocationCount(), heap.figures().fragmentationRatio()));
        }
        setIfChanged(heaps, rows);
        setIfChanged(fragmentationRows, FragmentationRow.of(stats));
    }

    /** Replaces the rows only when they differ: a replaced list makes a table rebuild its cells. */
    private static <T> void setIfChanged(ObservableList<T> list, List<T> rows) {
        if (!list.equals(rows)) {
            list.setAll(rows);
        }
    }

    private void applyBudget(MemoryBudget budget) {
        budgetBytes.set(budget.budgetBytes());
        budgetUsageBytes.set(budget.usageBytes());
        usageOfBudget.set(budget.usagePercentage());
    }

    private void applyWarnings() {
        boolean changed = false;
        for (ThresholdCrossed crossing; (crossing = pendingWarnings.poll()) != null; ) {
            warnings.add(0, new WarningEntry(crossing.time(), crossing));
            String key = crossing.kind() + "/" + crossing.scope();
            if (crossing.isRaised()) {
                activeWarnings.put(key, crossing);
            } else {
                activeWarnings.remove(key);
            }
            changed = true;
        }
        if (warnings.size() > MAX_WARNINGS) {
            warnings.remove(MAX_WARNINGS, warnings.size());
        }
        if (changed || !activeWarnings.isEmpty()) { // the figures move while a warning stands: its banner follows
            showWarnings();
        }
    }

    /**
     * The banner: each raised warning with the figure's <em>current</em> value (the same as the figure bar's), its
     * threshold and since when it is above it; a figure the dashboard does not show (a facade's tag usage) with its
     * value at the crossing. Set only when the text changes.
     */
    private void showWarnings() {
        StringBuilder banner = new StringBuilder();
        for (ThresholdCrossed c : activeWarnings.values()) {
            banner.append(banner.length() == 0 ? "" : "   ·   ").append(c.kind()).append(" (").append(c.scope())
                    .append("): ");
            double now = currentValue(c);
            if (Double.isNaN(now)) {
                banner.append(Formats.percent(c.value())).append(" at ").append(Formats.time(c.time()));
            } else {
                banner.append(Formats.percent(now)).append(", above ").append(Formats.percent(c.threshold()))
                        .append(" since ").append(Formats.time(c.time()));
            }
        }
        String text = banner.toString();
        if (!text.equals(warningBanner.get())) {
            warningBanner.set(text);
        }
        warningActive.set(!activeWarnings.isEmpty());
    }

    /** The figure {@code c} watches as the dashboard shows it now (a fraction), or NaN when it shows none. */
    private double currentValue(ThresholdCrossed c) {
        return switch (c.kind()) {
            case FRAGMENTATION -> c.heapIndex() < 0 ? fragmentation.get()
                    : heaps.stream().filter(h -> h.heap() == c.heapIndex()).mapToDouble(HeapRow::fragmentation)
                    .findFirst().orElse(Double.NaN);
            case USAGE_WARNING, USAGE_HIGH, OVER_BUDGET -> c.heapIndex() < 0 ? usageOfBudget.get()
                    : heaps.stream().filter(h -> h.heap() == c.heapIndex()).mapToDouble(HeapRow::usageOfBudget)
                    .findFirst().orElse(Double.NaN);
            default -> Double.NaN;
        };
    }

    // ------------------------------------------------------------------------------------------------ captures

    /** The capture shown, when the monitor is one ({@code memscope open}); null for a live monitor. */
    public @Nullable CaptureMonitor captureMonitor() {
        return capture;
    }

    /**
     * Moves a capture's moment to {@code t} on the worker thread (requests that arrive while one runs are
     * conflated to the latest). Figures, tags, heaps and the allocation table show that moment on the pulse after;
     * the charts get the events up to it (moving backwards clears them and replays the capture up to the moment).
     * No effect for a live monitor.
     */
    public void requestMoment(Instant t) {
        if (capture != null && requestedMoment.getAndSet(t) == null) {
            background.execute(this::applyRequestedMoment);
        }
    }

    private void applyRequestedMoment() {
        CaptureMonitor c = capture;
        Instant t = requestedMoment.getAndSet(null);
        if (c == null || t == null) {
            return;
        }
        try {
            if (t.isBefore(c.moment())) {
                Disposable old = eventSubscription;
                if (old != null) {
                    subscriptions.remove(old); // disposes it
                }
                pendingWarnings.clear();
                resetWarnings.set(true);
                charts.clear();
                seconds.clear();
                history = new HistoryRecorder(budgetUntilSampled(), this::appendSample);
                c.moveTo(t);
                subscribeToEvents();
            } else {
                c.moveTo(t);
            }
            List<AllocationInfo> live = c.getLiveAllocations();
            pendingMoment = new MomentFigures(c.moment(), c.getStats(), c.getMemoryBudget(), live);
            momentMap = c.getMemoryMap(); // the blocks the capture recorded at or before the moment
            memoryMap.invalidate();
            pendingCallSites = c.callSites();
        } catch (RuntimeException e) {
            LOG.error("moving the capture to {} failed", t, e);
        }
    }

    /**
     * A snapshot of the capture at its current moment (built from the capture, numbered 0), on the worker thread,
     * after the moves requested before it; for comparing two moments.
     */
    public CompletableFuture<MemorySnapshot> snapshotAtMoment(String description) {
        CaptureMonitor c = capture;
        if (c == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not a capture"));
        }
        return CompletableFuture.supplyAsync(() -> c.snapshotAtMoment(0, description), background);
    }

    /**
     * The live allocations by call site, as last computed (a capture: at its moment; an attached monitor: refreshed
     * with the allocation list, at most once a second); null before the first and for a monitor that cannot know call
     * sites ({@link #hasCallSites()}).
     */
    public ReadOnlyObjectProperty<@Nullable CallSites> callSitesProperty() {
        return callSites.getReadOnlyProperty();
    }

    /** Whether the monitor can tell call sites at all (a capture or an attached monitor; not an in-process one). */
    public boolean hasCallSites() {
        return callSiteSource != null;
    }

    /** The capture's moment now shown; null for a live monitor (or before the first is shown). */
    public ReadOnlyObjectProperty<@Nullable Instant> momentProperty() {
        return moment.getReadOnlyProperty();
    }

    // ------------------------------------------------------------------------------------------------ commands

    /** Takes a snapshot now (any thread); the snapshot list shows it on the next pulse. */
    public MemorySnapshot takeSnapshot(String description) {
        return monitor.takeSnapshot(description.isBlank() ? "snapshot" : description);
    }

    /**
     * Defragments on a background thread, with a snapshot before and after (as engines usually do). The future
     * completes on that thread.
     */
    public CompletableFuture<DefragmentationResult> defragment(DefragmentationAlgorithm algorithm) {
        return CompletableFuture.supplyAsync(() -> {
            monitor.takeSnapshot("before defragmentation (" + algorithm + ")");
            DefragmentationResult result = monitor.defragment(DefragmentationOptions.of(algorithm));
            monitor.takeSnapshot("after defragmentation (" + algorithm + ")");
            monitor.sampleNow();
            return result;
        }, background);
    }

    /** The readable report, computed on a background thread. */
    public CompletableFuture<String> detailedReport() {
        return CompletableFuture.supplyAsync(monitor::getDetailedReport, background);
    }

    /** VMA's JSON, computed on a background thread. */
    public CompletableFuture<String> vmaJson() {
        return CompletableFuture.supplyAsync(monitor::getVmaStatsJson, background);
    }

    public MonitorThresholds getThresholds() {
        return monitor.getThresholds();
    }

    public void setThresholds(MonitorThresholds thresholds) {
        monitor.setThresholds(thresholds);
    }

    public MemoryMonitor monitor() {
        return monitor;
    }

    HistoryCharts charts() {
        return charts;
    }

    /** Chart samples held (all series hold the same number). */
    public int historySampleCount() {
        return charts.sampleCount();
    }

    // ---------------------------------------------------------------------------------------------- properties

    public ReadOnlyLongProperty allocatedBytesProperty() {
        return allocatedBytes.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty usedBytesProperty() {
        return usedBytes.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty allocationCountProperty() {
        return allocationCount.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty fragmentationProperty() {
        return fragmentation.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty budgetBytesProperty() {
        return budgetBytes.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty budgetUsageBytesProperty() {
        return budgetUsageBytes.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty usageOfBudgetProperty() {
        return usageOfBudget.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty warningBannerProperty() {
        return warningBanner.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty warningActiveProperty() {
        return warningActive.getReadOnlyProperty();
    }

    /** A remote monitor's connection in words ("Attached to pid 1234 · live since 12:00:01"); empty in process. */
    public ReadOnlyStringProperty connectionProperty() {
        return connection.getReadOnlyProperty();
    }

    /** Whether a remote monitor is anything but live (connecting, resynchronising, disconnected). */
    public ReadOnlyBooleanProperty connectionProblemProperty() {
        return connectionProblem.getReadOnlyProperty();
    }

    public ObservableList<HeapRow> getHeaps() {
        return heaps;
    }

    public ObservableList<TagStats> getTags() {
        return tags;
    }

    /** The live allocations as last refreshed (read-only; replaced as a whole at most once a second). FX thread. */
    public ObservableList<AllocationInfo> getLiveAllocations() {
        return liveAllocations;
    }

    public ObservableList<MemorySnapshot> getSnapshots() {
        return snapshots;
    }

    public ObservableList<WarningEntry> getWarnings() {
        return warnings;
    }

    // ---------------------------------------------------------------------------------------------- memory map

    /** What the memory map view draws, refreshed while it is shown (null before the first). FX thread. */
    public ReadOnlyObjectProperty<MemoryMapFeed.@Nullable Frame> memoryMapFrameProperty() {
        return memoryMapFrame.getReadOnlyProperty();
    }

    /** Whether the map view is on screen: the map is read only then. FX thread. */
    void memoryMapShown(boolean shown) {
        memoryMap.setShown(shown);
    }

    /** The map view's width in pixels. FX thread. */
    void memoryMapWidth(int pixels) {
        memoryMap.setWidth(pixels);
    }

    /**
     * The memory map now as a picture {@code pixels} wide, in the dashboard's tag colours (what the "Memory map" tab
     * shows, with a title and the legend, as {@link io.memscope.export.MemoryMapPng} draws it); read off the FX
     * thread. For a capture: at its moment.
     */
    public CompletableFuture<java.awt.image.BufferedImage> memoryMapPicture(int pixels) {
        return memoryMap.picture(pixels);
    }

    /** A capture's map at its current moment (empty for a live monitor). Any thread; for tests. */
    MemoryMap captureMomentMap() {
        return momentMap;
    }

    /**
     * The colour of each tag wherever the dashboard draws tags (the memory map and its legend, the tag table), as
     * assigned so far: a tag keeps its colour once it has one. Any thread.
     */
    public io.memscope.export.TagColors tagColors() {
        return java.util.Objects.requireNonNull(tagColors.get()); // never null: it starts EMPTY and only grows
    }

    /** The allocation selected in the allocation table or on the map (null for none). FX thread. */
    public ReadOnlyObjectProperty<@Nullable AllocationInfo> selectedAllocationProperty() {
        return selectedAllocation;
    }

    /** Selects {@code allocation} (null: none) in the allocation table and on the map. FX thread. */
    public void selectAllocation(@Nullable AllocationInfo allocation) {
        AllocationInfo now = selectedAllocation.get();
        if (allocation == null ? now != null : now == null || now.id() != allocation.id()) {
            selectedAllocation.set(allocation);
        }
    }

    /**
     * Fragmentation beside the device's: the device, each custom pool and, per tag, the blocks holding its
     * allocations ({@link MemoryStats#pools()}, {@link MemoryStats#tagBlocks()}); empty where the monitor does not
     * know blocks (captures, attached monitors). FX thread.
     */
    public ObservableList<FragmentationRow> getFragmentationRows() {
        return fragmentationRows;
    }

    /** Unsubscribes and stops the background worker. */
    @Override
    public void close() {
        subscriptions.dispose();
        background.shutdownNow();
        memoryMap.close();
    }
}
