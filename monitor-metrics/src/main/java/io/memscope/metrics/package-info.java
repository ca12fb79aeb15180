/**
 * GPU memory as Micrometer meters. {@link io.memscope.metrics.GpuMemoryMetrics} binds a
 * {@link io.memscope.core.MemoryMonitor} to a {@code MeterRegistry}; {@link io.memscope.metrics.GpuMetricsOptions}
 * chooses the naming ({@link io.memscope.metrics.MetricNaming}), the tag cap and whether event counters run. The
 * meters, their labels and PromQL for them: {@code docs/metrics.md}.
 */
@NullMarked
package io.memscope.metrics;

import org.jspecify.annotations.NullMarked;
