package io.memscope.benchmarks;

import io.memscope.core.MemoryAllocator;
import io.memscope.core.MonitorOptions;
import io.memscope.metrics.GpuMemoryMetrics;
import io.memscope.metrics.GpuMetricsOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Allocate-then-free of {@value AllocateFreeBenchmark#BATCH} buffers (the sizes of {@link AllocateFreeBenchmark}) with
 * the metrics binder: {@code none} = not bound (default monitor, nobody subscribed); {@code gauges} = bound without
 * counters (the sampler runs every 100 ms; allocation events stay off); {@code counters} = bound with its counters
 * (allocation events on, one subscriber counting them, DROP_OLDEST). Score: time per buffer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MetricsAllocateFreeBenchmark {
    @Param({"none", "gauges", "counters"})
    public String metrics;

    private DeviceState device;
    private MemoryAllocator allocator;
    private final BufferBatches batches = new BufferBatches(AllocateFreeBenchmark.BATCH);
    private @Nullable PrometheusMeterRegistry registry;
    private @Nullable GpuMemoryMetrics binder;

    @Setup(Level.Trial)
    public void setUp() {
        device = new DeviceState(MonitorOptions.defaults());
        allocator = device.core.allocator("Benchmark");
        if (!metrics.equals("none")) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            binder = new GpuMemoryMetrics(device.core.monitor(),
                    GpuMetricsOptions.defaults().withEventCounters(metrics.equals("counters")));
            binder.bindTo(registry);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (binder != null) {
            binder.close();
        }
        device.close();
    }

    @Benchmark
    @OperationsPerInvocation(AllocateFreeBenchmark.BATCH)
    public void allocateThenFree(Blackhole bh) {
        batches.memscopeAllocateThenFree(allocator, bh);
    }
}
