package io.memscope.benchmarks;

import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

import io.memscope.core.AllocatorCore;
import io.memscope.core.AllocatorOptions;
import io.memscope.core.BufferAllocation;
import io.memscope.core.DefragmentationAlgorithm;
import io.memscope.core.DefragmentationOptions;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemoryUsage;
import io.memscope.core.MonitorOptions;
import io.memscope.core.VulkanContext;
import io.memscope.core.stats.DefragmentationResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Defragmentation of a fragmented heap: {@value #BUFFERS} GPU_ONLY buffers of 16–256 KiB in 8 MiB blocks,
 * every other one freed, then one call ({@code full}: run to the end) or one bounded step ({@code step}: one
 * pass of at most 4 MiB / 16 allocations). Each invocation gets a freshly fragmented heap (set up outside the
 * measurement). Besides the time, JMH reports (summed over an iteration's invocations) the bytes moved
 * ({@code bytesMoved}), the fragmentation before and after ({@code fragmentation*Permille}), next to that of the same live set allocated
 * fresh into an empty heap ({@code packedPermille}): how close the algorithm comes to a packed heap.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DefragmentationBenchmark {
    static final int BUFFERS = 512;

    @Param({"FAST", "BALANCED", "FULL", "EXTENSIVE"})
    public DefragmentationAlgorithm algorithm;

    private VulkanContext context;
    private AllocatorCore core;
    private final List<BufferAllocation> live = new ArrayList<>();
    private long[] liveSizes;
    private double packed;

    @Setup(Level.Trial)
    public void openDevice() {
        context = VulkanContext.create();
    }

    @Setup(Level.Invocation)
    public void fragment() {
        core = AllocatorCore.create(context, AllocatorOptions.defaults().withPreferredLargeHeapBlockSize(8 << 20)
                .withMonitor(MonitorOptions.disabled().withSampleInterval(Duration.ZERO)));
        MemoryAllocator allocator = core.allocator("Fragmented");
        Random random = new Random(42);
        List<BufferAllocation> all = new ArrayList<>();
        for (int i = 0; i < BUFFERS; i++) {
            all.add(allocator.allocateBuffer((16L << 10) << random.nextInt(5), VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                    MemoryUsage.GPU_ONLY));
        }
        live.clear();
        for (int i = 0; i < all.size(); i++) {
            if (i % 2 == 0) {
                all.get(i).close();
            } else {
                live.add(all.get(i));
            }
        }
        liveSizes = live.stream().mapToLong(BufferAllocation::getSize).toArray();
        packed = packedFragmentation();
    }

    @TearDown(Level.Invocation)
    public void closeCore() {
        live.forEach(BufferAllocation::close);
        core.close();
    }

    @TearDown(Level.Trial)
    public void closeDevice() {
        context.close();
    }

    @Benchmark
    public DefragmentationResult full(Moved moved) {
        return record(core.defragment(DefragmentationOptions.of(algorithm)), moved);
    }

    @Benchmark
    public DefragmentationResult step(Moved moved) {
        return record(core.defragment(DefragmentationOptions.step(algorithm, 4L << 20, 16)), moved);
    }

    private DefragmentationResult record(DefragmentationResult result, Moved moved) {
        moved.bytesMoved += result.bytesMoved();
        moved.fragmentationBeforePermille += Math.round(result.fragmentationBefore() * 1000);
        moved.fragmentationAfterPermille += Math.round(result.fragmentationAfter() * 1000);
        moved.packedPermille += Math.round(packed * 1000);
        return result;
    }

    /** The same sizes allocated in order into a fresh core: the fragmentation of a packed heap. */
    private double packedFragmentation() {
        try (AllocatorCore fresh = AllocatorCore.create(context, AllocatorOptions.defaults()
                .withPreferredLargeHeapBlockSize(8 << 20).withMonitor(MonitorOptions.disabled()
                        .withSampleInterval(Duration.ZERO)))) {
            MemoryAllocator allocator = fresh.allocator("Packed");
            List<BufferAllocation> packed = new ArrayList<>();
            for (long size : liveSizes) {
                packed.add(allocator.allocateBuffer(size, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY));
            }
            double fragmentation = fresh.getStats().fragmentationRatio();
            packed.forEach(BufferAllocation::close);
            return fragmentation;
        }
    }

    /** Per-invocation figures, summed by JMH over the iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Moved {
        public long bytesMoved;
        public long fragmentationBeforePermille;
        public long fragmentationAfterPermille;
        public long packedPermille;
    }
}
