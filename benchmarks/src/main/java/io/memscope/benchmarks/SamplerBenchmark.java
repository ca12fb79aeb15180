package io.memscope.benchmarks;

import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

import io.memscope.core.BufferAllocation;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemoryUsage;
import io.memscope.core.MonitorOptions;
import io.memscope.core.stats.MemoryStats;
import io.reactivex.rxjava3.disposables.Disposable;
import java.time.Duration;
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
 * One sampler tick ({@code MemoryMonitor.sampleNow()}: statistics with fragmentation, budget, threshold
 * evaluation, three events published to a subscriber) at 1k / 10k / 100k live allocations, half of them
 * freed in random order first so the free ranges are realistic.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SamplerBenchmark {
    @Param({"1000", "10000", "100000"})
    public int liveAllocations;

    private DeviceState device;
    private Disposable subscription;
    private final List<BufferAllocation> live = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() {
        device = new DeviceState(MonitorOptions.defaults().withSampleInterval(Duration.ZERO));
        subscription = device.core.monitor().events().subscribe(event -> { });
        MemoryAllocator allocator = device.core.allocator("Sampled");
        Random random = new Random(7);
        for (int i = 0; i < liveAllocations * 2; i++) {
            live.add(allocator.allocateBuffer(256L << random.nextInt(6), VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                    MemoryUsage.GPU_ONLY));
        }
        java.util.Collections.shuffle(live, random);
        for (int i = 0; i < liveAllocations; i++) {
            live.remove(live.size() - 1).close();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        live.forEach(BufferAllocation::close);
        subscription.dispose();
        device.close();
    }

    @Benchmark
    public MemoryStats sampleNow() {
        return device.core.monitor().sampleNow();
    }
}
