package io.memscope.core.management;

/**
 * One {@code AllocatorCore}, as JMX sees it: registered on the platform MBean server when the core is created and
 * unregistered when it closes, under {@code io.memscope:type=MemoryMonitor,device="<device name>",core=<id>}
 * ({@link MemoryMonitorClient#objectName(String, int)}). Only JMX open types: JConsole, VisualVM and JMC can read
 * it, and {@link MemoryMonitorClient} turns the encoded attributes back into memscope's records.
 *
 * <p>Sizes are bytes, fractions are in {@code [0, 1]} (usage may pass 1), times are epoch milliseconds.
 *
 * <p><b>Threading and cost.</b> Thread-safe. Attributes marked O(n log n) compute statistics over the live
 * allocations and briefly hold allocation off; {@link #captureLiveState()} holds it off while it copies the ledger
 * (O(n)); {@link #defragment} holds it off for the whole run; {@link #getVmaStatsJson()} is slow. Everything else is
 * O(1) or O(heaps).
 */
public interface MemoryMonitorMXBean {
    /**
     * The system property a JVM sets (to the ObjectName pattern of these beans) once it registered one: a monitor
     * reads it through the Attach API before it starts the JVM's management agent, so JVMs that never used memscope
     * are left alone.
     */
    String MARKER_PROPERTY = "memscope.mxbeans";
    /** The monitor's name (the device name). */
    String getName();

    /** The Vulkan device's name. */
    String getDeviceName();

    /**
     * The core's id within this JVM (1, 2, ...): the {@code core} field of every memscope JFR event this core's bridge
     * commits, so a remote reader can keep one core's events.
     */
    int getCoreId();

    /** Whether the core has closed (the bean is unregistered right after). */
    boolean isClosed();

    /** Live allocations; O(1). */
    int getLiveAllocationCount();

    /** Events lost to the overflow policy so far (intake and every subscriber's buffer). */
    long getDroppedEventCount();

    /** Whether the JFR bridge subscribes now (a running recording enables a memscope event type). */
    boolean isJfrBridgeActive();

    /**
     * Waits (up to about 5 s) until the JFR bridge has committed every memory event recorded before the call, the
     * batched allocation records of a capture included, so that a recording stopped right after holds them all
     * ({@code memscope record} calls it before it stops a capture). Returns at once when no recording runs.
     */
    void commitFlightRecorderEvents();

    /** Bytes of all live allocations; O(n log n). */
    long getUsedBytes();

    /** Bytes of all {@code VkDeviceMemory} blocks; O(n log n). */
    long getTotalBytes();

    /** Device fragmentation ratio (Sawicki's metric, {@code [0, 1)}); O(n log n). */
    double getFragmentationRatio();

    /** Sum of every heap's budget; O(heaps). */
    long getBudgetBytes();

    /** Sum of every heap's usage; O(heaps). */
    long getUsageBytes();

    /** {@code EXT_MEMORY_BUDGET} or {@code VMA_ESTIMATE}. */
    String getBudgetSource();

    /** One line per heap: index, size, device-local, budget, usage. O(heaps). */
    String[] getHeapBudgets();

    /** {@code MemoryStats}, encoded (decode with {@link MemoryMonitorClient#getStats()}); O(n log n). */
    String getStatsEncoded();

    /** {@code MemoryBudget}, encoded; O(heaps). */
    String getMemoryBudgetEncoded();

    /** {@code DeviceMemoryLayout} (heaps and memory types), encoded. */
    String getMemoryLayoutEncoded();

    /**
     * The core's {@code VkDeviceMemory} blocks now ({@code List<MemoryBlock>}), encoded; decode with
     * {@link MemoryMonitorClient#getMemoryBlocks()}. O(blocks).
     */
    String getMemoryBlocksEncoded();

    /** Usage warning threshold (fraction). */
    double getUsageWarningThreshold();

    /** Usage-high threshold (fraction). */
    double getUsageHighThreshold();

    /** Fragmentation threshold (fraction). */
    double getFragmentationThreshold();

    /** Over-budget threshold (fraction, may pass 1). */
    double getOverBudgetThreshold();

    /** Hysteresis of every threshold (fraction). */
    double getThresholdHysteresis();

    /**
     * Replaces the thresholds at once (as {@code MonitorThresholds}); the next sample compares with them.
     *
     * @throws IllegalArgumentException if a value is out of its range
     */
    void setThresholds(double usageWarning, double usageHigh, double fragmentation, double overBudget,
                       double hysteresis);

    /**
     * Samples now, as the periodic sampler does (publishes {@code StatsSampled} and {@code BudgetSampled}, evaluates
     * the thresholds) and returns the {@code MemoryStats}, encoded; O(n log n).
     */
    String sampleNow();

    /** How long snapshots are kept, in milliseconds. */
    long getSnapshotRetentionMillis();

    /**
     * Takes a snapshot (publishes {@code SnapshotTaken}) and returns its id; O(n log n).
     *
     * @throws IllegalArgumentException if {@code description} is null, longer than 1 000 characters or not one line
     */
    long takeSnapshot(String description);

    /** The ids of the kept snapshots, oldest first. */
    long[] getSnapshotIds();

    /** One line per kept snapshot: id, time, description, allocations, used bytes. */
    String[] getSnapshotSummaries();

    /**
     * The kept snapshot {@code id}, encoded with its allocations (about 100 bytes per allocation).
     *
     * @throws IllegalArgumentException if no such snapshot is kept
     */
    String getSnapshotEncoded(long id);

    /**
     * Defragments every pool with {@code algorithm} ({@code FAST}, {@code BALANCED}, {@code FULL},
     * {@code EXTENSIVE}, in any case; another name is an {@code IllegalArgumentException} listing these) and the limits of {@code DefragmentationOptions} (0 = none); allocation waits meanwhile.
     *
     * @return the {@code DefragmentationResult}, encoded ({@link MemoryMonitorClient#defragment})
     */
    String defragment(String algorithm, long maxBytesPerPass, int maxAllocationsPerPass, int maxPasses);

    /** The readable multi-line report (totals, budget, heaps, memory types, tags). */
    String getDetailedReport();

    /** VMA's detailed JSON statistics ({@code vmaBuildStatsString}); slow. */
    String getVmaStatsJson();

    /**
     * Every live allocation together with the hub's sequence number {@code S} such that the state reflects exactly
     * the events numbered {@code <= S}: apply the events numbered above {@code S} to it to follow the core. Holds
     * allocation off while it waits (bounded, 5 s) for the hub to number what was recorded and copies the ledger;
     * O(n), columnar (about 70 bytes per allocation plus names).
     *
     * @throws IllegalStateException if the hub did not catch up in time
     */
    LiveState captureLiveState();
}
