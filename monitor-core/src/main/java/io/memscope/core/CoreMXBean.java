package io.memscope.core;

import io.memscope.core.internal.jfr.PayloadCodec;
import io.memscope.core.management.LiveState;
import io.memscope.core.management.MemoryMonitorClient;
import io.memscope.core.management.MemoryMonitorMXBean;
import io.memscope.core.stats.HeapBudget;
import io.memscope.core.stats.MemoryBudget;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MemoryMonitorMXBean} of one core: registered on the platform MBean server by the engine when the core is
 * created, unregistered when it closes. Delegates to the engine and its monitor. Thread-safe.
 */
final class CoreMXBean implements MemoryMonitorMXBean {
    /** The longest snapshot description accepted over JMX (characters). */
    private static final int MAX_DESCRIPTION = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(CoreMXBean.class);

    private final CoreEngine engine;
    private final InProcessMonitor monitor;
    private final ObjectName name;

    private CoreMXBean(CoreEngine engine, InProcessMonitor monitor) {
        this.engine = engine;
        this.monitor = monitor;
        this.name = MemoryMonitorClient.objectName(engine.context().getDeviceName(), engine.coreId());
    }

    /** Registers the bean of {@code engine}; logs and returns null if JMX refuses it (the core works on without). */
    static @Nullable CoreMXBean register(CoreEngine engine, InProcessMonitor monitor) {
        CoreMXBean bean = new CoreMXBean(engine, monitor);
        try {
            ManagementFactory.getPlatformMBeanServer().registerMBean(bean, bean.name);
            System.setProperty(MemoryMonitorMXBean.MARKER_PROPERTY, MemoryMonitorClient.pattern().toString());
            return bean;
        } catch (JMException | RuntimeException e) {
            LOG.warn("could not register memscope's MXBean {}: {}", bean.name, e.toString());
            return null;
        }
    }

    /** Unregisters the bean; idempotent. */
    void unregister() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (JMException | RuntimeException e) {
            LOG.warn("could not unregister memscope's MXBean {}: {}", name, e.toString());
        }
    }

    ObjectName objectName() {
        return name;
    }

    @Override
    public String getName() {
        return monitor.getName();
    }

    @Override
    public String getDeviceName() {
        return engine.context().getDeviceName();
    }

    @Override
    public int getCoreId() {
        return engine.coreId();
    }

    @Override
    public boolean isClosed() {
        return engine.isClosed();
    }

    @Override
    public int getLiveAllocationCount() {
        return engine.liveAllocationCount();
    }

    @Override
    public long getDroppedEventCount() {
        return monitor.droppedEventCount();
    }

    @Override
    public boolean isJfrBridgeActive() {
        return monitor.jfrBridge().isActive();
    }

    @Override
    public void commitFlightRecorderEvents() {
        engine.awaitJfrCommitted();
    }

    @Override
    public long getUsedBytes() {
        return engine.stats().usedBytes();
    }

    @Override
    public long getTotalBytes() {
        return engine.stats().totalBytes();
    }

    @Override
    public double getFragmentationRatio() {
        return engine.stats().fragmentationRatio();
    }

    @Override
    public long getBudgetBytes() {
        return engine.budget().budgetBytes();
    }

    @Override
    public long getUsageBytes() {
        return engine.budget().usageBytes();
    }

    @Override
    public String getBudgetSource() {
        return engine.budget().source().name();
    }

    @Override
    public String[] getHeapBudgets() {
        MemoryBudget budget = engine.budget();
        List<String> lines = new ArrayList<>();
        for (HeapBudget h : budget.heaps()) {
            lines.add("heap " + h.heapIndex() + (h.deviceLocal() ? " (device-local)" : "") + ": size " + h.heapSizeBytes()
                    + " B, budget " + h.budgetBytes() + " B, usage " + h.usageBytes() + " B, blocks " + h.blockBytes()
                    + " B, allocations " + h.allocationBytes() + " B");
        }
        return lines.toArray(String[]::new);
    }

    @Override
    public String getStatsEncoded() {
        return PayloadCodec.encode(engine.stats());
    }

    @Override
    public String getMemoryBudgetEncoded() {
        return PayloadCodec.encode(engine.budget());
    }

    @Override
    public String getMemoryLayoutEncoded() {
        return PayloadCodec.encode(engine.layout());
    }

    @Override
    public String getMemoryBlocksEncoded() {
        return PayloadCodec.encode(engine.memoryBlocks());
    }

    @Override
    public double getUsageWarningThreshold() {
        return monitor.getThresholds().usageWarning();
    }

    @Override
    public double getUsageHighThreshold() {
        return monitor.getThresholds().usageHigh();
    }

    @Override
    public double getFragmentationThreshold() {
        return monitor.getThresholds().fragmentation();
    }

    @Override
    public double getOverBudgetThreshold() {
        return monitor.getThresholds().overBudget();
    }

    @Override
    public double getThresholdHysteresis() {
        return monitor.getThresholds().hysteresis();
    }

    @Override
    public void setThresholds(double usageWarning, double usageHigh, double fragmentation, double overBudget,
                              double hysteresis) {
        monitor.setThresholds(new MonitorThresholds(usageWarning, usageHigh, fragmentation, overBudget, hysteresis));
    }

    @Override
    public String sampleNow() {
        return PayloadCodec.encode(monitor.sampleNow());
    }

    @Override
    public long getSnapshotRetentionMillis() {
        return monitor.getSnapshotRetention().toMillis();
    }

    @Override
    public long takeSnapshot(String description) {
        if (description == null || description.length() > MAX_DESCRIPTION || description.contains("\n")
                || description.contains("\r")) {
            throw new IllegalArgumentException("a snapshot description is one line of at most " + MAX_DESCRIPTION
                    + " characters, not " + (description == null ? "null" : description.length() + " characters"
                    + (description.length() <= MAX_DESCRIPTION ? " with a line break" : "")));
        }
        return monitor.takeSnapshot(description).id();
    }

    @Override
    public long[] getSnapshotIds() {
        return monitor.getSnapshots().stream().mapToLong(MemorySnapshot::id).toArray();
    }

    @Override
    public String[] getSnapshotSummaries() {
        return monitor.getSnapshots().stream()
                .map(s -> s.id() + " " + s.takenAt() + " \"" + s.description() + "\" " + s.allocations().size()
                        + " allocations, " + s.stats().usedBytes() + " B used")
                .toArray(String[]::new);
    }

    @Override
    public String getSnapshotEncoded(long id) {
        for (MemorySnapshot snapshot : monitor.getSnapshots()) {
            if (snapshot.id() == id) {
                return PayloadCodec.encode(snapshot, true);
            }
        }
        throw new IllegalArgumentException("no snapshot " + id + " is kept");
    }

    @Override
    public String defragment(String algorithm, long maxBytesPerPass, int maxAllocationsPerPass, int maxPasses) {
        DefragmentationOptions options = new DefragmentationOptions(algorithm(algorithm), maxBytesPerPass,
                maxAllocationsPerPass, maxPasses);
        return PayloadCodec.encode(monitor.defragment(options));
    }

    /** {@code name} as an algorithm, in any case; a clear error naming the choices otherwise. */
    private static DefragmentationAlgorithm algorithm(@Nullable String name) {
        for (DefragmentationAlgorithm algorithm : DefragmentationAlgorithm.values()) {
            if (algorithm.name().equalsIgnoreCase(String.valueOf(name).trim())) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("unknown defragmentation algorithm '" + name + "': one of "
                + Arrays.toString(DefragmentationAlgorithm.values()));
    }

    @Override
    public String getDetailedReport() {
        return monitor.getDetailedReport();
    }

    @Override
    public String getVmaStatsJson() {
        return monitor.getVmaStatsJson();
    }

    @Override
    public LiveState captureLiveState() {
        CoreEngine.SequencedState state = engine.captureSequencedState();
        return LiveState.of(state.sequence(), System.currentTimeMillis(), state.allocations());
    }
}
