package io.memscope.export.capture;

import io.memscope.core.AllocationKind;
import io.memscope.core.DefragmentationOptions;
import io.memscope.core.MemoryMap;
import io.memscope.core.MemoryMonitor;
import io.memscope.core.MemorySnapshot;
import io.memscope.core.MonitorThresholds;
import io.memscope.core.event.AllocationEvent;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.event.BudgetSampled;
import io.memscope.core.event.DefragmentationEvent;
import io.memscope.core.event.EventsDropped;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.event.SnapshotTaken;
import io.memscope.core.event.StatsSampled;
import io.memscope.core.event.ThresholdCrossed;
import io.memscope.core.management.CallSiteSource;
import io.memscope.core.management.CallSites;
import io.memscope.core.management.JfrEventDecoder;
import io.memscope.core.stats.BudgetSource;
import io.memscope.core.stats.DefragmentationResult;
import io.memscope.core.stats.HeapBudget;
import io.memscope.core.stats.MemoryBudget;
import io.memscope.core.stats.MemoryFigures;
import io.memscope.core.stats.MemoryHeapInfo;
import io.memscope.core.stats.MemoryStats;
import io.memscope.core.stats.TagStats;
import io.reactivex.rxjava3.core.BackpressureStrategy;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.FlowableEmitter;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * A {@link MemoryMonitor} over one core of a capture, at a <em>current moment</em> that {@link #moveTo(Instant)}
 * sets: the dashboard opened on a file ({@code memscope open}). Read-only: commands that need a live engine
 * ({@link #takeSnapshot}, {@link #defragment}, {@link #setThresholds}, {@link #sampleNow}, {@link #getVmaStatsJson})
 * throw {@link UnsupportedOperationException}; {@link #isReadOnly()} says so, so views can disable them.
 *
 * <p><b>Figures at the moment.</b> {@link #getLiveAllocations()} is the capture's ledger at the moment
 * ({@link CaptureReader#stateAt(int, Instant)}: exact). {@link #getStats()} takes its block figures (block bytes and
 * counts, free ranges, fragmentation, heaps, memory types) from the capture's latest {@link StatsSampled} at or
 * before the moment, as sampled then, and its allocation figures (used bytes, allocation count, per tag) from the
 * ledger at the moment; without an earlier sample the block figures are those of the ledger only (total = used, no
 * blocks, no heaps). {@link #getMemoryBudget()} is the latest {@link BudgetSampled} at or before the moment (before
 * the first one: the device layout's heaps with zero usage and budget). {@link #getSnapshots()} is every snapshot
 * of this core in the capture, whatever the moment.
 *
 * <p><b>Streams.</b> A new subscriber first gets every memory event of the core up to the moment, in sequence
 * order (so history charts fill with the capture's samples up to it), then, each time {@link #moveTo} goes
 * forward, the events between the two moments. Moving backwards publishes nothing: a subscriber that wants the
 * history up to the earlier moment subscribes again. Backpressure: honoured — each event object is built from the
 * capture's columns when the subscriber requests it, so replaying millions of events holds at most 1 024 of them
 * (per subscriber) at a time; a slow subscriber slows the replay, never the capture's memory. Scheduler: one daemon
 * thread per monitor ({@code memscope-capture-delivery}), shared by its subscribers. The streams complete on
 * {@link #close()}.
 *
 * <p>Thread-safe; {@link #moveTo} costs a copy of the nearest checkpoint of the ledger plus at most one interval of
 * events ({@link CaptureReader}), plus the events published. JavaFX-free.
 */
public final class CaptureMonitor implements MemoryMonitor, CallSiteSource, AutoCloseable {
    /** What the read-only commands say. */
    public static final String READ_ONLY = "a capture is read-only";

    /** A snapshot of this core and the capture time of its {@link SnapshotTaken} event. */
    public record SnapshotMark(MemorySnapshot snapshot, Instant at) {
    }

    /** A loss in the capture: {@code events} memory events missing at {@code at}, and what said so. */
    public record LossMark(Instant at, long events, String what) {
    }

    private final CaptureReader reader;
    private final int coreId;
    private final String name;
    private final List<MemoryEvent> events;
    /** The events other than allocations, frees and moves (samples, snapshots, ...), in sequence order. */
    private final List<MemoryEvent> others;
    private final JfrEventDecoder.@Nullable CoreLayout layout;
    private final List<SnapshotMark> snapshotMarks;
    private final List<LossMark> lossMarks;
    private final ExecutorService deliveryThread = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "memscope-capture-delivery");
        thread.setDaemon(true);
        return thread;
    });
    private final Scheduler delivery = Schedulers.from(deliveryThread);

    private final Object lock = new Object();
    /** Each subscriber's stream of ranges of {@link #events} to deliver; the events are built as they are requested. */
    private final Set<FlowableEmitter<EventRange>> subscribers = new LinkedHashSet<>();
    private Instant moment;
    private CaptureState state;
    /** Events of {@link #events} at or before the moment: the first {@code published}. */
    private int published;
    private boolean closed;

    /**
     * A monitor over core {@code coreId} of {@code reader}, at the capture's end.
     *
     * @param source the capture's path, for {@link #getName()}
     * @throws java.util.NoSuchElementException if the capture holds no such core
     */
    public CaptureMonitor(CaptureReader reader, int coreId, Path source) {
        this.reader = reader;
        this.coreId = coreId;
        this.events = reader.events(coreId);
        CoreInfo info = reader.cores().stream().filter(c -> c.coreId() == coreId).findFirst().orElseThrow();
        this.layout = info.layout();
        this.name = "capture " + source.getFileName() + ": core " + coreId + ", " + info.deviceName();
        List<SnapshotMark> marks = new ArrayList<>();
        List<LossMark> losses = new ArrayList<>();
        this.others = reader.nonAllocationEvents(coreId);
        for (MemoryEvent e : others) {
            if (e instanceof SnapshotTaken taken) {
                marks.add(new SnapshotMark(taken.snapshot(), reader.timeOf(coreId, e)));
            } else if (e instanceof EventsDropped dropped) {
                losses.add(new LossMark(reader.timeOf(coreId, e), dropped.count(), "dropped by the recorded JVM"));
            }
        }
        for (LossReport.Gap gap : reader.losses().gaps()) {
            if (gap.coreId() == coreId) {
                losses.add(new LossMark(timeBeforeSequence(gap.first()), gap.count(), "missing from the capture"));
            }
        }
        losses.sort(java.util.Comparator.comparing(LossMark::at));
        this.snapshotMarks = List.copyOf(marks);
        this.lossMarks = List.copyOf(losses);
        this.moment = reader.end();
        this.state = reader.stateAt(coreId, moment);
        this.published = countUpTo(state.sequence());
    }

    /** Opens {@code path} and monitors its first core (or {@code coreId} when not null). */
    public static CaptureMonitor open(Path path, @Nullable Integer coreId) {
        CaptureReader reader = CaptureReader.open(path);
        return new CaptureMonitor(reader, coreId != null ? coreId : reader.firstCore(), path);
    }

    private Instant timeBeforeSequence(long sequence) {
        int i = countUpTo(sequence - 1);
        return i == 0 ? reader.start() : reader.timeOf(coreId, events.get(i - 1));
    }

    /** How many of {@link #events} have a sequence number {@code <= sequence}. */
    private int countUpTo(long sequence) {
        return countUpTo(events, sequence);
    }

    /** How many of {@code events} (in sequence order) are numbered at or before {@code sequence}: binary search. */
    private static int countUpTo(List<MemoryEvent> events, long sequence) {
        int lo = 0;
        int hi = events.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (events.get(mid).sequence() <= sequence) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    // ------------------------------------------------------------------------------------------------ the moment

    /**
     * Makes {@code t} (clamped to the capture's start and end) the current moment; going forward publishes the
     * events between the moments to the subscribers. Any thread; calls are serialised.
     */
    public void moveTo(Instant t) {
        Instant clamped = t.isBefore(reader.start()) ? reader.start() : t.isAfter(reader.end()) ? reader.end() : t;
        CaptureState next = reader.stateAt(coreId, clamped);
        int upTo = countUpTo(next.sequence());
        synchronized (lock) {
            if (upTo > published) {
                EventRange range = new EventRange(published, upTo - published);
                subscribers.forEach(s -> s.onNext(range));
            }
            published = upTo;
            moment = clamped;
            state = next;
        }
    }

    /** The current moment. */
    public Instant moment() {
        synchronized (lock) {
            return moment;
        }
    }

    /** The capture's start ({@link CaptureReader#start()}). */
    public Instant start() {
        return reader.start();
    }

    /** The capture's end ({@link CaptureReader#end()}). */
    public Instant end() {
        return reader.end();
    }

    /** The capture read. */
    public CaptureReader reader() {
        return reader;
    }

    /** The core shown. */
    public int coreId() {
        return coreId;
    }

    /** This core's snapshots with their capture times, by time. */
    public List<SnapshotMark> snapshotMarks() {
        return snapshotMarks;
    }

    /** This core's losses (reported drops and gaps in the sequence numbers) with their times, by time. */
    public List<LossMark> lossMarks() {
        return lossMarks;
    }

    /**
     * A snapshot built from the capture at the current moment ({@link #getStats()}, {@link #getMemoryBudget()}, the
     * ledger), numbered {@code id}, for comparing two moments with {@code SnapshotComparison}.
     */
    public MemorySnapshot snapshotAtMoment(long id, String description) {
        CaptureState s;
        synchronized (lock) {
            s = state;
        }
        return new MemorySnapshot(id, s.at(), 0, description, statsOf(s), budgetOf(s), s.allocations());
    }

    // ------------------------------------------------------------------------------------------------- streams

    @Override
    public Flowable<MemoryEvent> events() {
        return Flowable.<EventRange>create(emitter -> {
            synchronized (lock) {
                if (published > 0) {
                    emitter.onNext(new EventRange(0, published));
                }
                if (closed) {
                    emitter.onComplete();
                    return;
                }
                subscribers.add(emitter);
            }
            emitter.setCancellable(() -> {
                synchronized (lock) {
                    subscribers.remove(emitter);
                }
            });
        }, BackpressureStrategy.BUFFER)
                .concatMap(range -> Flowable.range(range.first(), range.count()).map(events::get), 2)
                .observeOn(delivery, false, 1024);
    }

    /** Events {@code first} to {@code first + count - 1} of {@link #events}, to deliver. */
    private record EventRange(int first, int count) {
    }

    @Override
    public Flowable<AllocationEvent> allocations() {
        return events().ofType(AllocationEvent.class);
    }

    @Override
    public Flowable<BudgetSampled> budgets() {
        return events().ofType(BudgetSampled.class);
    }

    @Override
    public Flowable<StatsSampled> stats() {
        return events().ofType(StatsSampled.class);
    }

    @Override
    public Flowable<ThresholdCrossed> warnings() {
        return events().ofType(ThresholdCrossed.class);
    }

    @Override
    public Flowable<DefragmentationEvent> defragmentation() {
        return events().ofType(DefragmentationEvent.class);
    }

    // ------------------------------------------------------------------------------------------ state at moment

    @Override
    public boolean isReadOnly() {
        return true;
    }

    @Override
    public MemoryStats getStats() {
        synchronized (lock) {
            return statsOf(state);
        }
    }

    private MemoryStats statsOf(CaptureState s) {
        @Nullable StatsSampled sample = latest(StatsSampled.class, s.sequence());
        Map<String, long[]> byTag = new TreeMap<>();
        long used = 0;
        for (AllocationInfo a : s.allocations()) {
            long[] t = byTag.computeIfAbsent(a.tag(), k -> new long[5]);
            t[0]++;
            t[1] += a.allocatedBytes();
            t[2] += a.sizeBytes();
            t[a.kind() == AllocationKind.IMAGE ? 4 : 3]++;
            used += a.allocatedBytes();
        }
        Map<String, TagStats> tags = new TreeMap<>();
        byTag.forEach((tag, t) -> tags.put(tag, new TagStats(tag, t[0], t[1], t[2], t[3], t[4])));
        long count = s.allocations().size();
        if (sample == null) {
            return new MemoryStats(s.at(), new MemoryFigures(used, used, count, 0, 0, 0, 0.0), List.of(), List.of(),
                    tags);
        }
        MemoryFigures sampled = sample.stats().total();
        MemoryFigures total = new MemoryFigures(Math.max(sampled.totalBytes(), used), used, count,
                sampled.blockCount(), sampled.freeRangeCount(), sampled.largestFreeRangeBytes(),
                sampled.fragmentationRatio());
        return new MemoryStats(s.at(), total, sample.stats().heaps(), sample.stats().memoryTypes(), tags);
    }

    /** The last event of {@code type} numbered at or before {@code sequence}, among the non-allocation events. */
    private <T extends MemoryEvent> @Nullable T latest(Class<T> type, long sequence) {
        for (int i = countUpTo(others, sequence) - 1; i >= 0; i--) {
            MemoryEvent e = others.get(i);
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
        return null;
    }

    @Override
    public MemoryBudget getMemoryBudget() {
        synchronized (lock) {
            return budgetOf(state);
        }
    }

    /**
     * The budget before the capture's first budget sample: the device layout's heaps with zero usage and budget (what
     * history charts use for samples taken before one, instead of the budget at the current moment).
     */
    public MemoryBudget initialBudget() {
        return budgetAt(Long.MIN_VALUE);
    }

    private MemoryBudget budgetOf(CaptureState s) {
        return budgetAt(s.sequence());
    }

    private MemoryBudget budgetAt(long sequence) {
        @Nullable BudgetSampled sample = latest(BudgetSampled.class, sequence);
        if (sample != null) {
            return sample.budget();
        }
        JfrEventDecoder.@Nullable CoreLayout l = layout;
        if (l == null) {
            return new MemoryBudget(List.of(), BudgetSource.VMA_ESTIMATE);
        }
        List<HeapBudget> heaps = new ArrayList<>();
        for (MemoryHeapInfo heap : l.layout().heaps()) {
            heaps.add(new HeapBudget(heap.index(), heap.sizeBytes(), heap.deviceLocal(), 0, 0, 0, 0, heap.sizeBytes()));
        }
        return new MemoryBudget(heaps, l.budgetSource());
    }

    /** The live allocations at the moment, by the call stacks the capture recorded (none: one "no stack" node). */
    @Override
    public CallSites callSites() {
        List<AllocationInfo> live;
        synchronized (lock) {
            live = state.allocations();
        }
        return reader.allocationStacks().callSites(coreId, live);
    }

    @Override
    public List<AllocationInfo> getLiveAllocations() {
        synchronized (lock) {
            return state.allocations();
        }
    }

    /** The memory map at the current moment ({@link CaptureReader#memoryMapAt}). */
    @Override
    public MemoryMap getMemoryMap() {
        synchronized (lock) {
            return reader.memoryMapOf(state);
        }
    }

    @Override
    public List<MemorySnapshot> getSnapshots() {
        return snapshotMarks.stream().map(SnapshotMark::snapshot).toList();
    }

    @Override
    public Duration getSnapshotRetention() {
        return Duration.ofDays(36_500); // a capture keeps them all
    }

    @Override
    public String getDetailedReport() {
        CaptureState s;
        synchronized (lock) {
            s = state;
        }
        StringBuilder out = new StringBuilder();
        out.append(name).append('\n').append(reader.summary()).append('\n')
                .append("moment: ").append(s.at()).append(String.format(Locale.ROOT, " (%.3f s after the start)",
                        Duration.between(reader.start(), s.at()).toNanos() / 1e9))
                .append(", after memory event #").append(s.sequence()).append('\n')
                .append("live allocations: ").append(s.allocations().size()).append(", ")
                .append(s.allocatedBytes()).append(" B reserved, ").append(s.requestedBytes()).append(" B requested\n");
        s.allocatedBytesByTag().forEach((tag, bytes) -> out.append("  ").append(tag).append(": ").append(bytes)
                .append(" B\n"));
        return out.toString();
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public MonitorThresholds getThresholds() {
        return MonitorThresholds.defaults();
    }

    // ------------------------------------------------------------------------------------ live-engine commands

    @Override
    public MemoryStats sampleNow() {
        throw readOnly("sample");
    }

    @Override
    public MemorySnapshot takeSnapshot(String description) {
        throw readOnly("take a snapshot");
    }

    @Override
    public DefragmentationResult defragment(DefragmentationOptions options) {
        throw readOnly("defragment");
    }

    @Override
    public void setThresholds(MonitorThresholds thresholds) {
        throw readOnly("change thresholds");
    }

    @Override
    public String getVmaStatsJson() {
        throw readOnly("build VMA's JSON (it needs the live allocator)");
    }

    private UnsupportedOperationException readOnly(String what) {
        return new UnsupportedOperationException(READ_ONLY + ": cannot " + what + " on " + name);
    }

    /** Completes the streams and stops the delivery thread. */
    @Override
    public void close() {
        List<FlowableEmitter<EventRange>> open;
        synchronized (lock) {
            closed = true;
            open = List.copyOf(subscribers);
            subscribers.clear();
        }
        open.forEach(FlowableEmitter::onComplete);
        deliveryThread.shutdown();
    }
}
