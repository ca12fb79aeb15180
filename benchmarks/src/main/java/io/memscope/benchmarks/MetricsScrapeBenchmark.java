package io.memscope.benchmarks;

import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

import io.memscope.core.BufferAllocation;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemoryUsage;
import io.memscope.core.MonitorOptions;
import io.memscope.metrics.GpuMemoryMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a Prometheus scrape costs with {@link GpuMemoryMetrics} bound, at 1k and 100k live allocations in 1 or 8 tags
 * that all allocated since binding: the whole text scrape of a {@link PrometheusMeterRegistry} (nothing else registered;
 * on one heap the binder has 7 heap gauges, 5 heap counters, 3 device counters and per tag 2 gauges and 2 counters: 19
 * series with 1 tag, 47 with 8) and the binder's gauges read alone. The sampler runs at its default 100 ms, as in a real run; the gauges read its latest
 * sample, so the figures should not grow with the allocations.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MetricsScrapeBenchmark {
    @Param({"1000", "100000"})
    public int liveAllocations;

    /** Allocator tags, each of which allocated since binding (so each has its 2 gauges and 2 counters). */
    @Param({"1", "8"})
    public int tagCount;

    private DeviceState device;
    private PrometheusMeterRegistry registry;
    private GpuMemoryMetrics metrics;
    private final List<BufferAllocation> live = new ArrayList<>();
    private final List<Gauge> gauges = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() {
        device = new DeviceState(MonitorOptions.defaults());
        Random random = new Random(7);
        List<MemoryAllocator> tags = new ArrayList<>();
        for (int i = 0; i < tagCount; i++) {
            tags.add(device.core.allocator("Tag" + i));
        }
        for (int i = 0; i < liveAllocations; i++) {
            live.add(tags.get(i % tags.size()).allocateBuffer(256L + random.nextInt(4096),
                    VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY));
        }
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics = new GpuMemoryMetrics(device.core.monitor());
        metrics.bindTo(registry);
        // one allocation and free per tag after binding, so every counter series exists, as in a real run
        for (MemoryAllocator tag : tags) {
            tag.allocateBuffer(256, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY).close();
        }
        device.core.monitor().sampleNow();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (registry.find("gpu.memory.tag.allocation.creates").counters().size() < tags.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the counters did not appear");
            }
            Thread.onSpinWait();
        }
        for (Meter meter : registry.getMeters()) {
            if (meter instanceof Gauge gauge) {
                gauges.add(gauge);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        metrics.close();
        registry.close();
        live.forEach(BufferAllocation::close);
        device.close();
    }

    /** The scrape Prometheus gets: every meter of the registry in the text format. */
    @Benchmark
    public String scrape() {
        return registry.scrape();
    }

    /** The binder's part of it: every gauge's value. */
    @Benchmark
    public double readGauges() {
        double sum = 0;
        for (Gauge gauge : gauges) {
            sum += gauge.value();
        }
        return sum;
    }
}
