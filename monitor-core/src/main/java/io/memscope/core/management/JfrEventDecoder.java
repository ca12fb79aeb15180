package io.memscope.core.management;

import io.memscope.core.AllocationKind;
import io.memscope.core.MemoryUsage;
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
import io.memscope.core.internal.jfr.AllocationRecordCodec;
import io.memscope.core.internal.jfr.AllocationRecordsJfrEvent;
import io.memscope.core.internal.jfr.CaptureRecorder;
import io.memscope.core.internal.jfr.DeviceLayoutJfrEvent;
import io.memscope.core.internal.jfr.JfrBridge;
import io.memscope.core.internal.jfr.LiveStateJfrEvent;
import io.memscope.core.internal.jfr.MemoryBlocksJfrEvent;
import io.memscope.core.internal.jfr.PayloadCodec;
import io.memscope.core.stats.BudgetSource;
import io.memscope.core.stats.DeviceMemoryLayout;
import io.memscope.core.stats.LeakReport;
import io.memscope.core.stats.MemoryBlock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jdk.jfr.Name;
import jdk.jfr.consumer.RecordedEvent;

/**
 * Rebuilds memscope's {@link MemoryEvent}s from the Flight Recorder events a core's JFR bridge committed: from a
 * {@code RecordingStream}, a {@code RemoteRecordingStream} (jdk.management.jfr) or a {@code RecordingFile}. Every
 * event type is covered; each decoded event equals the one the hub published (same sequence, header and payload),
 * except that a {@link SnapshotTaken} of more than 10 000 allocations arrives without them (fetch it with
 * {@link MemoryMonitorClient#getSnapshot(long)}, see {@link #snapshotAllocationsIncluded(RecordedEvent)}).
 *
 * <p>Needs only {@code jdk.jfr}; no JavaFX. Stateless and thread-safe. Cost: O(fields); samples, snapshots and
 * defragmentation results parse one encoded string.
 */
public final class JfrEventDecoder {
    /** The JFR category of every memscope event. */
    public static final String CATEGORY = "memscope";
    /** Part of the message of an event refused because Flight Recorder lost a string constant it refers to. */
    public static final String MISSING_CONSTANT = "a JDK Flight Recorder string-pool loss";

    private JfrEventDecoder() {
    }

    /** The names of memscope's JFR event types ({@code memscope.Allocation}, ...), in hierarchy order. */
    public static List<String> eventNames() {
        return JfrBridge.EVENT_CLASSES.stream()
                .map(c -> Objects.requireNonNull(c.getAnnotation(Name.class), c.getName()).value()).toList();
    }

    /** The name of the chunk-start device layout event of captures. */
    public static final String DEVICE_LAYOUT = DeviceLayoutJfrEvent.NAME;
    /** The name of the chunk-start live state event of captures (one event per part). */
    public static final String LIVE_STATE = LiveStateJfrEvent.NAME;

    /**
     * A core's device as a capture's {@code memscope.DeviceLayout} event tells it, and the process id of the JVM that
     * recorded it.
     */
    public record CoreLayout(int coreId, String deviceName, BudgetSource budgetSource, long heapSizeLimitBytes,
                             DeviceMemoryLayout layout, long pid) {
    }

    /**
     * One part of a core's full ledger from a capture's {@code memscope.LiveState} event: the whole state is the
     * {@code parts} parts with the same core and sequence, in part order, {@code allocationCount} allocations in all.
     */
    public record LiveStatePart(int coreId, long sequence, long capturedEpochMillis, long monotonicNanos,
                                int allocationCount, int part, int parts, List<AllocationInfo> allocations) {
        public LiveStatePart {
            allocations = List.copyOf(allocations);
        }
    }

    /**
     * The name of the batched allocation records of captures: allocations, frees and moves in memscope's compact
     * encoding, many per Flight Recorder event ({@link #decodeRecords(RecordedEvent)}).
     */
    public static final String ALLOCATION_RECORDS = AllocationRecordsJfrEvent.NAME;

    /**
     * The name of a core's block list in captures ({@link #decodeMemoryBlocks(RecordedEvent)}): written with each
     * chunk's state and whenever the blocks changed, at most once per sample.
     */
    public static final String MEMORY_BLOCKS = MemoryBlocksJfrEvent.NAME;

    /** The blocks a {@link #MEMORY_BLOCKS} event lists. */
    public static List<MemoryBlock> decodeMemoryBlocks(RecordedEvent event) {
        if (!event.getEventType().getName().equals(MEMORY_BLOCKS)) {
            throw new IllegalArgumentException("not a " + MEMORY_BLOCKS + " event: " + event.getEventType().getName());
        }
        String blocks = event.getString("blocks");
        if (blocks == null) {
            throw new IllegalArgumentException(MISSING_CONSTANT + " in " + MEMORY_BLOCKS);
        }
        return PayloadCodec.decodeBlocks(blocks);
    }

    /** Whether {@code event} carries one {@link MemoryEvent} ({@link #decode(RecordedEvent)} takes it). */
    public static boolean isMemscopeEvent(RecordedEvent event) {
        String name = event.getEventType().getName();
        return name.startsWith("memscope.") && !name.equals(DEVICE_LAYOUT) && !name.equals(LIVE_STATE)
                && !name.equals(ALLOCATION_RECORDS) && !name.equals(MEMORY_BLOCKS)
                && !name.equals(AllocationStacks.EVENT_NAME); // a call stack, read with AllocationStacks
    }

    /** Whether {@code event} is a batch of allocation records ({@link #decodeRecords(RecordedEvent)} takes it). */
    public static boolean isAllocationRecords(RecordedEvent event) {
        return event.getEventType().getName().equals(ALLOCATION_RECORDS);
    }

    /**
     * The allocations, frees and moves a {@code memscope.AllocationRecords} batch carries, in sequence order; each
     * equals the event the hub published. O(records).
     *
     * @throws IllegalArgumentException if it is not such a batch or its encoding is broken
     */
    public static List<MemoryEvent> decodeRecords(RecordedEvent event) {
        if (!isAllocationRecords(event)) {
            throw new IllegalArgumentException("not " + ALLOCATION_RECORDS + ": " + event.getEventType().getName());
        }
        return AllocationRecordCodec.decode(event.getString("records"), event.getInt("count"));
    }

    /**
     * The settings of a memscope capture recording: allocations, frees and moves as batched
     * {@code memscope.AllocationRecords}, every other memory event type as its own event, {@code memscope.DeviceLayout}
     * and {@code memscope.LiveState} at every chunk start ({@code period=beginChunk}), and {@code jdk.DataLoss}. Give
     * them to {@code new Recording(Map)} or {@code FlightRecorderMXBean.setRecordingSettings}.
     */
    public static Map<String, String> captureSettings() {
        return CaptureRecorder.settings();
    }

    /** The layout a {@code memscope.DeviceLayout} event carries. */
    public static CoreLayout decodeLayout(RecordedEvent event) {
        String deviceName = event.getString("deviceName");
        return new CoreLayout(event.getInt("core"), deviceName != null ? deviceName : "(device name not in this chunk)",
                BudgetSource.valueOf(event.getString("budgetSource")), event.getLong("heapSizeLimit"),
                PayloadCodec.decodeLayout(event.getString("layout")), event.getLong("pid"));
    }

    /** The state part a {@code memscope.LiveState} event carries. O(allocations in the part). */
    public static LiveStatePart decodeStatePart(RecordedEvent event) {
        return new LiveStatePart(event.getInt("core"), event.getLong("sequence"), event.getLong("capturedEpochMillis"),
                event.getLong("monotonicNanos"), event.getInt("allocationCount"), event.getInt("part"),
                event.getInt("parts"), PayloadCodec.decodeStatePart(event.getString("allocations")));
    }

    /** The id of the core that committed it ({@link MemoryMonitorMXBean#getCoreId()}). */
    public static int coreOf(RecordedEvent event) {
        return event.getInt("core");
    }

    /** The hub's sequence number of the memory event it carries. */
    public static long sequenceOf(RecordedEvent event) {
        return event.getLong("sequence");
    }

    /** Whether a {@code memscope.Snapshot} carries its allocations (false beyond 10 000 of them). */
    public static boolean snapshotAllocationsIncluded(RecordedEvent event) {
        return event.getBoolean("allocationsIncluded");
    }

    /**
     * The memory event {@code event} carries.
     *
     * @throws IllegalArgumentException if it is not a memscope event
     */
    public static MemoryEvent decode(RecordedEvent event) {
        EventHeader h = new EventHeader(event.getLong("sequence"), event.getLong("monotonicNanos"),
                event.getLong("epochMillis"), required(event, "tag"), required(event, "threadName"));
        String name = event.getEventType().getName();
        return switch (name) {
            case "memscope.Allocation" -> new AllocationCreated(h, allocation(event, h.tag()));
            case "memscope.Free" -> new AllocationFreed(h, allocation(event, h.tag()), event.getLong("lifetime"));
            case "memscope.Move" -> {
                AllocationInfo after = allocation(event, h.tag());
                AllocationInfo before = new AllocationInfo(after.id(), after.tag(), after.kind(), after.name(),
                        after.sizeBytes(), event.getLong("oldAllocatedSize"), after.memoryUsage(),
                        event.getInt("oldMemoryType"), event.getInt("oldHeap"), event.getLong("oldDeviceMemory"),
                        event.getLong("oldOffset"), event.getLong("oldResource"), after.createdEpochMillis());
                yield new AllocationMoved(h, before, after);
            }
            case "memscope.Stats" -> new StatsSampled(h, PayloadCodec.decodeStats(event.getString("stats")));
            case "memscope.Budget" -> new BudgetSampled(h, PayloadCodec.decodeBudget(event.getString("heaps")));
            case "memscope.Threshold" -> new ThresholdCrossed(h,
                    ThresholdCrossed.Kind.valueOf(required(event, "kind")),
                    ThresholdCrossed.Direction.valueOf(required(event, "direction")), event.getInt("heapIndex"),
                    event.getDouble("value"), event.getDouble("threshold"), required(event, "scope"));
            case "memscope.DefragmentationStarted" -> new DefragmentationStarted(h, required(event, "algorithm"),
                    event.getInt("markedAllocations"), event.getDouble("fragmentationBefore"));
            case "memscope.DefragmentationProgress" -> new DefragmentationProgress(h, event.getInt("pass"),
                    event.getLong("bytesMoved"), event.getInt("allocationsMoved"));
            case "memscope.DefragmentationFinished" -> new DefragmentationFinished(h,
                    PayloadCodec.decodeDefragmentationResult(event.getString("result")));
            case "memscope.Snapshot" -> new SnapshotTaken(h, PayloadCodec.decodeSnapshot(event.getString("snapshot")));
            case "memscope.Leak" -> new LeakReported(h, new LeakReport(event.getLong("id"), h.tag(),
                    AllocationKind.valueOf(required(event, "kind")), event.getLong("size"),
                    event.getString("allocationName"), event.getLong("ageMillis")));
            case "memscope.EventsDropped" -> new EventsDropped(h, event.getLong("count"),
                    event.getLong("totalDropped"), event.getBoolean("atIntake"));
            default -> throw new IllegalArgumentException("not a memscope event: " + name);
        };
    }

    /**
     * String field {@code field} of {@code event}, which memscope always writes. JDK Flight Recorder now and then loses
     * the constant of a pooled string (one of 16+ characters used before, e.g. "heap 0 (device-local)"): the field
     * then reads null, and the event is refused rather than rebuilt with a null the hub never published.
     */
    private static String required(RecordedEvent event, String field) {
        String value = event.getString(field);
        if (value == null) {
            throw new IllegalArgumentException(event.getEventType().getName() + " #" + event.getLong("sequence")
                    + " lacks its " + field + ": Flight Recorder lost that string's constant (" + MISSING_CONSTANT + ")");
        }
        return value;
    }

    private static AllocationInfo allocation(RecordedEvent e, String tag) {
        return new AllocationInfo(e.getLong("id"), tag, AllocationKind.valueOf(required(e, "kind")),
                e.getString("allocationName"), e.getLong("size"), e.getLong("allocatedSize"),
                MemoryUsage.valueOf(required(e, "memoryUsage")), e.getInt("memoryType"), e.getInt("heap"),
                e.getLong("deviceMemory"), e.getLong("offset"), e.getLong("resource"), e.getLong("createdEpochMillis"));
    }
}
