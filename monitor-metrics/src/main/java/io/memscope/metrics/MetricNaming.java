package io.memscope.metrics;

/**
 * How {@link GpuMemoryMetrics} names its meters. Either way every meter has a base unit (bytes where it counts
 * bytes), so a Prometheus registry appends {@code _bytes} / {@code _total} as its conventions say.
 */
public enum MetricNaming {
    /**
     * memscope's names, modelled on Micrometer's {@code JvmMemoryMetrics}: {@code gpu.memory.used},
     * {@code gpu.memory.usage}, {@code gpu.memory.max}, ... with the device in the label {@code device}.
     */
    MEMSCOPE,
    /**
     * OpenTelemetry's hardware semantic conventions where they have a name: the driver-reported usage becomes
     * {@code hw.gpu.memory.usage}, the heap size {@code hw.gpu.memory.limit}, and {@code hw.gpu.memory.utilization}
     * (usage / limit, 0..1) is added; the device label is {@code hw.id} on every meter. Figures OpenTelemetry has no
     * name for keep memscope's ({@code gpu.memory.budget}, {@code gpu.memory.fragmentation}, ...). Meant for
     * micrometer-registry-otlp.
     */
    OPENTELEMETRY
}
