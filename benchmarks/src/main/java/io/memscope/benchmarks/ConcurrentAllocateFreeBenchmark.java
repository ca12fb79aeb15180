package io.memscope.benchmarks;

import io.memscope.core.MemoryAllocator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Allocate+free from several threads at once (run with {@code -t N}): every thread makes and frees batches of
 * the same buffers, through memscope (all threads share one core, whose lock serialises its VMA calls) or raw
 * on one shared {@link RawVmaAllocator} with VMA's internal mutexes. Score: buffers per microsecond over all
 * threads. It shows what memscope's single lock costs when threads contend, where the single-threaded
 * benchmarks cannot. Monitoring off.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class ConcurrentAllocateFreeBenchmark {
    static final int BATCH = 64;

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void rawVma(Shared shared, PerThread mine, Blackhole bh) {
        mine.batches.rawCreateThenDestroy(shared.raw.handle, BufferBatches.SAME_BUFFER_USAGE, bh);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void memscope(PerThread mine, Blackhole bh) {
        mine.batches.memscopeAllocateThenFree(mine.allocator, bh);
    }

    /** The device, memscope's core and the raw allocator, shared by all benchmark threads. */
    @State(Scope.Benchmark)
    public static class Shared {
        DeviceState device;
        RawVmaAllocator raw;

        @Setup(Level.Trial)
        public void setUp() {
            device = new DeviceState(DeviceState.monitoring("off"));
            raw = new RawVmaAllocator(device.context, RawVmaAllocator.Sync.INTERNAL);
        }

        /**
         * On the h100 machine's NVIDIA driver the fork sometimes crashes after its last iteration, with several
         * threads (SIGSEGV in a driver thread, {@code libEGL_nvidia.so}; raw runs as well as memscope's; never
         * with one thread, and always when the device is left to the process exit instead). The iterations' figures
         * are printed before that; {@code benchmarks/iteration-scores.py} reads them from the log.
         */
        @TearDown(Level.Trial)
        public void tearDown() {
            raw.close();
            device.close();
        }
    }

    /** One thread's facade and scratch arrays. */
    @State(Scope.Thread)
    public static class PerThread {
        MemoryAllocator allocator;
        final BufferBatches batches = new BufferBatches(BATCH);

        @Setup(Level.Trial)
        public void setUp(Shared shared) {
            allocator = shared.device.core.allocator("Benchmark-" + Thread.currentThread().getName());
        }
    }
}
