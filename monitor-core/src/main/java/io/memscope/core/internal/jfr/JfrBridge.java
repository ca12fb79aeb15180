package io.memscope.core.internal.jfr;

import io.memscope.core.event.AllocationCreated;
import io.memscope.core.event.AllocationFreed;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.event.AllocationMoved;
import io.memscope.core.event.BudgetSampled;
import io.memscope.core.event.DefragmentationFinished;
import io.memscope.core.event.DefragmentationProgress;
import io.memscope.core.event.DefragmentationStarted;
import io.memscope.core.event.EventHeader;
import io.memscope.core.event.EventsDropped;
import io.memscope.core.event.LeakReported;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.event.SnapshotTaken;
import io.memscope.core.event.StatsSampled;
import io.memscope.core.event.ThresholdCrossed;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.disposables.Disposable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one core's memory events into Flight Recorder events, one per {@code MemoryEvent}, each carrying the hub's
 * sequence number and the core's id ({@link MemscopeJfrEvent}).
 *
 * <p>While any of memscope's event types is enabled in a running recording, the bridge is an ordinary subscriber to
 * the monitor's {@code events()} stream: the hub's ordering, numbering and overflow policy apply to it, and its losses
 * are committed as {@code memscope.EventsDropped}. While none is enabled it holds no subscription, so the allocation
 * hot path pays its one volatile read and nothing else. Whether one is enabled is checked when a recording changes
 * state ({@link FlightRecorderListener}) and on every {@link #refresh()} (the monitor calls it on each sampler tick,
 * since a remote recording's settings can change without a state change).
 *
 * <p><b>Order.</b> A recording stopped at any moment holds every event up to some sequence number and none missing
 * before it: an event committed on its own (a sample, a threshold, a drop report) first commits the allocation records
 * batched before it. (A recording that enables some of {@code memscope.Allocation}, {@code memscope.Free} and
 * {@code memscope.Move} but not all, together with a capture's records, can still see a hole at its cut.)
 *
 * <p>Thread-safe. Commits run on the subscription's delivery thread; cost per event: one JFR event object and, for
 * samples, snapshots and defragmentation results, one encoded string ({@link PayloadCodec}).
 */
public final class JfrBridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JfrBridge.class);
    /** A snapshot's allocations are committed with it up to this many; beyond, fetch it from the MXBean. */
    public static final int SNAPSHOT_ALLOCATIONS_INLINE = 10_000;
    /** How long {@link #close()} waits for the last events to be committed. */
    private static final long CLOSE_WAIT_MILLIS = 2_000;
    /** Every memscope event class, in the order of the event hierarchy. */
    public static final List<Class<? extends Event>> EVENT_CLASSES = List.of(AllocationJfrEvent.class,
            FreeJfrEvent.class, MoveJfrEvent.class, StatsJfrEvent.class, BudgetJfrEvent.class, ThresholdJfrEvent.class,
            DefragmentationStartedJfrEvent.class, DefragmentationProgressJfrEvent.class,
            DefragmentationFinishedJfrEvent.class, SnapshotJfrEvent.class, LeakJfrEvent.class,
            EventsDroppedJfrEvent.class);
    /** The chunk-start event classes of captures ({@link ChunkStates}): device layout and live state. */
    public static final List<Class<? extends Event>> STATE_EVENT_CLASSES = List.of(DeviceLayoutJfrEvent.class,
            LiveStateJfrEvent.class);
    /** A batch of allocation records is committed when it holds this many records, or this many encoded bytes. */
    static final int RECORDS_PER_BATCH = 2_048;
    static final int BYTES_PER_BATCH = 24 * 1024;
    private static volatile @Nullable List<EventType> types;
    private static volatile @Nullable EventType recordsType;

    private final int coreId;
    private final Flowable<MemoryEvent> events;
    private final FlightRecorderListener listener = new FlightRecorderListener() {
        @Override
        public void recordingStateChanged(Recording recording) {
            refresh();
        }
    };
    private @Nullable Subscribed subscription;
    private boolean closed;
    /** The sequence number of the last event committed (or passed over because its type is disabled). */
    private volatile long handled;
    /** The allocation records not committed yet; guarded by itself (delivery thread appends, sampler flushes). */
    private final AllocationRecordCodec.Encoder batch = new AllocationRecordCodec.Encoder();

    /**
     * A bridge for the core {@code coreId} over its {@code events} stream; registers memscope's event types and a
     * recorder listener, and subscribes at once if a recording already enables one of them.
     */
    public JfrBridge(int coreId, Flowable<MemoryEvent> events) {
        this.coreId = coreId;
        this.events = events;
        registerEventTypes();
        FlightRecorder.addListener(listener);
        refresh();
    }

    /**
     * Registers memscope's event types with Flight Recorder (once per JVM), so they are listed by JMC and
     * {@code FlightRecorderMXBean}'s {@code EventTypes} before their first event. Idempotent and thread-safe.
     */
    public static List<EventType> registerEventTypes() {
        List<EventType> known = types;
        if (known == null) {
            synchronized (JfrBridge.class) {
                known = types;
                if (known == null) {
                    EVENT_CLASSES.forEach(FlightRecorder::register);
                    FlightRecorder.register(AllocationRecordsJfrEvent.class);
                    recordsType = EventType.getEventType(AllocationRecordsJfrEvent.class);
                    known = EVENT_CLASSES.stream().map(EventType::getEventType).toList();
                    types = known;
                }
            }
        }
        return known;
    }

    /** Whether a running recording enables any memscope event type now (the allocation records included). */
    public static boolean anyEnabled() {
        for (EventType type : registerEventTypes()) {
            if (type.isEnabled()) {
                return true;
            }
        }
        return recordsEnabled();
    }

    /** Whether a running recording enables {@code memscope.AllocationRecords} now. */
    private static boolean recordsEnabled() {
        registerEventTypes();
        EventType type = recordsType;
        return type != null && type.isEnabled();
    }

    /** Subscribes if a memscope event type is enabled and it is not subscribed; unsubscribes in the opposite case. */
    public synchronized void refresh() {
        flushRecords();
        if (closed) {
            return; // the subscription, if any, completes with the hub
        }
        boolean wanted = anyEnabled();
        Subscribed current = subscription;
        if (wanted && (current == null || current.finished)) {
            Subscribed next = new Subscribed();
            subscription = next;
            next.disposable = events.subscribe(this::commit, error -> {
                flushRecords();
                next.finished = true;
                LOG.warn("memscope JFR bridge of core {} stopped: {}", coreId, error.toString());
            }, () -> {
                flushRecords(); // the last batch, before close() or a capture's stop may go on
                next.finished = true;
            });
            LOG.debug("memscope JFR bridge of core {} subscribed", coreId);
        } else if (!wanted && current != null) {
            Disposable disposable = current.disposable;
            if (disposable != null) {
                disposable.dispose();
            }
            flushRecords();
            current.finished = true;
            subscription = null;
            LOG.debug("memscope JFR bridge of core {} unsubscribed", coreId);
        }
    }

    /** Whether the bridge subscribes now. */
    public synchronized boolean isActive() {
        Subscribed current = subscription;
        return current != null && !current.finished;
    }

    /**
     * Removes the recorder listener and stops refreshing, then waits (up to {@value #CLOSE_WAIT_MILLIS} ms) for a
     * subscription to complete with the hub and commit its last allocation records (call this after the hub closed),
     * so events recorded before the close, leaks and drop reports included, are committed before a recording stopped
     * right after the close. Idempotent.
     */
    @Override
    public void close() {
        Subscribed current;
        synchronized (this) {
            closed = true;
            FlightRecorder.removeListener(listener);
            current = subscription;
        }
        if (current != null) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
            while (!current.finished && System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(200_000L);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ commits

    /**
     * Waits until the bridge has handled every event numbered up to {@code sequence}, or it is not subscribed, or
     * {@code timeout} passed, then commits the allocation records batched so far. Returns whether it got there. Used
     * before a capture stops, so its tail is in the file.
     */
    public boolean awaitHandled(long sequence, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (handled < sequence && isActive()) {
            if (System.nanoTime() - deadline > 0) {
                flushRecords();
                return false;
            }
            LockSupport.parkNanos(200_000L);
        }
        flushRecords();
        return handled >= sequence;
    }

    /** The sequence number of the last event the bridge committed or passed over; 0 before the first. */
    public long handledSequence() {
        return handled;
    }

    /** Commits the batched allocation records, if any, as one {@code memscope.AllocationRecords} event. */
    public void flushRecords() {
        synchronized (batch) {
            if (batch.count() > 0) {
                AllocationRecordsJfrEvent jfr = new AllocationRecordsJfrEvent();
                jfr.core = coreId;
                batch.finish(jfr);
                jfr.commit();
            }
        }
    }

    private void record(MemoryEvent event) {
        synchronized (batch) {
            batch.append(event);
            if (batch.count() >= RECORDS_PER_BATCH || batch.bytes() >= BYTES_PER_BATCH) {
                flushRecords();
            }
        }
    }

    private void commit(MemoryEvent event) {
        try {
            commitNow(event);
        } finally {
            handled = event.sequence();
        }
    }

    private void commitNow(MemoryEvent event) {
        boolean carried = AllocationRecordCodec.carries(event);
        if (carried && recordsEnabled()) {
            record(event);
        }
        MemscopeJfrEvent jfr = toJfr(event);
        if (jfr.isEnabled()) {
            if (!carried) {
                flushRecords(); // never ahead of the records batched before it: a recording cut here loses a tail
            }
            EventHeader h = event.header();
            jfr.sequence = h.sequence();
            jfr.core = coreId;
            jfr.epochMillis = h.epochMillis();
            jfr.monotonicNanos = h.monotonicNanos();
            jfr.tag = h.tag();
            jfr.threadName = h.thread();
            jfr.commit();
        }
    }

    /** The JFR event of {@code event}, its payload filled in (the header is filled by the caller). */
    static MemscopeJfrEvent toJfr(MemoryEvent event) {
        if (event instanceof AllocationCreated e) {
            return allocation(new AllocationJfrEvent(), e.allocation());
        } else if (event instanceof AllocationFreed e) {
            FreeJfrEvent jfr = allocation(new FreeJfrEvent(), e.allocation());
            jfr.lifetime = e.lifetimeNanos();
            return jfr;
        } else if (event instanceof AllocationMoved e) {
            MoveJfrEvent jfr = allocation(new MoveJfrEvent(), e.allocation());
            AllocationInfo before = e.before();
            jfr.oldAllocatedSize = before.allocatedBytes();
            jfr.oldMemoryType = before.memoryTypeIndex();
            jfr.oldHeap = before.heapIndex();
            jfr.oldDeviceMemory = before.deviceMemory();
            jfr.oldOffset = before.offset();
            jfr.oldResource = before.resource();
            return jfr;
        } else if (event instanceof StatsSampled e) {
            StatsJfrEvent jfr = new StatsJfrEvent();
            if (jfr.isEnabled()) {
                jfr.totalBytes = e.stats().totalBytes();
                jfr.usedBytes = e.stats().usedBytes();
                jfr.allocationCount = e.stats().allocationCount();
                jfr.fragmentationRatio = e.stats().fragmentationRatio();
                jfr.stats = PayloadCodec.encode(e.stats());
            }
            return jfr;
        } else if (event instanceof BudgetSampled e) {
            BudgetJfrEvent jfr = new BudgetJfrEvent();
            if (jfr.isEnabled()) {
                jfr.budget = e.budget().budgetBytes();
                jfr.usage = e.budget().usageBytes();
                jfr.source = e.budget().source().name();
                jfr.heaps = PayloadCodec.encode(e.budget());
            }
            return jfr;
        } else if (event instanceof ThresholdCrossed e) {
            ThresholdJfrEvent jfr = new ThresholdJfrEvent();
            jfr.kind = e.kind().name();
            jfr.direction = e.direction().name();
            jfr.heapIndex = e.heapIndex();
            jfr.value = e.value();
            jfr.threshold = e.threshold();
            jfr.scope = e.scope();
            return jfr;
        } else if (event instanceof DefragmentationStarted e) {
            DefragmentationStartedJfrEvent jfr = new DefragmentationStartedJfrEvent();
            jfr.algorithm = e.algorithm();
            jfr.markedAllocations = e.markedAllocations();
            jfr.fragmentationBefore = e.fragmentationBefore();
            return jfr;
        } else if (event instanceof DefragmentationProgress e) {
            DefragmentationProgressJfrEvent jfr = new DefragmentationProgressJfrEvent();
            jfr.pass = e.pass();
            jfr.bytesMoved = e.bytesMoved();
            jfr.allocationsMoved = e.allocationsMoved();
            return jfr;
        } else if (event instanceof DefragmentationFinished e) {
            DefragmentationFinishedJfrEvent jfr = new DefragmentationFinishedJfrEvent();
            jfr.bytesMoved = e.result().bytesMoved();
            jfr.allocationsMoved = e.result().allocationsMoved();
            jfr.result = PayloadCodec.encode(e.result());
            return jfr;
        } else if (event instanceof SnapshotTaken e) {
            SnapshotJfrEvent jfr = new SnapshotJfrEvent();
            if (jfr.isEnabled()) {
                int count = e.snapshot().allocations().size();
                jfr.snapshotId = e.snapshot().id();
                jfr.snapshotDescription = e.snapshot().description();
                jfr.allocationCount = count;
                jfr.allocationsIncluded = count <= SNAPSHOT_ALLOCATIONS_INLINE;
                jfr.snapshot = PayloadCodec.encode(e.snapshot(), jfr.allocationsIncluded);
            }
            return jfr;
        } else if (event instanceof LeakReported e) {
            LeakJfrEvent jfr = new LeakJfrEvent();
            jfr.id = e.leak().id();
            jfr.kind = e.leak().kind().name();
            jfr.size = e.leak().sizeBytes();
            jfr.allocationName = e.leak().name();
            jfr.ageMillis = e.leak().ageMillis();
            return jfr;
        } else if (event instanceof EventsDropped e) {
            EventsDroppedJfrEvent jfr = new EventsDroppedJfrEvent();
            jfr.count = e.count();
            jfr.totalDropped = e.totalDropped();
            jfr.atIntake = e.atIntake();
            return jfr;
        }
        throw new IllegalArgumentException("no JFR event for " + event.getClass().getName());
    }

    private static <T extends AllocationFieldsJfrEvent> T allocation(T jfr, AllocationInfo a) {
        jfr.id = a.id();
        jfr.kind = a.kind().name();
        jfr.allocationName = a.name();
        jfr.size = a.sizeBytes();
        jfr.allocatedSize = a.allocatedBytes();
        jfr.memoryUsage = a.memoryUsage().name();
        jfr.memoryType = a.memoryTypeIndex();
        jfr.heap = a.heapIndex();
        jfr.deviceMemory = a.deviceMemory();
        jfr.offset = a.offset();
        jfr.resource = a.resource();
        jfr.createdEpochMillis = a.createdEpochMillis();
        return jfr;
    }

    /**
     * One subscription of the bridge; {@code finished} once its terminal handler has committed the last allocation
     * records (RxJava marks a subscription disposed before it runs that handler, so {@code isDisposed()} says too
     * early that the bridge is done).
     */
    private static final class Subscribed {
        volatile @Nullable Disposable disposable;
        volatile boolean finished;
    }
}
