package io.memscope.core.management;

import io.memscope.core.DefragmentationOptions;
import io.memscope.core.MemorySnapshot;
import io.memscope.core.MonitorThresholds;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.internal.jfr.PayloadCodec;
import io.memscope.core.stats.DefragmentationResult;
import io.memscope.core.stats.DeviceMemoryLayout;
import io.memscope.core.stats.MemoryBlock;
import io.memscope.core.stats.MemoryBudget;
import io.memscope.core.stats.MemoryStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The client side of a core's {@link MemoryMonitorMXBean}: finds the beans on an {@link MBeanServerConnection} (local
 * or remote) and turns their values back into memscope's records, so a remote monitor needs no knowledge of the
 * encodings.
 *
 * <p>Thread-safe (the JMX proxy is). Every method is one JMX call; costs are the bean's (see
 * {@link MemoryMonitorMXBean}) plus the transfer. Connection failures surface as {@link UncheckedIOException} or
 * JMX's {@code UndeclaredThrowableException}.
 */
public final class MemoryMonitorClient {
    /** The JMX domain of memscope's beans. */
    public static final String DOMAIN = "io.memscope";

    private final ObjectName name;
    private final MemoryMonitorMXBean bean;

    private MemoryMonitorClient(MBeanServerConnection connection, ObjectName name) {
        this.name = name;
        this.bean = JMX.newMXBeanProxy(connection, name, MemoryMonitorMXBean.class);
    }

    /** A client of the bean {@code name} on {@code connection}; makes no call yet. */
    public static MemoryMonitorClient of(MBeanServerConnection connection, ObjectName name) {
        return new MemoryMonitorClient(connection, name);
    }

    /** {@code io.memscope:type=MemoryMonitor,device="<deviceName>",core=<coreId>}. */
    public static ObjectName objectName(String deviceName, int coreId) {
        return parse(DOMAIN + ":type=MemoryMonitor,device=" + ObjectName.quote(deviceName) + ",core=" + coreId);
    }

    /** The pattern matching every memscope core's bean. */
    public static ObjectName pattern() {
        return parse(DOMAIN + ":type=MemoryMonitor,*");
    }

    /** The names of every memscope core's bean on {@code connection}, by core id. */
    public static List<ObjectName> find(MBeanServerConnection connection) {
        try {
            Set<ObjectName> names = connection.queryNames(pattern(), null);
            List<ObjectName> sorted = new ArrayList<>(names);
            sorted.sort((a, b) -> Integer.compare(coreId(a), coreId(b)));
            return sorted;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int coreId(ObjectName name) {
        String core = name.getKeyProperty("core");
        return core == null ? Integer.MAX_VALUE : Integer.parseInt(core);
    }

    private static ObjectName parse(String text) {
        try {
            return new ObjectName(text);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** The bean's name. */
    public ObjectName objectName() {
        return name;
    }

    /** The raw proxy, for the plain attributes. */
    public MemoryMonitorMXBean bean() {
        return bean;
    }

    /** {@link MemoryMonitorMXBean#captureLiveState()}, decoded. */
    public SequencedState captureState() {
        LiveState state = bean.captureLiveState();
        return new SequencedState(state.getSequence(), state.toAllocations());
    }

    public MemoryStats getStats() {
        return PayloadCodec.decodeStats(bean.getStatsEncoded());
    }

    /** Samples now in the target (publishing samples there, evaluating its thresholds); its statistics. */
    public MemoryStats sampleNow() {
        return PayloadCodec.decodeStats(bean.sampleNow());
    }

    /** How long the target keeps snapshots. */
    public Duration getSnapshotRetention() {
        return Duration.ofMillis(bean.getSnapshotRetentionMillis());
    }

    public MemoryBudget getMemoryBudget() {
        return PayloadCodec.decodeBudget(bean.getMemoryBudgetEncoded());
    }

    public DeviceMemoryLayout getMemoryLayout() {
        return PayloadCodec.decodeLayout(bean.getMemoryLayoutEncoded());
    }

    /** The target core's {@code VkDeviceMemory} blocks now. One remote call, O(blocks). */
    public List<MemoryBlock> getMemoryBlocks() {
        return PayloadCodec.decodeBlocks(bean.getMemoryBlocksEncoded());
    }

    public MonitorThresholds getThresholds() {
        return new MonitorThresholds(bean.getUsageWarningThreshold(), bean.getUsageHighThreshold(),
                bean.getFragmentationThreshold(), bean.getOverBudgetThreshold(), bean.getThresholdHysteresis());
    }

    public void setThresholds(MonitorThresholds t) {
        bean.setThresholds(t.usageWarning(), t.usageHigh(), t.fragmentation(), t.overBudget(), t.hysteresis());
    }

    /** Takes a snapshot on the target and fetches it (with its allocations). */
    public MemorySnapshot takeSnapshot(String description) {
        return getSnapshot(bean.takeSnapshot(description));
    }

    /** The kept snapshot {@code id}, with its allocations. */
    public MemorySnapshot getSnapshot(long id) {
        return PayloadCodec.decodeSnapshot(bean.getSnapshotEncoded(id));
    }

    /** Every kept snapshot, oldest first (one call per snapshot). */
    public List<MemorySnapshot> getSnapshots() {
        List<MemorySnapshot> snapshots = new ArrayList<>();
        for (long id : bean.getSnapshotIds()) {
            try {
                snapshots.add(getSnapshot(id));
            } catch (IllegalArgumentException expired) {
                // expired between the two calls
            }
        }
        return snapshots;
    }

    public DefragmentationResult defragment(DefragmentationOptions o) {
        return PayloadCodec.decodeDefragmentationResult(bean.defragment(o.algorithm().name(), o.maxBytesPerPass(),
                o.maxAllocationsPerPass(), o.maxPasses()));
    }

    /** The live allocations of a core and the hub's sequence number they reflect exactly (events {@code <= sequence}). */
    public record SequencedState(long sequence, List<AllocationInfo> allocations) {
        public SequencedState {
            allocations = List.copyOf(allocations);
        }
    }
}
