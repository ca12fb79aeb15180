package io.memscope.benchmarks;

import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

import io.memscope.core.BufferAllocation;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MonitorOptions;
import io.reactivex.rxjava3.disposables.Disposable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
 * Allocate-then-free of {@value #BATCH} GPU_ONLY storage buffers whose sizes come from one fixed sequence
 * (64 B to 256 KiB): raw {@code vmaCreateBuffer}/{@code vmaDestroyBuffer} against
 * {@link MemoryAllocator#allocateBuffer} and {@link BufferAllocation#close()} on the same device; the raw calls use
 * a {@link RawVmaAllocator} with VMA's own (internal) synchronisation, memscope its externally synchronised one.
 * Both pass the same create infos (VMA_MEMORY_USAGE_AUTO_PREFER_DEVICE) and ask for the allocation info.
 * Score: time per buffer (allocate + free).
 *
 * <p>{@code monitoring}: {@code off} = allocation events disabled ({@link MonitorOptions#disabled()});
 * {@code idle} = enabled, nobody subscribed; {@code subscribed} = enabled, lossless, one subscriber that
 * receives every event (two per buffer) on its own thread. The raw baseline ignores it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AllocateFreeBenchmark {
    static final int BATCH = 64;

    private DeviceState device;
    private MemoryAllocator allocator;
    private RawVmaAllocator raw;
    private long vma;
    private final BufferBatches batches = new BufferBatches(BATCH);
    private final LongAdder received = new LongAdder();
    private @Nullable Disposable subscription;
    /** Whether this trial allocated through memscope (the raw baselines do not, so they produce no events). */
    private boolean allocatedThroughMemscope;

    @Param({"off", "idle", "subscribed"})
    public String monitoring;

    @Setup(Level.Trial)
    public void setUp() {
        device = new DeviceState(DeviceState.monitoring(monitoring));
        if (monitoring.equals("subscribed")) {
            subscription = device.core.monitor().events().subscribe(event -> received.increment());
        }
        allocator = device.core.allocator("Benchmark");
        raw = new RawVmaAllocator(device.context, RawVmaAllocator.Sync.INTERNAL);
        vma = raw.handle;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        raw.close();
        device.close();
        if (subscription != null && allocatedThroughMemscope && received.sum() == 0) {
            throw new IllegalStateException("the subscriber received no events");
        }
    }

    /** The buffer the caller asked for: STORAGE usage only. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void rawVma(Blackhole bh) {
        createAndDestroyRaw(VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, bh);
    }

    /**
     * The very buffer memscope creates: STORAGE plus the TRANSFER_SRC|TRANSFER_DST usage memscope adds to every
     * buffer so defragmentation can copy it. The "same work" baseline for {@link #memscope}.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void rawVmaSameBuffer(Blackhole bh) {
        createAndDestroyRaw(BufferBatches.SAME_BUFFER_USAGE, bh);
    }

    private void createAndDestroyRaw(int usage, Blackhole bh) {
        batches.rawCreateThenDestroy(vma, usage, bh);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void memscope(Blackhole bh) {
        batches.memscopeAllocateThenFree(allocator, bh);
        allocatedThroughMemscope = true;
    }
}
