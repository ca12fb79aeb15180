package io.memscope.core;

import java.time.Duration;

/**
 * How an {@link AllocatorCore}'s {@link MemoryMonitor} records and publishes events.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param enabled whether allocation events are recorded at all; {@code false} makes the hot path skip them
 *     (streams then carry only samples, snapshots and reports)
 * @param overflowPolicy what happens when a subscriber falls behind
 * @param bufferCapacity events each subscriber's buffer holds, and the hub's intake queue (rounded up to a
 *     power of two); at least 16
 * @param sampleInterval how often the sampler samples statistics and budget while anyone subscribes
 *     (default 100 ms); {@link Duration#ZERO} turns the sampler off ({@link MemoryMonitor#sampleNow()} still works)
 * @param thresholds thresholds the sampler watches
 * @param snapshotRetention how long snapshots are kept (default 10 minutes, a common profiler default, or the
 *     system property {@value #SNAPSHOT_RETENTION_PROPERTY} as an ISO-8601 duration such as {@code PT2M}); memory
 *     is about 150 bytes per live allocation per snapshot kept
 */
public record MonitorOptions(boolean enabled, OverflowPolicy overflowPolicy, int bufferCapacity,
                             Duration sampleInterval, MonitorThresholds thresholds, Duration snapshotRetention) {
    /**
     * The system property that sets {@link #defaults()}' snapshot retention: an ISO-8601 duration such as
     * {@code PT2M}. Read each time {@code defaults()} is called.
     */
    public static final String SNAPSHOT_RETENTION_PROPERTY = "memscope.snapshotRetention";

    public MonitorOptions {
        if (bufferCapacity < 16) {
            throw new IllegalArgumentException("bufferCapacity must be >= 16, was " + bufferCapacity);
        }
        if (sampleInterval.isNegative() || snapshotRetention.isNegative() || snapshotRetention.isZero()) {
            throw new IllegalArgumentException("sampleInterval must be >= 0 and snapshotRetention > 0");
        }
    }

    /**
     * Enabled, {@link OverflowPolicy#DROP_OLDEST}, 65,536 events, 100 ms, default thresholds, snapshots kept 10 minutes
     * (or what {@value #SNAPSHOT_RETENTION_PROPERTY} says).
     *
     * @throws IllegalArgumentException if {@value #SNAPSHOT_RETENTION_PROPERTY} is set but not a positive ISO-8601
     *     duration
     */
    public static MonitorOptions defaults() {
        return new MonitorOptions(true, OverflowPolicy.DROP_OLDEST, 1 << 16, Duration.ofMillis(100),
                MonitorThresholds.defaults(), defaultSnapshotRetention());
    }

    private static Duration defaultSnapshotRetention() {
        String value = System.getProperty(SNAPSHOT_RETENTION_PROPERTY);
        if (value == null || value.isBlank()) {
            return Duration.ofMinutes(10);
        }
        try {
            Duration retention = Duration.parse(value.strip());
            if (retention.isNegative() || retention.isZero()) {
                throw new IllegalArgumentException("not positive");
            }
            return retention;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("system property " + SNAPSHOT_RETENTION_PROPERTY + "=" + value
                    + " is not a positive ISO-8601 duration such as PT2M", e);
        }
    }

    /** Allocation events off: the allocation hot path does no event work. */
    public static MonitorOptions disabled() {
        return defaults().withEnabled(false);
    }

    public MonitorOptions withEnabled(boolean value) {
        return new MonitorOptions(value, overflowPolicy, bufferCapacity, sampleInterval, thresholds, snapshotRetention);
    }

    public MonitorOptions withOverflowPolicy(OverflowPolicy value) {
        return new MonitorOptions(enabled, value, bufferCapacity, sampleInterval, thresholds, snapshotRetention);
    }

    public MonitorOptions withBufferCapacity(int value) {
        return new MonitorOptions(enabled, overflowPolicy, value, sampleInterval, thresholds, snapshotRetention);
    }

    public MonitorOptions withSampleInterval(Duration value) {
        return new MonitorOptions(enabled, overflowPolicy, bufferCapacity, value, thresholds, snapshotRetention);
    }

    public MonitorOptions withThresholds(MonitorThresholds value) {
        return new MonitorOptions(enabled, overflowPolicy, bufferCapacity, sampleInterval, value, snapshotRetention);
    }

    public MonitorOptions withSnapshotRetention(Duration value) {
        return new MonitorOptions(enabled, overflowPolicy, bufferCapacity, sampleInterval, thresholds, value);
    }
}
