package io.memscope.metrics;

/**
 * Settings of a {@link GpuMemoryMetrics}. Immutable; safe to share between threads.
 *
 * @param naming the meters' names ({@link MetricNaming#MEMSCOPE} by default)
 * @param maxTags how many allocator tags get series of their own (default {@value #DEFAULT_MAX_TAGS}, at least 0);
 *     tags seen after that many are summed into the label value {@value #OTHER_TAGS}, so a program that makes tags
 *     from data cannot grow the registry without bound. Tags keep their series once given one (first come, first
 *     served), even when they hold nothing any more.
 * @param eventCounters whether the counters run (default {@code true}): they subscribe to the monitor's events, which
 *     turns allocation event recording on in the monitored core (one queue offer per allocation, free and move; see
 *     docs/performance.md). Without them only the gauges run, which read the sampler's samples and cost allocation
 *     nothing. A core whose monitor records no allocation events ({@code MonitorOptions.disabled()}) leaves the
 *     allocation counters at zero.
 */
public record GpuMetricsOptions(MetricNaming naming, int maxTags, boolean eventCounters) {
    /** The default tag cap. */
    public static final int DEFAULT_MAX_TAGS = 32;

    /** The label value of the tags beyond {@link #maxTags()}. */
    public static final String OTHER_TAGS = "_other";

    /**
     * @throws IllegalArgumentException if {@code maxTags} is negative
     */
    public GpuMetricsOptions {
        java.util.Objects.requireNonNull(naming, "naming");
        if (maxTags < 0) {
            throw new IllegalArgumentException("maxTags must be at least 0, not " + maxTags);
        }
    }

    /** memscope's names, {@value #DEFAULT_MAX_TAGS} tags, counters on. */
    public static GpuMetricsOptions defaults() {
        return new GpuMetricsOptions(MetricNaming.MEMSCOPE, DEFAULT_MAX_TAGS, true);
    }

    public GpuMetricsOptions withNaming(MetricNaming value) {
        return new GpuMetricsOptions(value, maxTags, eventCounters);
    }

    public GpuMetricsOptions withMaxTags(int value) {
        return new GpuMetricsOptions(naming, value, eventCounters);
    }

    public GpuMetricsOptions withEventCounters(boolean value) {
        return new GpuMetricsOptions(naming, maxTags, value);
    }
}
