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
import io.memscope.core.internal.jfr.JfrBridge;
import io.memscope.core.internal.jfr.PayloadCodec;
import io.memscope.core.stats.LeakReport;
import java.util.List;
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

    private JfrEventDecoder() {
    }

    /** The names of memscope's JFR event types ({@code memscope.Allocation}, ...), in hierarchy order. */
    public static List<String> eventNames() {
        return JfrBridge.EVENT_CLASSES.stream()
                .map(c -> Objects.requireNonNull(c.getAnnotation(Name.class), c.getName()).value()).toList();
    }

    /** Whether {@code event} is one of memscope's. */
    public static boolean isMemscopeEvent(RecordedEvent event) {
        return event.getEventType().getName().startsWith("memscope.");
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
                event.getLong("epochMillis"), event.getString("tag"), event.getString("threadName"));
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
                    ThresholdCrossed.Kind.valueOf(event.getString("kind")),
                    ThresholdCrossed.Direction.valueOf(event.getString("direction")), event.getInt("heapIndex"),
                    event.getDouble("value"), event.getDouble("threshold"), event.getString("scope"));
            case "memscope.DefragmentationStarted" -> new DefragmentationStarted(h, event.getString("algorithm"),
                    event.getInt("markedAllocations"), event.getDouble("fragmentationBefore"));
            case "memscope.DefragmentationProgress" -> new DefragmentationProgress(h, event.getInt("pass"),
                    event.getLong("bytesMoved"), event.getInt("allocationsMoved"));
            case "memscope.DefragmentationFinished" -> new DefragmentationFinished(h,
                    PayloadCodec.decodeDefragmentationResult(event.getString("result")));
            case "memscope.Snapshot" -> new SnapshotTaken(h, PayloadCodec.decodeSnapshot(event.getString("snapshot")));
            case "memscope.Leak" -> new LeakReported(h, new LeakReport(event.getLong("id"), h.tag(),
                    AllocationKind.valueOf(event.getString("kind")), event.getLong("size"),
                    event.getString("allocationName"), event.getLong("ageMillis")));
            case "memscope.EventsDropped" -> new EventsDropped(h, event.getLong("count"),
                    event.getLong("totalDropped"), event.getBoolean("atIntake"));
            default -> throw new IllegalArgumentException("not a memscope event: " + name);
        };
    }

    private static AllocationInfo allocation(RecordedEvent e, String tag) {
        return new AllocationInfo(e.getLong("id"), tag, AllocationKind.valueOf(e.getString("kind")),
                e.getString("allocationName"), e.getLong("size"), e.getLong("allocatedSize"),
                MemoryUsage.valueOf(e.getString("memoryUsage")), e.getInt("memoryType"), e.getInt("heap"),
                e.getLong("deviceMemory"), e.getLong("offset"), e.getLong("resource"), e.getLong("createdEpochMillis"));
    }
}
