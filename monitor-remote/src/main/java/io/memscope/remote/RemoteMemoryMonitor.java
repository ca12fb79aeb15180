package io.memscope.remote;

import io.memscope.core.DefragmentationOptions;
import io.memscope.core.MemoryMap;
import io.memscope.core.MemoryMonitor;
import io.memscope.core.MemorySnapshot;
import io.memscope.core.MonitorThresholds;
import io.memscope.core.event.AllocationEvent;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.event.BudgetSampled;
import io.memscope.core.event.DefragmentationEvent;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.event.SnapshotTaken;
import io.memscope.core.event.StatsSampled;
import io.memscope.core.event.ThresholdCrossed;
import io.memscope.core.management.CallSiteSource;
import io.memscope.core.management.CallSites;
import io.memscope.core.stats.DefragmentationResult;
import io.memscope.core.stats.MemoryBlock;
import io.memscope.core.stats.MemoryBudget;
import io.memscope.core.stats.MemoryStats;
import io.reactivex.rxjava3.core.Flowable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A memscope core in another JVM on this host, as a {@link MemoryMonitor}: the dashboard and exporters use it like
 * the in-process monitor. Events are the target's own, rebuilt from the Flight Recorder events its JFR bridge commits,
 * streamed over a JMX connection ({@code RemoteRecordingStream}); state and commands go through the core's
 * {@code MemoryMonitorMXBean}. The JMX connection is the target's local management agent, reached through the Attach
 * API: local, same user, no network port.
 *
 * <p><b>Consistency.</b> The ledger ({@link #getLiveAllocations()}) starts from the target's full state, which reflects
 * exactly the events numbered up to some {@code S}; events numbered above {@code S} are applied in order. A gap in the
 * numbers, an {@code EventsDropped}, a {@code jdk.DataLoss} or a stream more than {@link RemoteOptions#maxLag()} behind
 * makes it read the full state again (a resync: {@link #connectionStates()} passes through
 * {@link ConnectionStatus#RESYNCHRONISING}, {@link #resyncCount()} grows); after each, the ledger equals the target's.
 * Events lost meanwhile are not replayed: a subscriber that keeps its own view reconciles with
 * {@link #getLiveAllocations()} when the state goes back to {@link ConnectionStatus#LIVE}, as it would on an
 * {@code EventsDropped} in process (target-side drop reports do arrive on {@link #events()}).
 *
 * <p><b>Latency.</b> The JDK streams JFR data in flushed segments: events arrive about one to two seconds after they
 * happened (measured in this module's tests); state reads and commands take one JMX round trip.
 *
 * <p><b>Streams.</b> All hot; backpressure is a bounded buffer per subscriber ({@link RemoteOptions#bufferCapacity()})
 * that drops its oldest event when full, counted in {@link #droppedEventCount()} (never reported in-stream); a
 * subscriber that does not request never slows the stream or another subscriber. Delivery is on a shared pool of at
 * most four daemon threads ({@code memscope-remote-delivery-N}), serial per subscriber; do not block in {@code onNext}.
 * {@link #budgets()} and {@link #stats()} first replay the latest sample. The event streams complete when the target is
 * gone for good (it exited and {@link RemoteOptions#waitForNext()} is off) or on {@link #close()}; with
 * {@code waitForNext} they carry on with the next target's events (whose sequence numbers start again). They never
 * signal an error.
 *
 * <p><b>Disconnection.</b> When the target exits (also by {@code SIGKILL}) or its core closes, the state becomes
 * {@link ConnectionStatus#DISCONNECTED} with the time (one log line, no exception to anyone); the ledger, the last
 * figures, thresholds, snapshots and reports fetched stay readable; commands throw {@link IllegalStateException} naming
 * the pid and the time.
 *
 * <p><b>Threading.</b> Thread-safe. Reads of the ledger are O(n) copies; figure reads and commands are JMX calls with
 * the target's costs ({@code MemoryMonitorMXBean}).
 */
public final class RemoteMemoryMonitor implements MemoryMonitor, CallSiteSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteMemoryMonitor.class);

    private final Follower follower;
    private final RemoteOptions options;
    private final Map<Long, MemorySnapshot> snapshots = new ConcurrentSkipListMap<>();
    private volatile String name;
    private volatile @Nullable MemoryStats lastStats;
    private volatile @Nullable MemoryBudget lastBudget;
    private volatile @Nullable List<MemoryBlock> lastBlocks;
    private volatile @Nullable MonitorThresholds lastThresholds;
    private volatile @Nullable String lastReport;
    private volatile @Nullable String lastVmaJson;
    private volatile Duration retention = Duration.ofMinutes(10);

    private RemoteMemoryMonitor(long pid, RemoteOptions options) {
        this.name = "pid " + pid;
        this.options = options;
        this.follower = new Follower(options, pid, this::remember, this::connected);
    }

    /**
     * Attaches to the memscope JVM {@code pid} and follows the core {@code options} names: returns once the initial
     * state is read and the monitor is {@link ConnectionStatus#LIVE}. Takes the attach (a few hundred milliseconds), the
     * start of a remote recording and the state read (about 100 ms per 100 000 allocations).
     *
     * @throws AttachException if it cannot attach or follow (the message names the pid and what to do)
     */
    public static RemoteMemoryMonitor attach(long pid, RemoteOptions options) {
        RemoteMemoryMonitor monitor = new RemoteMemoryMonitor(pid, options);
        try {
            monitor.follower.connect(pid);
        } catch (RuntimeException e) {
            monitor.follower.close();
            throw e;
        }
        monitor.follower.startWatching();
        return monitor;
    }

    /** {@link #attach(long, RemoteOptions)} with {@link RemoteOptions#defaults()}. */
    public static RemoteMemoryMonitor attach(long pid) {
        return attach(pid, RemoteOptions.defaults());
    }

    private void connected(Follower.Session s) {
        name = "pid " + s.pid() + ": " + s.core.name();
        lastStats = s.client.getStats();
        lastBudget = s.client.getMemoryBudget();
        lastThresholds = s.client.getThresholds();
        snapshots.clear();
        lastReport = null;
        lastVmaJson = null;
        retention = s.client.getSnapshotRetention();
    }

    private void remember(MemoryEvent event) {
        if (event instanceof StatsSampled sample) {
            lastStats = sample.stats();
        } else if (event instanceof BudgetSampled budget) {
            lastBudget = budget.budget();
        } else if (event instanceof SnapshotTaken taken) {
            snapshots.putIfAbsent(taken.snapshot().id(), taken.snapshot());
        }
    }

    /** The state of the connection now. */
    public ConnectionState connectionState() {
        return follower.state();
    }

    /**
     * Every change of the connection's state, the current one first. Backpressure: a slow subscriber gets the latest
     * state; delivered like the event streams; completes on {@link #close()}.
     */
    public Flowable<ConnectionState> connectionStates() {
        return follower.streams().states();
    }

    /** The pid of the target followed now (or last). */
    public long pid() {
        return follower.state().pid();
    }

    /** Resynchronisations from the full state since {@link #attach}; the initial state read is not one. */
    public long resyncCount() {
        return follower.resyncs();
    }

    /** Events dropped from subscribers' buffers in this JVM (subscribers that fell behind), over all streams. */
    public long droppedEventCount() {
        return follower.streams().dropped();
    }

    @Override
    public Flowable<MemoryEvent> events() {
        return follower.streams().events();
    }

    @Override
    public Flowable<AllocationEvent> allocations() {
        return follower.streams().allocations();
    }

    @Override
    public Flowable<BudgetSampled> budgets() {
        return follower.streams().budgets();
    }

    @Override
    public Flowable<StatsSampled> stats() {
        return follower.streams().stats();
    }

    @Override
    public Flowable<ThresholdCrossed> warnings() {
        return follower.streams().warnings();
    }

    @Override
    public Flowable<DefragmentationEvent> defragmentation() {
        return follower.streams().defragmentation();
    }

    /**
     * Samples in the target now, as its sampler does (one JMX call, O(n log n) there): the target publishes the
     * samples, which arrive on {@link #stats()} and {@link #budgets()} like any, and evaluates its thresholds.
     *
     * @throws IllegalStateException once disconnected
     */
    @Override
    public MemoryStats sampleNow() {
        MemoryStats stats = command("sample now", s -> s.client.sampleNow());
        lastStats = stats;
        return stats;
    }

    /** The target's statistics (one JMX call, O(n log n) there); the last known once disconnected. */
    @Override
    public MemoryStats getStats() {
        return read("read statistics", s -> s.client.getStats(), lastStats, v -> lastStats = v);
    }

    /** The target's budget (one JMX call); the last known once disconnected. */
    @Override
    public MemoryBudget getMemoryBudget() {
        return read("read the budget", s -> s.client.getMemoryBudget(), lastBudget, v -> lastBudget = v);
    }

    /** The live allocations of the remote ledger, oldest first; no JMX call; O(n). Readable after disconnection. */
    @Override
    public List<AllocationInfo> getLiveAllocations() {
        return follower.ledger().live();
    }

    /**
     * The remote ledger's live allocations placed in the target's blocks (one JMX call for the blocks, O(blocks);
     * then O(n log n) here). Once disconnected, the last blocks known (none if they were never fetched: blocks are then
     * inferred from the allocations, {@link MemoryBlock#sizeKnown()} false).
     */
    @Override
    public MemoryMap getMemoryMap() {
        List<MemoryBlock> blocks;
        try {
            blocks = read("read the memory blocks", s -> s.client.getMemoryBlocks(), lastBlocks, v -> lastBlocks = v);
        } catch (IllegalStateException disconnectedBeforeAnyFetch) {
            blocks = List.of(); // the map then knows blocks only from the allocations inside them
        }
        return MemoryMap.of(System.currentTimeMillis(), blocks, follower.ledger().live());
    }

    /**
     * The live allocations by the call stacks streamed from the target: only when attached with
     * {@link RemoteOptions#withCallStacks} (otherwise every allocation is "(no stack recorded)" and
     * {@link CallSites#unavailableReason()} says how to get them). Allocations made before the monitor attached, or not
     * selected, have no stack. O(live allocations × stack depth).
     */
    @Override
    public CallSites callSites() {
        List<AllocationInfo> live = follower.ledger().live();
        if (options.callStacks().isOff()) {
            return CallSites.unavailable(live, "attached without call stacks: attach with --call-stacks all (or 1/N, "
                    + "tag:A,B; RemoteOptions.withCallStacks in code)");
        }
        Follower.Session s = follower.session();
        return s == null ? CallSites.of(live, id -> null) : follower.stacks().callSites(s.core.coreId(), live);
    }

    /**
     * Takes a snapshot in the target and fetches it with its allocations (two JMX calls).
     *
     * @throws IllegalStateException once disconnected
     */
    @Override
    public MemorySnapshot takeSnapshot(String description) {
        MemorySnapshot snapshot = command("take a snapshot", s -> s.client.takeSnapshot(description));
        snapshots.put(snapshot.id(), snapshot);
        return snapshot;
    }

    /**
     * The snapshots the target keeps, oldest first: one JMX call for their ids, plus one per snapshot not fetched or
     * announced by a {@code SnapshotTaken} event before (snapshots never change); once disconnected, those known.
     */
    @Override
    public List<MemorySnapshot> getSnapshots() {
        Follower.Session s = follower.session();
        if (s != null) {
            try {
                long[] ids = s.client.bean().getSnapshotIds();
                List<MemorySnapshot> kept = new ArrayList<>(ids.length);
                for (long id : ids) {
                    MemorySnapshot known = snapshots.get(id);
                    kept.add(known != null ? known : s.client.getSnapshot(id));
                }
                snapshots.clear();
                kept.forEach(k -> snapshots.put(k.id(), k));
                return kept;
            } catch (RuntimeException e) {
                if (!follower.confirmGone(s)) {
                    throw e;
                }
            }
        }
        return new ArrayList<>(snapshots.values());
    }

    /** How long the target keeps snapshots (read once at connection). */
    @Override
    public Duration getSnapshotRetention() {
        return retention;
    }

    /**
     * Defragments the target's memory (one JMX call; the target's allocation waits meanwhile); its moves arrive as
     * {@code AllocationMoved} events.
     *
     * @throws IllegalStateException once disconnected
     */
    @Override
    public DefragmentationResult defragment(DefragmentationOptions options) {
        return command("defragment", s -> s.client.defragment(options));
    }

    /** The target's detailed report (one JMX call); the last one fetched once disconnected. */
    @Override
    public String getDetailedReport() {
        return read("read the detailed report", s -> s.client.bean().getDetailedReport(), lastReport,
                v -> lastReport = v);
    }

    /** VMA's detailed JSON from the target (one JMX call, slow there); the last one fetched once disconnected. */
    @Override
    public String getVmaStatsJson() {
        return read("read VMA's statistics", s -> s.client.bean().getVmaStatsJson(), lastVmaJson,
                v -> lastVmaJson = v);
    }

    /** The target's thresholds (one JMX call); the last known once disconnected. */
    @Override
    public MonitorThresholds getThresholds() {
        return read("read the thresholds", s -> s.client.getThresholds(), lastThresholds, v -> lastThresholds = v);
    }

    /**
     * Replaces the target's thresholds (one JMX call).
     *
     * @throws IllegalStateException once disconnected
     */
    @Override
    public void setThresholds(MonitorThresholds thresholds) {
        command("set thresholds", s -> {
            s.client.setThresholds(thresholds);
            return thresholds;
        });
        lastThresholds = thresholds;
    }

    /** {@code "pid <pid>: <the target core's name>"}. */
    @Override
    public String getName() {
        return name;
    }

    /** Stops the event stream, the JMX connection and the watcher; completes every stream. Idempotent. */
    @Override
    public void close() {
        follower.close();
    }

    @Override
    public String toString() {
        return "RemoteMemoryMonitor[" + name + ", " + follower.state().status() + "]";
    }

    private <T> T read(String what, Function<Follower.Session, T> call, @Nullable T last,
                       java.util.function.Consumer<T> remember) {
        Follower.Session s = follower.session();
        if (s != null) {
            try {
                T value = call.apply(s);
                remember.accept(value);
                return value;
            } catch (RuntimeException e) {
                if (!follower.confirmGone(s)) {
                    throw e;
                }
            }
        }
        if (last != null) {
            return last;
        }
        throw new IllegalStateException(disconnected(what) + " (nothing was fetched before)");
    }

    private <T> T command(String what, Function<Follower.Session, T> call) {
        Follower.Session s = follower.session();
        if (s == null) {
            throw new IllegalStateException(disconnected(what));
        }
        try {
            return call.apply(s);
        } catch (RuntimeException e) {
            if (follower.confirmGone(s)) {
                throw new IllegalStateException(disconnected(what), e);
            }
            throw e;
        }
    }

    private String disconnected(String what) {
        ConnectionState state = follower.state();
        return "cannot " + what + ": " + name + " disconnected at " + state.since() + " (" + state.detail() + ")";
    }
}
