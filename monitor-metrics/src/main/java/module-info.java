/**
 * GPU memory as Micrometer meters: {@link io.memscope.metrics.GpuMemoryMetrics}, a {@code MeterBinder} over a
 * {@link io.memscope.core.MemoryMonitor}'s latest samples and its events, for Prometheus, OTLP or any other Micrometer
 * registry. No JavaFX, no registry implementation of its own: the application picks the registry.
 *
 * <p>Exported: {@code io.memscope.metrics} only.
 */
@SuppressWarnings("requires-automatic")
module io.memscope.metrics {
    requires transitive io.memscope.core;
    requires transitive micrometer.core;
    requires static org.jspecify;
    requires static com.google.errorprone.annotations;

    exports io.memscope.metrics;
}
